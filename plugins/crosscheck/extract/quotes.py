"""Source text -> direct quotes with their speakers, and who each sentence is attributed to.

A speaker is a person or an organization that speaks or writes: never a place, and never someone
merely named inside the quoted words. The text is read in order, keeping the current speaker (the
last one it credited words to): "he", "she" and the reporter's epithets ("the expert") stand for
the current speaker; an office ("the council secretary", "the President of X") for the person the
text names in it. A quote may run over several paragraphs, or be led by a dash with its speaker
inside ("– …, X said on Monday. – …"); a quote paragraph right after another keeps its speaker.
Where nothing says who speaks, the speaker is left empty: a wrong name is worse than none.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from lemminflect import getAllInflections, getLemma

from ..ingest.clean import words
from ..model import Mention
from ..segment import split_sentences
from ..words import word_list
from .prefilter import gated

CLOSING = {"“": "”", "„": "“", "«": "»", '"': '"'}
DASHES = "–—"
MIN_QUOTE_WORDS = 4  # shorter quoted phrases are scare quotes or titles


def _reporting_verbs() -> dict[str, str]:
    """Every form of the verbs in data/reporting_verbs.txt -> its lemma."""
    forms = {}
    for entry in word_list("reporting_verbs"):
        verb, _, rest = entry.partition(" ")
        inflected = {verb, *(form for tag in ("VBZ", "VBD", "VBN") for form in getAllInflections(verb, upos="VERB").get(tag, ()))}
        forms.update({f"{form} {rest}".strip(): verb for form in inflected})
    return forms


_VERB_LEMMA = _reporting_verbs()
REPORTING_VERBS = "|".join(re.escape(form) for form in sorted(_VERB_LEMMA, key=lambda form: (-len(form), form)))
# Verbs that report only with "that" or a quote after them: "X called him", "X asked for help" report nothing.
_NEED_THAT = frozenset({"ask", "call", "mention", "agree", "recall", "reply", "respond", "comment", "observe", "report",
                        "tell", "write", "assess", "reveal", "disclose", "testify", "announce", "note", "remark"})
EPITHETS = word_list("speaker_epithets")
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "it"})  # an organization's; a person's "they" is left alone

_AFTER = re.compile(
    rf"^\s*[,.:;!?]?\s*[-–—]?\s*(?:(?P<verb1>{REPORTING_VERBS})\s+(?:in\s+)?(?P<who1>[^,;:]{{2,80}}?)(?=[,;:]|\.\s|\.$|$)"
    rf"|(?P<who2>[^,.;:\"“”]{{2,60}}?)\s+(?:{REPORTING_VERBS})\b)",
    re.IGNORECASE,
)
_BEFORE = gated(re.compile(
    rf"(?:according\s+to\s+(?P<who1>[^,.;:]{{2,80}}?)|(?P<who2>[^,.;:\"“”]{{2,80}}?)\s+(?:{REPORTING_VERBS})(?:\s+[\w’'-]+){{0,4}}?)\s*[,:]?\s*$",
    re.IGNORECASE,
))
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_VERB = gated(re.compile(rf"\b(?P<verb>{REPORTING_VERBS})\b", re.IGNORECASE))  # most sentences report nothing
# What makes a verb report: "that", or a colon or quote, after at most six words ("X said during the talks that").
_INTRODUCES = re.compile(r"(?:\s+[\w’'-]+){0,6}?\s+that\b|\s*[:“\"]")
_ENDS_SENTENCE = re.compile(r"(?:\s+[\w’'-]+){0,6}\s*[.!?]?[”\"]?\s*$")
_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+[-–—]\s+")
_TRAILING_NON_SUBJECT = re.compile(
    r"(?:\s+(?:has|have|had|is|was|were|are|been|would|will|could|may|might|also|then|later|again|once|further|"
    r"continues\s+to|continued\s+to|continue\s+to|went\s+on\s+to|\w+ly))+$", re.IGNORECASE)
_NO_SUBJECT_END = frozenset({"a", "an", "the", "in", "of", "to", "for", "on", "at", "by", "with", "from", "his", "its",
                             "their", "our", "my", "your", "this", "that", "no"})
_CONJUNCTIONS = frozenset({"and", "but", "or", "then", "and then", "but also", "while"})
_DETERMINERS = re.compile(r"^(?:(?:the|a|an|our|its|their|this|that|both|all|some|many)\s+)+", re.IGNORECASE)
_OF = re.compile(r"\s+(?:of|to|for|at|from|in|with|on)\s+", re.IGNORECASE)
_NOT_SPEAKERS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "there", "which", "who"}

Span = tuple[int, int]
Found = tuple[str, Span | None]  # the speaker's name and the span of its mention, or ("", None)


@dataclass(frozen=True)
class Quote:
    start: int  # offsets into Source.text, inside the quotation marks (after the dash of a dash-led quote)
    end: int
    text: str
    speaker: str = ""  # surface name of the speaker, as written or as resolved
    speaker_mention: tuple[int, int] | None = None  # (start, end) of the speaker's mention
    credited: str = ""  # whom the text credits the words to when it names no one ("the officer"), as written


@dataclass(frozen=True)
class Speakers:
    quotes: tuple[Quote, ...]
    sentences: tuple[Found, ...]  # who each sentence is attributed to, outside its quoted words


@dataclass(frozen=True)
class _Holder:
    """A person named with an office or an epithet: "X, secretary of the Y", "Military expert X"."""

    mention: Mention
    words: frozenset[str]  # the words around the name, lower case
    initials: frozenset[str]  # initials of their capitalised runs ("NSC")


@dataclass(frozen=True)
class _Text:
    text: str
    mentions: tuple[Mention, ...]
    kinds: Mapping[str, str]  # a name -> its kind by the votes of its mentions in this text
    holders: tuple[_Holder, ...]
    quoted: tuple[Span, ...]

    def kind(self, mention: Mention) -> str:
        return self.kinds.get(mention.name, mention.kind)

    def within(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end and self.kind(m) != "place"]

    def is_quoted(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.quoted)


@dataclass(frozen=True)
class _State:
    current: Mention | None = None  # the last speaker the text credited words to
    named_since: Mention | None = None  # the last person named outside anyone's words since then


@dataclass(frozen=True)
class _Raw:
    """A quote before its speaker is known; a dash-led quote carries the speaker phrase found inside it."""

    start: int
    end: int
    who: tuple[str, int] | None = None
    dashed: bool = False


def read_speakers(text: str, mentions: Sequence[Mention] = (), sentences: Sequence[Span] | None = None) -> Speakers:
    """The quotes of a text with their speakers, and who each sentence (by default, as split here) is attributed to."""
    spans = list(sentences) if sentences is not None else split_sentences(text)
    raws = [raw for raw in _raw_quotes(text) if len(words(text[raw.start:raw.end])) >= MIN_QUOTE_WORDS]
    context = _context(text, mentions, tuple((raw.start, raw.end) for raw in raws))
    state, quotes, attributed, taken = _State(), [], [], 0
    for start, end in [*spans, (len(text), len(text))]:
        while taken < len(raws) and raws[taken].end <= end:
            found, state, credited = _quote_speaker(raws[taken], quotes[-1] if quotes else None, context, state)
            raw = raws[taken]
            quotes.append(Quote(raw.start, raw.end, text[raw.start:raw.end], found[0], found[1] if found[0] else None,
                                credited))
            taken += 1
        if end > start:
            found, state = _sentence_speaker(start, end, context, state)
            attributed.append(found)
    return Speakers(tuple(quotes), tuple(attributed[: len(spans)]))


def find_quotes(text: str, mentions: Sequence[Mention] = ()) -> tuple[Quote, ...]:
    """Direct quotes in a source text, with speakers where the text names them."""
    return read_speakers(text, mentions).quotes


def attribution(sentence: str, sentence_start: int, mentions: Sequence[Mention]) -> Found:
    """Who a sentence read alone attributes its statement to: "according to X", "X assessed that"."""
    padded = " " * sentence_start + sentence  # offsets stay those of the source the mentions point into
    context = _context(padded, [m for m in mentions if m.end <= len(padded)], ())
    return _sentence_speaker(sentence_start, len(padded), context, _State())[0]


_REPORTED_THAT = re.compile(r"(?:\s+[\w’'-]+){0,6}?\s+that\b[\s,]*")


def reported_span(sentence: str) -> Span | None:
    """Where the words a sentence credits to its speaker lie in it, without quotation marks: the clause after a
    reporting verb and "that" ("X continues to assess that <...>"), the clause "according to X" leads
    ("According to X, <...>") or closes ("<...>, according to X."). None when the sentence says neither."""
    for verb in _VERB.finditer(sentence):
        that = _REPORTED_THAT.match(sentence, verb.end())
        if that and sentence[that.end():].strip(" .!?\"”"):
            return that.end(), len(sentence.rstrip())
    according = _ACCORDING_TO.search(sentence)
    if according:
        before = sentence[: according.start()].rstrip(" ,;:—–-")
        after = _CLAUSE_BREAK.search(sentence, according.end())
        after_words = sentence[after.end():].strip(" .!?") if after else ""
        # it leads the statement ("In addition, according to X, <...>") or closes it ("<...>, according to X."):
        # the statement is the longer side
        if len(after_words) > len(before.strip()):
            return after.end(), len(sentence.rstrip())
        if before.strip():
            return len(sentence) - len(sentence.lstrip()), len(before)
    return None


# ---- quotes ---------------------------------------------------------------------------------------------------------

def _raw_quotes(text: str) -> list[_Raw]:
    raws = [_Raw(start, end) for start, end in _quoted_spans(text)]
    for raw in _dash_led(text):
        if not any(other.start < raw.end and raw.start < other.end for other in raws):
            raws.append(raw)
    return sorted(raws, key=lambda raw: raw.start)


def _quoted_spans(text: str) -> list[Span]:
    """Spans between matching quotation marks; a paragraph that opens a quote
    and does not close it continues into the next paragraph that opens one."""
    spans = []
    position = 0
    while True:
        match = re.search(r"[“„«\"]", text[position:])
        if not match:
            return spans
        open_at = position + match.start()
        mark = text[open_at]
        if mark == '"' and open_at > 0 and text[open_at - 1].isalnum():
            position = open_at + 1  # a closing straight quote without an opener
            continue
        close_mark = CLOSING[mark]
        close_at = _closing(text, open_at + 1, close_mark, mark)
        if close_at is None:
            position = open_at + 1
            continue
        spans.append((open_at + 1, close_at))
        position = close_at + 1


def _closing(text: str, start: int, close_mark: str, open_mark: str) -> int | None:
    position = start
    while True:
        index = text.find(close_mark, position)
        paragraph_end = text.find("\n\n", position)
        if paragraph_end != -1 and (index == -1 or paragraph_end < index):
            # Unclosed at the paragraph's end: continues if the next paragraph reopens.
            following = text[paragraph_end + 2 : paragraph_end + 3]
            if following and following in (open_mark, "“", '"'):
                position = paragraph_end + 3
                continue
            return None
        if index == -1:
            return None
        if close_mark == '"' and _opens(text, index):
            # A quote inside the quote ("what he called "a red line" was crossed"): skip over it.
            nested_end = text.find('"', index + 1)
            if nested_end == -1 or text.find("\n\n", index, nested_end) != -1:
                return None
            position = nested_end + 1
            continue
        return index


def _opens(text: str, index: int) -> bool:
    """A straight quote mark that opens: space before it, a word right after it."""
    return index + 1 < len(text) and text[index + 1].isalnum() and index > 0 and text[index - 1] in " (\n"


_DASH_LED = re.compile(rf"(?:^|\n)[ \t]*[{DASHES}][ \t]+(?=\S)")
_DASH_RESUMES = re.compile(rf"\s+[{DASHES}]\s+")


def _dash_led(text: str) -> list[_Raw]:
    """Paragraphs of direct speech led by a dash, as some languages print it: "– …, X said on Monday. – …".

    A dash-led paragraph is speech only when it names its speaker after a comma or follows one that did:
    a list led by dashes names no one."""
    raws: list[_Raw] = []
    for match in _DASH_LED.finditer(text):
        start = match.end()
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        paragraph = text[start:end].rstrip().rstrip("”\"").rstrip()
        end = start + len(paragraph)
        who = _dash_speaker(paragraph, start)
        if who is None:
            if raws and raws[-1].dashed and not text[raws[-1].end:start].strip(f"”\" \t\n{DASHES}"):
                raws.append(_Raw(start, end, None, True))
            continue
        (phrase, phrase_at), said_end = who
        raws.append(_Raw(start, text.rfind(",", start, phrase_at), (phrase, phrase_at), True))
        resumed = _DASH_RESUMES.match(text, said_end)
        if resumed and resumed.end() < end:
            raws.append(_Raw(resumed.end(), end, (phrase, phrase_at), True))
    return raws


def _dash_speaker(paragraph: str, offset: int) -> tuple[tuple[str, int], int] | None:
    """The speaker phrase of a dash-led paragraph (", X, secretary of Y, said on Monday.") and where its sentence ends."""
    for verb in _VERB.finditer(paragraph):
        sentence_end = re.compile(r"[.!?]").search(paragraph, verb.end())
        if sentence_end is None or (paragraph[sentence_end.end():].strip() and not _DASH_RESUMES.match(paragraph, sentence_end.end())):
            continue
        subject = _subject(paragraph[: verb.start()], offset)
        if subject and paragraph[: subject[1] - offset].rstrip().endswith(","):
            return subject, offset + sentence_end.end()
    return None


def _quote_speaker(raw: _Raw, previous: Quote | None, context: _Text, state: _State) -> tuple[Found, _State, str]:
    """The quote's speaker, the state after it, and the phrase it is credited to when that names no one."""
    text = context.text
    phrases = [raw.who] if raw.who else _quote_phrases(text, raw)
    for who, offset in phrases:
        found = _resolve(who, offset, context, state)
        if found[0]:
            return found, _credited(state, found, context), ""
    if phrases:  # someone the text does not name ("a witness said"): no one carries on
        return ("", None), _State(), phrases[0][0]
    if previous and previous.speaker and _next_paragraph(text, previous.end, raw.start):
        return (previous.speaker, previous.speaker_mention), state, ""
    return ("", None), state, ""


def _quote_phrases(text: str, raw: _Raw) -> list[tuple[str, int]]:
    """Speaker phrases right after the quote ('…," said X') and right before it ('X said: "…').

    Each is the text between the quote and its reporting verb, or after it."""
    phrases = []
    after_text = text[raw.end + 1 : raw.end + 160].split("\n\n")[0]
    match = _AFTER.match(after_text)
    if match:
        group = "who1" if match["who1"] else "who2"
        phrases.append((match[group].strip(), raw.end + 1 + match.start(group)))
    paragraph_start = text.rfind("\n\n", 0, raw.start) + 2 if text.rfind("\n\n", 0, raw.start) != -1 else 0
    before_text = text[max(paragraph_start, raw.start - 200) : raw.start - 1]
    match = _BEFORE.search(before_text)
    if match:
        group = "who1" if match["who1"] else "who2"
        phrases.append((match[group].strip(), raw.start - 1 - len(before_text) + match.start(group)))
    return phrases


def _next_paragraph(text: str, previous_end: int, start: int) -> bool:
    """The quote opens the paragraph right after the one where the previous quote ended."""
    between = text[previous_end:start]
    return between.count("\n\n") == 1 and not between.split("\n\n")[1].strip(f"“„«\"{DASHES} \t")


# ---- sentences ------------------------------------------------------------------------------------------------------

def _sentence_speaker(start: int, end: int, context: _Text, state: _State) -> tuple[Found, _State]:
    """Who the words of a sentence outside its quotes are credited to; else the persons it names move the story on."""
    unquoted = context.text[start:end]
    for quote_start, quote_end in context.quoted:
        if quote_start < end and start < quote_end:
            left, right = max(quote_start, start) - start, min(quote_end, end) - start
            unquoted = unquoted[:left] + " " * (right - left) + unquoted[right:]
    unnamed = ""
    for who, offset in _sentence_phrases(unquoted, start):
        found = _resolve(who, offset, context, state)
        if found[0]:
            return found, _credited(state, found, context)
        if not unnamed and _names_someone(who, offset, context):
            unnamed = _DETERMINERS.sub("", who.strip())
    if unnamed:
        # credited to someone the text does not name ("the ratings agency said"): attributed, to no entity,
        # and no one carries on speaking
        return (unnamed if len(words(unnamed)) <= 6 else "", None), _State()
    persons = [m for m in context.within(start, end) if context.kind(m) == "person" and not context.is_quoted(m.start)]
    return ("", None), (replace(state, named_since=persons[-1]) if persons else state)


def _sentence_phrases(sentence: str, offset: int) -> list[tuple[str, int]]:
    """Speaker phrases of a sentence, most telling first: "according to X", then the subject of a reporting verb."""
    phrases = []
    for match in _ACCORDING_TO.finditer(sentence):
        chunks = _CLAUSE_BREAK.split(sentence[match.end():], maxsplit=2)
        at = offset + match.end()
        phrases.append((chunks[0].strip(), at))
        if len(chunks) > 2 and chunks[1].strip() and re.search(r"[A-Z][\w’'-]+$", chunks[1].strip()):
            # "according to the politician, former ambassador X, …": a name closes the second part
            second_at = sentence.find(chunks[1], match.end() + len(chunks[0]))
            phrases.append((chunks[1].strip(), offset + second_at))
    for verb in _VERB.finditer(sentence):
        # "that" or a quote after the verb, or nothing much: "…, the agency wrote in its latest report."
        introduces = _INTRODUCES.match(sentence, verb.end()) or (
            _ENDS_SENTENCE.match(sentence, verb.end()) and sentence[: verb.start()].rstrip().rfind(",") != -1)
        if not introduces and _VERB_LEMMA.get(verb["verb"].lower(), "") in _NEED_THAT:
            continue
        subject = _subject(sentence[: verb.start()], offset)
        if subject is None and re.match(r"\s*(?:he|she)\b", sentence, re.IGNORECASE) and _elided(sentence[: verb.start()]):
            subject = (sentence.split()[0], offset + len(sentence) - len(sentence.lstrip()))
        if subject and (introduces or _subject_named(subject[0])):
            phrases.append(subject)
    return phrases


def _subject(before: str, offset: int) -> tuple[str, int] | None:
    """The subject of a verb: the words since the last clause break before it, or the appositive "X, role," before it."""
    chunks = [(match.start(), match.end()) for match in _CLAUSE_BREAK.finditer(before)]
    bounds = [0, *[end for _, end in chunks]]
    last_start = bounds[-1]
    last = _TRAILING_NON_SUBJECT.sub("", before[last_start:].rstrip()).strip()
    if not last and len(bounds) >= 2:
        # "X, secretary of the council, said": the name and its role are the two parts before
        first = bounds[-3] if len(bounds) >= 3 else bounds[-2]
        phrase = before[first : chunks[-1][0]].strip()
        return (phrase, offset + first + len(before[first:]) - len(before[first:].lstrip())) if phrase else None
    if not last or last.lower() in _CONJUNCTIONS or len(last.split()) > 16 or last.split()[-1].lower() in _NO_SUBJECT_END:
        return None  # "in a comment to": the verb's form is a noun here
    return last, offset + last_start + len(before[last_start:]) - len(before[last_start:].lstrip())


def _elided(before: str) -> bool:
    """'He defended his plans, …, and said': the verb's subject is the sentence's."""
    tail = _CLAUSE_BREAK.split(before)[-1].strip().lower()
    return tail in _CONJUNCTIONS


def _subject_named(who: str) -> bool:
    """Without "that" after it, a verb reports only when its subject is a name or a pronoun ("Papandreou said he …")."""
    return who.lower() in PERSON_PRONOUNS | GROUP_PRONOUNS or bool(re.match(r"[A-Z]", _DETERMINERS.sub("", who)))


# ---- who a phrase names ---------------------------------------------------------------------------------------------

def _resolve(who: str, offset: int, context: _Text, state: _State) -> Found:
    """A speaker phrase -> the person or organization it names or stands for, or ("", None)."""
    bare = _DETERMINERS.sub("", who.strip()).strip(" ,")
    lower = bare.lower()
    if not bare:
        return "", None
    if lower in PERSON_PRONOUNS:
        return _found(_the_person_meant(state, context))
    if lower in GROUP_PRONOUNS:
        current = state.current
        return _found(current if current and context.kind(current) == "organization" else None)
    inside = [m for m in context.within(offset, offset + len(who) + 1) if not context.is_quoted(m.start)]
    persons = {m.name: m for m in inside if context.kind(m) == "person"}
    if len(persons) == 1:
        return _found(next(iter(persons.values())))
    if len(persons) > 1:
        return "", None  # several people ("both leaders"): no one speaker
    # one capitalised word is a name the name finder missed ("King said"), not an office
    head, plural = _head(bare, inside) if not re.fullmatch(r"[A-Z][\w’'-]+", bare) else ("", False)
    organizations = {m.name: m for m in inside if context.kind(m) == "organization"}
    if head and not plural:
        holder = _holder(head, _modifiers(bare, head), offset, context)
        if holder:
            return _found(holder)
        current = state.current
        if current and context.kind(current) == "organization" and not organizations and (
                head in EPITHETS or head in current.name.lower().split()):
            return _found(current)  # "the think tank", "the institute": the organization speaking
        if head in EPITHETS and not organizations:
            return _found(_the_person_meant(state, context))
        if organizations:
            return "", None  # "the council's secretary" is not the council
    if len(organizations) > 1:  # "the Institute for X (IFX)": the acronym is the same organization
        spelled = {name: m for name, m in organizations.items() if not name.isupper()}
        organizations = spelled if len(spelled) == 1 else organizations
    if len(organizations) == 1:
        return _found(next(iter(organizations.values())))
    # a name of no settled kind counts when it ends the phrase, as a subject does ("because X stated")
    unknown = [m for m in inside if context.kind(m) == "unknown" and m.end == offset + len(who.rstrip())]
    if unknown:
        return _found(_full_name(unknown[0], context))
    if re.fullmatch(r"[A-Z][\w’'-]+", bare):
        # a surname alone that the name finder left out ("King said"): the person named with it before
        earlier = [m for m in context.mentions if m.end <= offset and context.kind(m) == "person" and m.name.split()[-1] == bare]
        return _found(earlier[-1] if earlier else None)
    return "", None


def _found(mention: Mention | None) -> Found:
    return (mention.name, (mention.start, mention.end)) if mention else ("", None)


def _the_person_meant(state: _State, context: _Text) -> Mention | None:
    """Whom "he" or "the expert" stands for: the current speaker; with none yet, the last person named;
    none when someone else was named since the current speaker spoke (two candidates: no guess)."""
    current, since = state.current, state.named_since
    if current is None:
        return _full_name(since, context) if since else None
    if since is not None and since.name.split()[-1] != current.name.split()[-1]:
        return None
    return _full_name(current, context) if context.kind(current) == "person" else None


def _credited(state: _State, found: Found, context: _Text) -> _State:
    """The state after words were credited to ``found``: it is the current speaker, no one named since."""
    mention = next((m for m in context.mentions if (m.start, m.end) == found[1]), None)
    return _State(mention, None) if mention else state


def _names_someone(who: str, offset: int, context: _Text) -> bool:
    """A speaker phrase that names a speaker the text does not resolve ("a senior official", "Police"): someone else speaks."""
    bare = _DETERMINERS.sub("", who.strip()).lower()
    return bool(bare) and bare not in _NOT_SPEAKERS and len(bare.split()) <= 8 and (
        bool(context.within(offset, offset + len(who) + 1)) or bool(re.match(r"[a-z-]+$", bare.split()[-1])))


def _head(phrase: str, inside: Sequence[Mention]) -> tuple[str, bool]:
    """The noun a description turns on, lower case and singular, and whether it was plural:
    "the President of France" -> president, "the council secretary" -> secretary, "institute analysts" -> analyst, plural."""
    before_of = _OF.split(phrase, maxsplit=1)[0]
    last = before_of.split()[-1].strip(".,’'") if before_of.split() else ""
    if not last or not last.isalpha() or any(last in m.text.split() for m in inside):
        return "", False
    if len(before_of.split()) >= 2 and " ".join(before_of.lower().split()[-2:]) in EPITHETS:
        return " ".join(before_of.lower().split()[-2:]), False
    lemma = getLemma(last.lower(), upos="NOUN")[0]
    return lemma, lemma != last.lower()


def _modifiers(phrase: str, head: str) -> frozenset[str]:
    """The capitalised words of a description besides its head: what tells one holder of an office from another."""
    tokens = re.findall(r"[\w’'-]+", phrase)
    return frozenset(token for index, token in enumerate(tokens)
                     if token[0].isupper() and token.lower() != head and not (index == 0 and token.lower() in ("the", "a", "an")))


def _holder(head: str, modifiers: frozenset[str], offset: int, context: _Text) -> Mention | None:
    """The person named earlier with this office or epithet (the nearest); else the one person named with it later."""
    matching = [holder for holder in context.holders if _holds(holder, head, modifiers)]
    earlier = [holder.mention for holder in matching if holder.mention.end <= offset]
    if earlier:
        return earlier[-1]
    later = {holder.mention.name.split()[-1]: holder.mention for holder in matching}
    return next(iter(later.values())) if len(later) == 1 else None


def _holds(holder: _Holder, head: str, modifiers: frozenset[str]) -> bool:
    if head not in holder.words:
        return False
    covered = [modifier for modifier in modifiers
               if modifier.lower() in holder.words or modifier in holder.initials
               or (len(modifier) >= 5 and any(word[:5] == modifier.lower()[:5] for word in holder.words))]
    return 2 * len(covered) >= len(modifiers)


def _full_name(mention: Mention, context: _Text) -> Mention:
    """A surname alone -> the person named in full with it before, if any."""
    earlier = [m for m in context.mentions if m.end <= mention.start and context.kind(m) == "person" and len(m.name.split()) > 1
               and m.name.split()[-1] == mention.name]
    return earlier[-1] if earlier else mention


# ---- what the resolver knows of a text ------------------------------------------------------------------------------

_ROLE_AFTER = re.compile(r"\s*,\s*(?P<role>[^,.;:()\n\d][^,.;:()\n]{2,100}?)\s*(?=[,.;:)\n]|$)")


def _context(text: str, mentions: Sequence[Mention], quoted: tuple[Span, ...]) -> _Text:
    ordered = tuple(sorted(mentions, key=lambda m: m.start))
    kinds = _kinds(ordered)
    holders = []
    for mention in ordered:
        if kinds.get(mention.name, mention.kind) != "person":
            continue
        role = _role_words(text, mention, ordered)
        if role:
            holders.append(_Holder(mention, frozenset(_lemmas(role)), _initials(role)))
    return _Text(text, ordered, kinds, tuple(holders), quoted)


def _kinds(mentions: Sequence[Mention]) -> dict[str, str]:
    """Each name's kind by the votes of its mentions; a surname takes the kind of the full name it ends."""
    votes: dict[str, Counter] = {}
    for m in mentions:
        if m.kind != "unknown":
            votes.setdefault(m.name, Counter())[m.kind] += 1
    kinds = {}
    for name, counter in votes.items():
        (top, count), *rest = counter.most_common()
        kinds[name] = top if not rest or rest[0][1] < count else "unknown"
    for name, kind in list(kinds.items()):
        if kind == "person" and len(name.split()) > 1:
            kinds.setdefault(name.split()[-1], "person")
            if kinds[name.split()[-1]] == "unknown":
                kinds[name.split()[-1]] = "person"
    return kinds


def _role_words(text: str, mention: Mention, mentions: Sequence[Mention]) -> str:
    """The words that say what a person is: before the name in its clause ("Military expert X", "the commander of
    Y, Lieutenant General X") and after it ("X, secretary of the council,"), never across another person's name."""
    line_start = max(text.rfind("\n", 0, mention.start), *(m.end for m in mentions if m.end <= mention.start and m is not mention
                                                             and m.kind == "person"), 0)
    before = re.split(r"[.!?;:]\s", text[line_start : mention.start])[-1]
    before = " ".join(_CLAUSE_BREAK.split(before)[-2:]) if before.rstrip().endswith(",") or len(before.split()) <= 3 else \
        _CLAUSE_BREAK.split(before)[-1]
    after = _ROLE_AFTER.match(text, mention.end)
    role_after = after["role"] if after and not _VERB.search(after["role"]) and not re.match(r"(?:who|which|that|and|but)\b",
                                                                                           after["role"]) else ""
    # not across a clause that says something ("X said that the secretary Y"): only the words that name Y
    before = re.split(rf"\b(?:that|who|which|whom|{REPORTING_VERBS})\b", before, flags=re.IGNORECASE)[-1]
    return " ".join(before.split()[-10:]) + " " + role_after


def _lemmas(phrase: str) -> list[str]:
    tokens = [token.lower() for token in re.findall(r"[\w’'-]+", phrase)]
    return tokens + [_noun_lemma(token) for token in tokens] + [" ".join(pair) for pair in pairwise(tokens)]


@functools.lru_cache(maxsize=1 << 14)
def _noun_lemma(token: str) -> str:
    return getLemma(token, upos="NOUN")[0]


def _initials(phrase: str) -> frozenset[str]:
    """Initials of each run of capitalised words ("National Safety Council" -> NSC)."""
    found = set()
    for run in re.findall(r"[A-Z][\w’'-]*(?:\s+(?:and|of|for|the|on)?\s*[A-Z][\w’'-]*)*", phrase):
        found.add("".join(word[0] for word in run.split() if word[0].isupper()))
    return frozenset(found)
