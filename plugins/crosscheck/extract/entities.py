"""Names of people, organizations and places: found in one text, then clustered across sources.

``find_mentions`` reads capital letters, not a gazetteer: a mention is a
maximal run of capitalised words, with "of", "for", "the" and "and" let in
only where an organization word ("Institute", "Ministry") or a title opens
the door.  Titles ("Lieutenant General", "Minister of Defense") are cut off a
person's name, sentence-initial function words and shouted words are
dropped, and the kind is guessed from the words in and around the name.

``resolve_entities`` clusters the mentions of a whole corpus.  Names are
compared through a transliteration key (Hrytsenko/Hrytsenka,
Serhiy/Sergei, Sobolevsky/Sobolevskyi) and rapidfuzz similarity; a surname
alone joins the one person of that surname, and an acronym joins the one
organization whose initials it spells.  Editors' entity files win over
what was found.  See docs/decisions-entities.md for the measurements.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

import numpy
from rapidfuzz import fuzz, process

from ..ingest.dates import MONTHS, WEEKDAYS
from ..ingest.header import read_header
from ..ingest.source import slugify
from ..model import Entity, Mention, Problem
from ..sanitize import left_out_problem
from ..words import word_list
from .quotes import REPORTING_VERBS

logger = logging.getLogger(__name__)

KINDS = ("person", "organization", "place")
ENTITY_KEYS = ("title", "aliases", "kind", "slug")

# rapidfuzz ratio between transliteration keys, measured in docs/decisions-entities.md.
# Spelling variants of a surname that the key does not make equal score 87-91
# (Gorbachev/Gorbachov, Daskalas/Daskala); different surnames score up to 86
# (Novak/Novakovic, Petrov/Petrovic) and 92 for feminine forms (Ivanov/Ivanova),
# which a rule of its own keeps apart.
SURNAME_SIMILARITY = 87
# Given names: Oleksandr/Alexander 84, Dmytro/Dmitry 83; Marko/Mirko and Milena/Mila 80.
GIVEN_NAME_SIMILARITY = 82
# Given names whose consonants agree need less: Muhammad/Mohammed 71, Iosif/Joseph 75.
GIVEN_NAME_SKELETON_SIMILARITY = 70


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that stand before a person's name and are not part of it.
TITLE_WORDS = _words("""
    president presidents vice prime minister ministers premier chancellor secretary general lieutenant
    colonel major captain admiral marshal commander commanders chief head director ambassador envoy
    spokesman spokeswoman spokesperson adviser advisor chairman chairwoman chairperson governor mayor
    senator congressman congresswoman deputy mp mr mrs ms miss dr prof professor sir dame lord lady king
    queen prince princess pope cardinal bishop archbishop patriarch rabbi imam sheikh emir sultan tsar
    emperor judge leader expert analyst economist politician columnist journalist correspondent reporter
    editor founder ceo officer official sergeant gen lt col maj capt sgt rep sen gov speaker attorney
    prosecutor colleague boss manager lawmaker diplomat negotiator inspector commissioner detective
    dictator counterpart researcher scientist fellow lawyer activist blogger presenter owner councillor
    councilor councilmember councilman councilwoman alderman trustee supervisor clerk treasurer auditor sheriff
    constable coroner magistrate registrar forecaster meteorologist engineer doctor nurse teacher witness
    resident farmer student
""")
# Words that make a name an organization.
ORG_WORDS = _words("""
    institute institution ministry ministries department agency agencies service services council
    committee commission office bureau directorate administration authority union association federation
    organization organisation foundation fund bank company corporation corp inc ltd llc plc group holding
    holdings party front movement alliance coalition league forces force army navy guard command staff
    headquarters police gendarmerie university college academy school centre center court tribunal
    parliament senate congress assembly duma rada cabinet government church club society network news
    media press times post journal gazette herald tribune courier telegraph chronicle review magazine
    radio television broadcasting channel exchange capital partners ventures industries airlines airways
    railways hospital museum embassy consulate mission brigade battalion regiment division corps fleet
    team board secretariat observatory laboratory programme program trust watch international
    cooperative syndicate guild survey
""")
# Words that make a name a place.
PLACE_WORDS = _words("""
    republic kingdom states emirates islands island isle city county province region oblast krai district
    river lake sea ocean gulf bay mountains mountain mount valley street avenue road boulevard square
    bridge airport port harbour harbor peninsula strait canal desert forest park coast village town cape
    heights hills plain basin delta dam reservoir station highway lane plaza ridge creek forks falls springs hill
    point beach grove woods glen meadow meadows crossing junction pass canyon gorge cliffs shore marsh isles
    archipelago peak summit plateau steppe fjord reef cove estuary lagoon pier quay wharf gardens stadium arena
    palace castle cathedral tower hall
""")
# What a minister is minister of: these words sit between a title and a name.
PORTFOLIO_WORDS = _words("""
    defense defence foreign affairs interior internal home finance finances economy economic economics
    justice health education energy trade industry agriculture transport transportation labour labor
    culture environment security state treasury communications communication development emergencies
    emergency infrastructure science sport sports tourism information digital social policy integration
    veterans commerce intelligence public national regional war armed
""")
# Capitalised at the start of a sentence because they start it, not because they are names.
STARTERS = _words("""
    a an the this that these those there here it its he she they we you i his her their our your my me
    him them us who whom whose what which when where why how whether if unless because since as though
    although while whereas after before during until till upon on in at by for from with without within
    into onto of off over under above below between among amongst against about across along around
    behind beyond near through throughout toward towards via per despite unlike like and but or nor so
    yet also still even just only then than now today tonight yesterday tomorrow meanwhile however
    moreover furthermore therefore thus hence indeed instead otherwise besides nevertheless nonetheless
    accordingly consequently additionally finally firstly secondly thirdly lastly first second third
    fourth fifth next last later earlier already again perhaps maybe certainly surely clearly obviously
    apparently probably possibly actually really currently recently previously initially eventually
    ultimately overall generally usually often sometimes never always once twice some many most much more
    less least several few all any each every both either neither no not none nobody nothing everyone
    everybody everything someone somebody something anyone anything other others another such one two
    three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand million billion
    dozens hundreds thousands millions let please yes ok okay oh well according read see share subscribe
    follow watch listen photo photos video videos comments comment related advertisement updated posted
    editing reporting source sources note update breaking exclusive opinion analysis live is are was were
    be been being has have had do does did don't will would shall should can could may might must
    interestingly importantly unfortunately fortunately notably specifically particularly especially
    why what's that's it's there's here's let's
""")
# Name particles that stay lowercase inside a name: "Charles de Gaulle", "Ludwig van Beethoven".
PARTICLES = _words("de da di del della der den van von la le du dos das bin ibn al el ter ten zu")
# All-caps words that are not names of anything.
NOT_ACRONYMS = _words("""
    am pm tv ok ceo cfo coo cto gdp gnp vat usd eur gbp uah rub chf jpy cny id pr hr it ai pc km mw gw kw
    hq rip faq diy sms dna hiv ufo atm vip bc ad npp covid lng ev ii iii iv vi vii viii ix xi xii xx xxi
    na tba tbc aka etc ie eg vs gmt utc est edt cet cest eet bst pst pdt msk
""")
HOLIDAYS = _words("christmas easter ramadan hanukkah thanksgiving diwali")
_MONTH_NAMES = frozenset(MONTHS)
_HEAD_WORDS = ORG_WORDS | PLACE_WORDS | TITLE_WORDS | PORTFOLIO_WORDS
_WEEKDAY_NAMES = frozenset(WEEKDAYS)
_FUNCTION_WORDS = word_list("name_function_words")

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:\w|[-‐'’](?=[^\W_]))*|&")
_POSSESSIVE = re.compile(r"['’][sS]$")
_CONTRACTION = re.compile(r"['’](?:m|re|ll|ve|d|t)$|n['’]t$", re.IGNORECASE)
_GLUED = re.compile(r"^([A-Z][a-z]{3,})(And|The|Of|In|For|With|But|Or|To)$")
_SENTENCE_END = ".!?:;…\n"
_REPORTING_AFTER = re.compile(rf"^\s*,?\s*(?:has\s+|had\s+|also\s+)?(?:{REPORTING_VERBS})\b", re.IGNORECASE)
# Verbs that cannot be nouns, for words that could be either a name or a common word ("Western states").
_SAID_AFTER = re.compile(
    r"^\s*,?\s*(?:has\s+|had\s+|also\s+)?(?:said|told|added|explained|believes|believed|wrote|warned|argued|insisted|"
    r"stressed|declared|announced|asked|replied|admitted|confirmed|denied|concluded|emphasized|emphasised|stated|"
    r"reported|recalled)\b",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"^\s*,\s*\d{1,3}\s*,")
_ROLE_AFTER = re.compile(r"^\s*,\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?P<role>[\w-]+)\b", re.IGNORECASE)
_BYLINE_BEFORE = re.compile(r"(?:^|\n)\s*by\s+$|\b(?:reporting|editing|written|photos?|interview(?:ed)?)\s+by\s+$", re.IGNORECASE)
_PLACE_NOUNS = (
    "territory|capital|city|cities|town|towns|village|villages|region|regions|country|countries|province|provinces|"
    "district|districts|border|borders|north|south|east|west|centre|center|outskirts|suburbs|heart|residents|"
    "citizens|government|coast|parts?|side|people|mayor|governor"
)
_COMPASS = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"
_PLACE_CUES = (
    rf"in|to|from|near|at|across|into|towards?|outside|inside|via|throughout|around|within|visit(?:ed|ing|s)?|"
    rf"(?:{_PLACE_NOUNS})\s+of|{_COMPASS}"
)
# "the Meren valley", "the Osva river": a place noun after the name
_PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:valley|river|region|area|basin|province|district|county|oblast|border|coast|reservoir|dam|lake|"
    r"mountains|airport|peninsula|delta|canyon|island|islands|city|town|village|municipality|bridge|road|street)\b"
)
_AFTER_DATELINE = re.compile(r"(?:^|\n)\s*[A-Z][A-Z'’. -]+,\s+$")
_STRONG_PLACE_CUES = ("in", "near", "across", "throughout", "outside", "inside")
_PLACE_BEFORE = re.compile(rf"\b(?P<word>{_PLACE_CUES})\s+$", re.IGNORECASE)
# "in London and Vienna", "in Latvia, Lithuania and Poland"
_PLACE_LIST_BEFORE = re.compile(
    rf"\b(?P<word>{_PLACE_CUES})\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:,\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)*(?:,|,?\s+(?:and|or))\s+$"
)
_TITLE_OF_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(TITLE_WORDS)) + r")\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_ACCORDING_TO_BEFORE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_TITLE_OF_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:" + "|".join(sorted(TITLE_WORDS)) + r")\s+(?:of|for)\s+(?:the\s+)?(?:(?:"
    + "|".join(sorted(PORTFOLIO_WORDS)) + r")\s+(?:and\s+)?){1,3}$",
    re.IGNORECASE,
)
_ACRONYM_IN_PARENTHESES = re.compile(r"^\s*\(\s*(?P<acronym>[A-Z][A-Za-z]{1,7})\s*\)")
_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})(?=,| \(| [-–—] )")
_DEMONYM_SUFFIX = re.compile(r"(?:ian|ean|ese|ish|tch)s?$")
_COMPASS_ADJECTIVE = re.compile(r"^(?:north|south|east|west)(?:-?(?:east|west))?ern$")
_DEMONYM_SUFFIX_NEEDING_EVIDENCE = re.compile(r"(?:an|i|ic)s?$")


# --------------------------------------------------------------------------- mentions


@dataclass(frozen=True)
class _Token:
    start: int
    end: int  # after a possessive marker, if any
    bare_end: int  # before it
    word: str  # text[start:bare_end]
    possessive: bool
    sentence_initial: bool


@dataclass(frozen=True)
class _TextFacts:
    """What the whole text says about its words, used to judge each run."""

    text: str
    lowercase: frozenset[str]  # words seen starting with a lowercase letter
    capitalised: frozenset[str]  # words seen capitalised, as written
    mid_sentence: frozenset[str]  # capitalised words seen inside a sentence: names, not sentence starts
    headline_lines: frozenset[int]  # start offsets of Title Case lines
    alone: frozenset[str] = frozenset()  # words that stand as a name of their own somewhere
    in_names: frozenset[str] = frozenset()  # words of names of two words or more: "Millbrook" in "Millbrook City Council"
    # (name word, common noun) the text writes as a description: the noun in quotation marks or lowercase after the
    # name, mid-sentence (the Kremlin "fuhrer"); written capitalised elsewhere, the pair is an epithet, not a name
    described: frozenset[tuple[str, str]] = frozenset()


def find_mentions(source_id: str, text: str) -> tuple[Mention, ...]:
    """Names of people, organizations and places in ``text``, in text order."""
    tokens = _tokenise(text)
    facts = _text_facts(text, tokens)
    shouted = _shouted(tokens, facts)
    dateline = _dateline_tokens(text, tokens)
    runs = _runs(tokens, text, shouted | dateline)
    facts = replace(facts, in_names=_words_in_names(runs, facts))
    facts = replace(facts, alone=frozenset(run[0].word for run in runs if len(run) == 1 and _single_word_is_name(run[0], facts)))
    in_headline = [_line_start(text, run[0].start) in facts.headline_lines for run in runs]
    mentions = [
        mention
        for run, headline in zip(runs, in_headline) if not headline
        for span, hint in _split_run(run, facts)
        if (mention := _mention(source_id, span, hint, facts)) is not None
    ]
    known: dict[str, Mention] = {}
    for mention in sorted(mentions, key=lambda m: m.kind == "unknown"):  # a kind that is known wins
        if not _is_acronym(mention.name):
            known.setdefault(_fold(mention.name), mention)
    for run in _consecutive(tokens, dateline, text):
        start, end = run[0].start, run[-1].bare_end
        mentions.append(Mention(source_id, start, end, text[start:end], _titlecase(text[start:end]), "place"))
    for run, headline in zip(runs, in_headline):
        if headline:  # Title Case headlines: only names the body uses, and acronyms
            mentions.extend(_known_parts(source_id, run, known, facts, acronyms=True))
    for run in _consecutive(tokens, shouted - dateline, text):
        mentions.extend(_known_parts(source_id, run, known, facts, acronyms=False))
    mentions.sort(key=lambda mention: (mention.start, mention.end))
    return tuple(_without_overlaps(mentions))


def _words_in_names(runs: list[list[_Token]], facts: _TextFacts) -> frozenset[str]:
    found = set()
    for run in runs:
        words = [token.word for token in _strip_edges(run, facts) if _is_name_word(token.word)]
        if len(words) >= 2:
            found.update(
                word.casefold() for word in words if not _lower_parts(word) & _HEAD_WORDS and not _demonym_shaped(word, facts)
            )
    return frozenset(found)


def _tokenise(text: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        glued = _GLUED.match(word)
        if glued:  # "NorwayAnd": two words that lost their space
            cut = start + glued.end(1)
            tokens.append(_Token(start, cut, cut, glued.group(1), False, _sentence_initial(text, start)))
            start, word = cut, glued.group(2)
        bare_end, possessive = end, False
        if _POSSESSIVE.search(word) and len(word) > 2:
            bare_end, word, possessive = end - 2, word[:-2], True
        elif word.endswith("s") and text[end : end + 1] in ("'", "’") and not text[end + 1 : end + 2].isalnum():
            end, possessive = end + 1, True
        tokens.append(_Token(start, end, bare_end, word, possessive, _sentence_initial(text, start)))
    return tokens


def _sentence_initial(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and not text[index].isalnum() and text[index] not in _SENTENCE_END + ",":
        if text[index] in "—–" or text[index - 1 : index + 2] == " - ":
            return True  # "OSLO, March 9 (Reuters) - The dam ..."
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def _text_facts(text: str, tokens: list[_Token]) -> _TextFacts:
    lowercase = frozenset(token.word for token in tokens if token.word[:1].islower())
    capitalised = frozenset(token.word for token in tokens if token.word[:1].isupper())
    headlines = set()
    offset = 0
    for line in text.split("\n"):
        if _is_headline(line, lowercase):
            headlines.add(offset)
        offset += len(line) + 1
    mid_sentence = frozenset(
        token.word.casefold() for token in tokens
        if token.word[:1].isupper() and not token.sentence_initial and _line_start(text, token.start) not in headlines
    )
    return _TextFacts(text, lowercase, capitalised, mid_sentence, frozenset(headlines), described=_described(text, tokens))


_OPENING_QUOTE = re.compile(r"^ [\"“«„']$")


def _described(text: str, tokens: list[_Token]) -> frozenset[tuple[str, str]]:
    """(name word, noun) pairs the text writes as a description: Name "noun", or Name noun mid-sentence."""
    found = set()
    for left, right in itertools.pairwise(tokens):
        if not left.word[:1].isupper() or left.possessive or _lower_parts(right.word) & (ORG_WORDS | PLACE_WORDS):
            continue
        gap = text[left.end:right.start]
        quoted = bool(_OPENING_QUOTE.match(gap))
        if quoted or gap == " " and right.word[:1].islower() and not left.sentence_initial and right.word.isalpha():
            found.add((left.word, right.word.casefold()))
    return frozenset(found)


def _is_headline(line: str, lowercase: frozenset[str]) -> bool:
    """A Title Case Line Like This, where capitals do not mark names."""
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    long_words = [word for word in words if len(word) >= 4]
    if len(long_words) < 3 or line.isupper():
        return False
    capitalised = [word for word in long_words if word[0].isupper()]
    common = [word for word in words if word[0].isupper() and (word.lower() in lowercase or word.lower() in STARTERS)]
    return len(capitalised) >= 0.75 * len(long_words) and len(common) >= 2


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


@functools.lru_cache(maxsize=65536)
def _is_name_word(word: str) -> bool:
    if not word or any(ch.isdigit() for ch in word) or word == "&":
        return False
    if _CONTRACTION.search(word):
        return False  # "I'm", "Don't"
    if word[0].isupper():
        # "Vienna-based", "Twenty-seven": an adjective or a number, not a name
        return not re.search(r"[-‐][a-z]+$", word)
    # "al-Rashid", "d'Alembert": a lowercase particle glued to a capitalised name
    parts = re.split(r"[-‐'’]", word, maxsplit=1)
    return len(parts) == 2 and len(parts[0]) <= 3 and parts[1][:1].isupper()


@functools.lru_cache(maxsize=65536)
def _is_all_caps(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _shouted(tokens: list[_Token], facts: _TextFacts) -> set[int]:
    """All-caps words that are shouting ("NOTHING", "SHAME ON THE MINISTRY"), not acronyms."""
    shouted = set()
    for index, token in enumerate(tokens):
        if not _is_all_caps(token.word) or "." in token.word:
            continue
        lower = token.word.lower()
        # Short ones are acronyms even when they spell a word: WHO, US, IT.
        if len(lower) >= 4 and (lower in STARTERS or lower in facts.lowercase) or lower in _FUNCTION_WORDS and _all_caps_neighbour(tokens, index, facts.text):
            shouted.add(index)
    changed = True
    while changed:  # a shouted word makes its all-caps neighbours shouted too
        changed = False
        for index in list(shouted):
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(tokens) and neighbour not in shouted and _is_all_caps(tokens[neighbour].word):
                    low, high = sorted((index, neighbour))
                    if _joined(facts.text, tokens[low], tokens[high]):
                        shouted.add(neighbour)
                        changed = True
    return shouted


def _all_caps_neighbour(tokens: list[_Token], index: int, text: str) -> bool:
    before = index > 0 and _is_all_caps(tokens[index - 1].word) and _joined(text, tokens[index - 1], tokens[index])
    after = index + 1 < len(tokens) and _is_all_caps(tokens[index + 1].word) and _joined(text, tokens[index], tokens[index + 1])
    return before or after


def _dateline_tokens(text: str, tokens: list[_Token]) -> set[int]:
    """ "OSLO, March 9 (Reuters) -": the all-caps place a wire story starts with."""
    found = set()
    offset = 0
    for line in text.split("\n"):
        match = _DATELINE.match(line)
        if match and not _is_headline(line, frozenset()):
            start, end = offset + match.start("place"), offset + match.end("place")
            found.update(index for index, token in enumerate(tokens) if start <= token.start and token.end <= end)
        offset += len(line) + 1
    return found


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """True when nothing but a space (or an initial's dot) stands between two words."""
    if left.possessive:
        return False
    gap = text[left.end : right.start]
    if gap in (" ", "\u00a0", "  "):
        return True
    return gap in (". ", ".\u00a0") and len(left.word) == 1 and left.word.isupper()


def _breaks_run(token: _Token) -> bool:
    """Capitalised function words mid-sentence ("... Hansen The Guardian") start a new run."""
    return token.word.lower() in _FUNCTION_WORDS


def _runs(tokens: list[_Token], text: str, excluded: set[int]) -> list[list[_Token]]:
    runs = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in excluded or not _is_name_word(token.word):
            index += 1
            continue
        run = [token]
        last = index
        while not tokens[last].possessive:
            following = last + 1
            if following >= len(tokens) or following in excluded:
                break
            if (
                _is_name_word(tokens[following].word)
                and not _breaks_run(tokens[following])
                and _joined(text, tokens[last], tokens[following])
            ):
                run.append(tokens[following])
                last = following
                continue
            connectors = _connectors(tokens, following, text)
            after = following + len(connectors)
            if (
                connectors
                and after < len(tokens)
                and after not in excluded
                and _is_name_word(tokens[after].word)
                and not _breaks_run(tokens[after])
                and _joined(text, tokens[after - 1], tokens[after])
                and _connector_allowed(run, connectors, tokens, after, text)
            ):
                run.extend(tokens[following : after + 1])
                last = after
                continue
            break
        runs.append(run)
        index = last + 1
    return runs


def _connectors(tokens: list[_Token], index: int, text: str) -> list[_Token]:
    found: list[_Token] = []
    while index < len(tokens) and len(found) < 2:
        token = tokens[index]
        if token.word not in PARTICLES and token.word not in ("of", "for", "on", "the", "and", "&"):
            break
        if not _joined(text, tokens[index - 1], token):
            break
        found.append(token)
        index += 1
    return found


def _connector_allowed(run: list[_Token], connectors: list[_Token], tokens: list[_Token], after: int, text: str) -> bool:
    words = [token.word for token in connectors]
    lowered = [_lower_parts(token.word) for token in run]
    has_head = any(parts & (ORG_WORDS | PLACE_WORDS | TITLE_WORDS | PORTFOLIO_WORDS) for parts in lowered)
    has_org = any(parts & ORG_WORDS for parts in lowered)
    if all(word in PARTICLES for word in words):
        return True
    if words in (["of"], ["for"], ["on"], ["of", "the"], ["for", "the"], ["on", "the"]):
        return has_head
    if words == ["&"]:
        return True
    if words == ["and"]:
        # "Research and Development Agency": only when an organization word follows
        # and what came before is not a whole organization already.
        return not has_org and _org_word_ahead(tokens, after, text)
    return False


def _org_word_ahead(tokens: list[_Token], index: int, text: str) -> bool:
    while index < len(tokens):
        token = tokens[index]
        if _is_name_word(token.word):
            if _lower_parts(token.word) & ORG_WORDS:
                return True
        elif token.word not in ("of", "for", "on", "the"):
            return False
        if token.possessive or index + 1 >= len(tokens) or not _joined(text, token, tokens[index + 1]):
            return False
        index += 1
    return False


@functools.lru_cache(maxsize=65536)
def _lower_parts(word: str) -> frozenset[str]:
    lower = word.lower().rstrip(".")
    return frozenset((lower, *re.split(r"[-‐]", lower)))


def _is_title(token: _Token) -> bool:
    parts = _lower_parts(token.word)
    return bool(parts & TITLE_WORDS) and not (parts & ORG_WORDS)


def _is_portfolio(token: _Token) -> bool:
    return token.word.lower() in PORTFOLIO_WORDS


def _demonym_shaped(word: str, facts: _TextFacts) -> bool:
    """ "Norwegian", "Albanians", "Chinese", "Western"; "American" only if "America" is in the text."""
    if not word[:1].isupper() or _is_all_caps(word):
        return False
    parts = re.split(r"[-‐]", word)
    if len(parts) > 1:
        return all(_demonym_shaped(part, facts) for part in parts if part)
    lower = word.lower()
    suffix = _DEMONYM_SUFFIX.search(lower)
    if (suffix and suffix.start() >= 3) or _COMPASS_ADJECTIVE.match(lower):
        return True
    suffix = _DEMONYM_SUFFIX_NEEDING_EVIDENCE.search(lower)
    if not suffix or suffix.start() < 3:
        return False
    stem = word[: suffix.start()]
    # "American" next to "America", "Iraqi" next to "Iraq", "German" next to "Germany"
    places = {stem, stem + "a", stem + "o", stem + "e", stem + "ia", word.rstrip("s") + "y"}
    return bool(places & facts.capitalised)


def _is_acronym(name: str) -> bool:
    """ "NATO", "U.S.", and short ones with one small letter: "MoD"."""
    bare = name.replace(".", "")
    if not (2 <= len(bare) <= 8 and bare.isalpha() and bare[0].isupper()) or bare.istitle():
        return False
    small = sum(ch.islower() for ch in bare)
    return small == 0 or (small == 1 and len(bare) <= 4)


def _strip_edges(run: list[_Token], facts: _TextFacts) -> list[_Token]:
    """Drop sentence-initial function words, weekdays and dangling connectors at the edges."""
    run = list(run)
    while run:
        first = run[0]
        lower = first.word.lower()
        if not _is_name_word(first.word) or lower in _WEEKDAY_NAMES or lower in _FUNCTION_WORDS and not (lower == "the" and not first.sentence_initial and len(run) > 1) or (
            first.sentence_initial and len(run) > 1 and _common_word(first, facts)
            and not _lower_parts(first.word) & _HEAD_WORDS and lower not in PARTICLES  # "Van Daal said"
        ):
            run.pop(0)
        else:
            break
    while run and (not _is_name_word(run[-1].word) or run[-1].word.lower() in _WEEKDAY_NAMES):
        run.pop()
    while len(run) > 1 and (run[-2].word, run[-1].word.casefold()) in facts.described:  # an epithet's noun
        run.pop()
    # "Norway Western countries": an adjective that ran into the name before it
    while len(run) > 1 and _demonym_ending(run, facts) and re.match(r"\s+[a-z]", facts.text[run[-1].end :]):
        run.pop()
    return run


def _demonym_ending(run: list[_Token], facts: _TextFacts) -> bool:
    """ "Norway Western countries", "Nigerian American mayor"."""
    last = run[-1].word
    if _demonym_shaped(last, facts):
        return True
    return bool(re.search(r"(?:an|i)$", last)) and _demonym_shaped(run[-2].word, facts)


def _common_word(token: _Token, facts: _TextFacts) -> bool:
    lower = token.word.lower()
    return (
        lower in STARTERS
        or lower in facts.lowercase
        or (lower.endswith("s") and lower[:-1] in facts.lowercase)
        or (len(lower) > 4 and lower.endswith("ly"))
    )


def _split_run(run: list[_Token], facts: _TextFacts) -> list[tuple[list[_Token], str]]:
    """A run of capitalised words -> the names in it, with a kind hint for each."""
    run = _strip_edges(run, facts)
    if not run:
        return []
    # Weekdays inside a run ("Monday Hansen") split it.
    for position, token in enumerate(run):
        if token.word.lower() in _WEEKDAY_NAMES:
            return _split_run(run[:position], facts) + _split_run(run[position + 1 :], facts)
    if len(run) == 1:
        return [(run, "")] if _single_word_is_name(run[0], facts) else []
    titled = _split_title(run, facts)
    if titled is not None:
        return titled
    tail = _person_after_of(run)
    if tail is None:
        tail = _person_after_place(run, facts)
    if tail is not None:
        return [(run[:tail], ""), (run[tail:], "person")]
    if all(_is_title(token) or _is_portfolio(token) or _demonym_shaped(token.word, facts) for token in run if _is_name_word(token.word)):
        return []
    return [(_trim_to_acronym(run, facts), "")]


def _single_word_is_name(token: _Token, facts: _TextFacts) -> bool:
    word, lower = token.word, token.word.lower()
    if len(word) == 1 or lower in _MONTH_NAMES or lower in HOLIDAYS or lower in _FUNCTION_WORDS:
        return False
    if "." in word:
        return not re.search(r"\d\s*$", facts.text[max(0, token.start - 3) : token.start])  # "500 B.C."
    if _is_all_caps(word):
        return lower not in NOT_ACRONYMS and not re.fullmatch(r"[ivxlc]+", lower)
    if _is_title(token) or lower[:-1] in TITLE_WORDS:  # "President", "Analysts"
        return False
    after = facts.text[token.end : token.end + 40]
    said = bool(_SAID_AFTER.match(after))
    if lower in PLACE_WORDS:
        return False
    bare_org_word = lower in ORG_WORDS
    if token.sentence_initial:
        if _lower_parts(word) & STARTERS or _common_word(token, facts) or bare_org_word:
            return False
        # A word capitalised only where a sentence starts is a common word ("Rescuers were ..."),
        # unless it says something ("Hansen said") or owns something ("Norway's Erik Hansen").
        named = word.casefold() in facts.mid_sentence or word.casefold() in facts.in_names
        if not named and not token.possessive and (not said or re.search(r"(?:ing|ed|ly)$", lower)):
            return False
    elif bare_org_word:
        return True  # "the Institute", kept so that it can join the organization it stands for
    elif lower in facts.lowercase:
        return False  # "Join", "Agree" in a list of tags; "Fuhrer" in scare quotes
    # "Norwegian troops", "Albanians", "Western sanctions" are not names
    return not (_demonym_shaped(word, facts) and not said)


def _split_title(run: list[_Token], facts: _TextFacts) -> list[tuple[list[_Token], str]] | None:
    """Cut titles off a person's name, keeping what they are titles of.

    "Norwegian Minister of Defense Hansen" -> Hansen; "President of Albania Erik Hansen"
    -> Albania, Erik Hansen; "Central Bank President Anna Berg" -> both.
    None when the run has no title to cut.
    """
    first_title = next((position for position, token in enumerate(run) if _is_title(token)), None)
    if first_title is None:
        return None
    prefix = run[:first_title]
    prefix_is_org = any(_lower_parts(token.word) & ORG_WORDS for token in prefix) or any(_is_acronym(t.word) for t in prefix)
    if len(prefix) > 2 and not prefix_is_org:
        return None
    end = first_title
    while end < len(run) and (_is_title(run[end]) or (_is_portfolio(run[end]) and end + 1 < len(run) and _is_title(run[end + 1]))):
        end += 1
    if end < len(run) and _lower_parts(run[end].word) & ORG_WORDS:
        return None  # "General Staff", "Chief Rabbinate": an organization named after a rank
    rest, complement = run[end:], []
    if rest and rest[0].word in ("of", "for"):
        complement, rest = _complement(rest[1:])
    elif any(token.word == "of" for token in rest):  # "President Emmanuel Macron of France"
        cut = next(position for position, token in enumerate(rest) if token.word == "of")
        rest, complement = rest[:cut], rest[cut + 1 :]
    if not rest and not complement:
        return None if prefix else []  # "John Major" is a name; "Prime Minister" alone is nothing
    parts: list[tuple[list[_Token], str]] = []
    if prefix_is_org and not (len(prefix) == 1 and prefix[0].word.lower() in ORG_WORDS):  # "Police Chief X"
        parts.append((prefix, "organization"))
    elif prefix and all(token.word in facts.alone and not _demonym_shaped(token.word, facts) for token in prefix):
        parts.append((prefix, ""))
    complement = _without_portfolio_segments(complement)
    if all(_common_word(token, facts) for token in complement if _is_name_word(token.word)):
        complement = []  # "Registrar of Voters"
    if complement:
        parts.append((complement, "place" if len(complement) == 1 else ""))
    if rest and all(_is_name_word(token.word) or token.word in PARTICLES for token in rest) and len(rest) <= 4:
        parts.append((rest, "person"))
    elif rest:
        parts.append((rest, ""))
    return parts


def _complement(tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """Split what follows "Minister of" into what he is minister of and his name."""
    heads = [
        position for position, token in enumerate(tokens)
        if _lower_parts(token.word) & (ORG_WORDS | PLACE_WORDS | PORTFOLIO_WORDS)
    ]
    if heads:
        head = heads[-1]
        after = tokens[head + 1 :]
        if not after:
            return tokens, []
        if after[0].word not in ("of", "for", "the", "and"):
            return tokens[: head + 1], after
        connectors = 0
        while connectors < len(after) and after[connectors].word in ("of", "for", "the", "and"):
            connectors += 1
        place, name = _place_then_name(after[connectors:])
        return tokens[: head + 1 + connectors] + place, name
    return _place_then_name(tokens)


def _place_then_name(tokens: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    words = [token for token in tokens if _is_name_word(token.word)]
    if len(words) <= 1:
        return tokens, []
    keep = 1 if len(words) == 2 else len(words) - 2
    cut = tokens.index(words[keep])
    return tokens[:cut], tokens[cut:]


def _without_portfolio_segments(tokens: list[_Token]) -> list[_Token]:
    """ "Foreign Affairs and Defense of the Kingdom of Norway" -> "Kingdom of Norway"."""
    tokens = list(tokens)
    while True:
        while tokens and tokens[0].word == "the":
            tokens.pop(0)
        position = 0
        while position < len(tokens) and _is_portfolio(tokens[position]):
            position += 1
        if position == len(tokens):
            return []
        if position and tokens[position].word in ("of", "and", "for"):
            tokens = tokens[position + 1 :]
            continue
        return tokens


def _person_after_of(run: list[_Token]) -> int | None:
    """ "Security Service of Norway Erik Hansen": an organization, then a person."""
    if not any(_lower_parts(token.word) & ORG_WORDS for token in run):
        return None
    ofs = [position for position, token in enumerate(run) if token.word == "of"]
    if not ofs:
        return None
    tail = [token for token in run[ofs[-1] + 1 :] if token.word != "the"]
    if len(tail) < 3 or any(_lower_parts(token.word) & (ORG_WORDS | PLACE_WORDS | PORTFOLIO_WORDS) for token in tail):
        return None
    if not all(token.word[:1].isupper() and not _is_all_caps(token.word) for token in tail[-2:]):
        return None
    return run.index(tail[-2])


def _person_after_place(run: list[_Token], facts: _TextFacts) -> int | None:
    """ "ambassador of Norway to Albania Erik Hansen": a place, then the person the title was about."""
    words = [token for token in run if _is_name_word(token.word)]
    if len(words) < 3 or len(words) != len(run):
        return None
    if any(_lower_parts(token.word) & (ORG_WORDS | PLACE_WORDS | TITLE_WORDS | PORTFOLIO_WORDS) for token in run):
        return None
    before = facts.text[max(0, run[0].start - 80) : run[0].start]
    cue = re.search(r"\bto\s+$", before)
    if not cue or not set(re.findall(r"[a-z]+", before[: cue.start()].lower())[-6:]) & TITLE_WORDS:
        return None
    return len(run) - 2


def _trim_to_acronym(run: list[_Token], facts: _TextFacts) -> list[_Token]:
    """ "the American Institute for Peace Studies (IPS)": the name is the part the acronym spells."""
    match = _ACRONYM_IN_PARENTHESES.match(facts.text[run[-1].end : run[-1].end + 12])
    if not match:
        return run
    acronym = match.group("acronym").lower()
    for start, token in enumerate(run):
        if not _is_name_word(token.word):
            continue
        if _initials([t.word for t in run[start:]]) in _acronym_forms(acronym):
            return run[start:]
    return run


def _mention(source_id: str, tokens: list[_Token], hint: str, facts: _TextFacts) -> Mention | None:
    tokens = list(tokens)
    while tokens and not _is_name_word(tokens[0].word):
        tokens.pop(0)
    while tokens and not _is_name_word(tokens[-1].word):
        tokens.pop()
    if not tokens:
        return None
    start, end, bare_end = tokens[0].start, tokens[-1].end, tokens[-1].bare_end
    name = re.sub(r"\s+", " ", facts.text[start:bare_end]).strip()
    kind = _guess_kind([token.word for token in tokens], hint, facts, start, end, tokens[-1].possessive)
    return Mention(source_id, start, end, facts.text[start:end], name, kind)


def _guess_kind(words: list[str], hint: str, facts: _TextFacts, start: int, end: int, possessive: bool) -> str:
    parts = set().union(*(_lower_parts(word) for word in words))
    if len(words) == 1 and _is_acronym(words[0]):
        return "organization"
    if parts & ORG_WORDS:
        return "organization"
    if parts & PLACE_WORDS:
        return "place"
    if len(words) > 1 and any(_is_acronym(word) for word in words):
        return "organization"  # "US Geological Survey", "UN Security Council"
    if hint:
        return hint
    before = facts.text[max(0, start - 80) : start]
    after = facts.text[end : end + 80]
    # "in Hansen's interview": the preposition is about the interview, not about Hansen.
    cue = None if possessive or _ACCORDING_TO_BEFORE.search(before) else _PLACE_BEFORE.search(before) or _PLACE_LIST_BEFORE.search(before)
    capitalised = [word for word in words if _is_name_word(word) and word.lower() not in _FUNCTION_WORDS]
    if _TITLE_OF_BEFORE.search(before):
        return "place" if len(capitalised) == 1 else "unknown"  # "the president of Norway noted"
    if _person_before(before):
        return "person"
    # "in Geneva confirmed": the preposition says more than the verb after it
    if cue and cue.group("word").lower() in _STRONG_PLACE_CUES or _AFTER_DATELINE.search(before) or _PLACE_NOUN_AFTER.match(after):
        return "place"
    after_the = bool(_THE_BEFORE.search(before))
    if not after_the and not possessive and (_REPORTING_AFTER.match(after) or _AGE_AFTER.match(after) or _role_after(after)):
        return "person"
    if cue and len(capitalised) == 1:
        return "place"
    if len(capitalised) == 1:
        return "unknown"
    if (
        not after_the
        and not cue  # "from Hong Kong", "to New Zealand": not a given name and a surname
        and 2 <= len(capitalised) <= 3
        and all(word[0].isupper() and not _is_all_caps(word) for word in capitalised)
        and capitalised[0] not in facts.alone  # "Osva Hydro" when "Osva" is a name of its own
    ):
        return "person"
    return "unknown"


def _person_before(before: str) -> bool:
    words = re.findall(r"[\w'’-]+", before[-30:])
    if words and not re.search(r"[,.;:!?()\"“”]\s*$", before) and words[-1].lower().rstrip(".") in TITLE_WORDS:
        return True
    return bool(_BYLINE_BEFORE.search(before) or _TITLE_OF_PORTFOLIO_BEFORE.search(before))


def _role_after(after: str) -> bool:
    match = _ROLE_AFTER.match(after)
    return bool(match) and match.group("role").lower() in TITLE_WORDS


def _titlecase(name: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda match: match.group()[:1].upper() + match.group()[1:].lower(), name)


def _consecutive(tokens: list[_Token], indices: set[int], text: str) -> list[list[_Token]]:
    """The tokens at ``indices``, grouped where they stand next to each other."""
    runs: list[list[_Token]] = []
    previous = None
    for index in sorted(indices):
        if previous is not None and index == previous + 1 and _joined(text, tokens[previous], tokens[index]):
            runs[-1].append(tokens[index])
        else:
            runs.append([tokens[index]])
        previous = index
    return runs


def _known_parts(
    source_id: str, run: list[_Token], known: dict[str, Mention], facts: _TextFacts, acronyms: bool
) -> list[Mention]:
    """In headlines and shouting, only names the body text uses elsewhere count."""
    found = []
    position = 0
    while position < len(run):
        for stop in range(len(run), position, -1):
            part = run[position:stop]
            if not _is_name_word(part[0].word) or not _is_name_word(part[-1].word):
                continue
            name = re.sub(r"\s+", " ", facts.text[part[0].start : part[-1].bare_end])
            match = known.get(_fold(name))
            if match is None and acronyms and stop - position == 1 and _is_acronym(name) and _single_word_is_name(part[0], facts):
                match = Mention(source_id, 0, 0, name, name, "organization")
            if match is not None:
                start, end = part[0].start, part[-1].end
                found.append(Mention(source_id, start, end, facts.text[start:end], match.name if _is_all_caps(name) else name, match.kind))
                position = stop
                break
        else:
            position += 1
    return found


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


# --------------------------------------------------------------------------- name keys


_LETTER_FOLDS = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ı": "i", "ß": "ss",
                               "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "þ": "th", "ð": "d"})
# Cyrillic and other romanisations spell one sound several ways; the key picks one.
_TRANSLITERATION = (
    (r"shch|sch|sh|sz", "S"),
    (r"tsch|tch|ch|cz|ts|tz", "C"),
    (r"zh|dzh|dj", "Z"),
    (r"kh", "h"),
    (r"ph", "f"),
    (r"th", "t"),
    (r"gh", "g"),
    (r"ck", "k"),
    (r"x", "ks"),
    (r"q", "k"),
    (r"w", "v"),
    (r"c(?=[aou]|[^aeiouyC\W])", "k"),
    (r"c", "C"),
    (r"h", "g"),  # Cyrillic г is romanised h or g: Serhiy/Sergei, Yevhen/Evgeny, Oleh/Oleg
    (r"[yj]", "i"),
    (r"^i(?=[aeou])", ""),  # Yelena/Jelena/Elena
    (r"ie", "e"),
    (r"ou|oo", "u"),
    (r"ii$|ei$", "i"),  # Sergei/Serhii/Serhiy, Sobolevsky/Sobolevskyi
)
_TRANSLITERATION_RULES = tuple((re.compile(pattern), replacement) for pattern, replacement in _TRANSLITERATION)


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """Lowercase, no accents on Latin letters, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTER_FOLDS))
    kept = "".join(ch for i, ch in enumerate(decomposed) if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii()))
    kept = re.sub(r"['’`]", "", unicodedata.normalize("NFC", kept).lower())
    return re.sub(r"[\W_]+", " ", kept).strip()


@functools.lru_cache(maxsize=65536)
def transliteration_key(word: str) -> str:
    """One spelling for the romanisations of a word: "Serhiy", "Sergei" and "Sergey" -> "sergi"."""
    key = _fold(word).replace(" ", "")
    for pattern, replacement in _TRANSLITERATION_RULES:
        key = pattern.sub(replacement, key)
    return re.sub(r"(.)\1+", r"\1", key)


def _name_words(name: str) -> list[str]:
    """The capitalised words of a name, without particles and connectors."""
    return [word for word in name.split() if _is_name_word(word) and word.lower() not in _FUNCTION_WORDS]


def _initials(words: list[str]) -> str:
    return "".join(word[0].lower() for word in words if _is_name_word(word) and word.lower() not in _FUNCTION_WORDS)


def _acronym_forms(acronym: str) -> set[str]:
    return {acronym.lower().replace(".", "")}


def _all_initials(name: str) -> set[str]:
    """ "Institute for Peace Studies" -> {"ips", "ifps"}; "Ministry of Defence" -> {"md", "mod"}."""
    words = name.split()
    return {_initials(words), "".join(word[0].lower() for word in words if word[:1].isalpha())}


# --------------------------------------------------------------------------- clusters


@dataclass
class _Node:
    """One distinct name: what the mentions (and editors) say about it."""

    name: str
    count: int = 0
    kinds: Counter = field(default_factory=Counter)
    sources: set = field(default_factory=set)
    owner: str = ""  # id of the editor entity that lists this name


class _Clusters:
    """Union-find over names; two editor entities are never merged."""

    def __init__(self, names: Iterable[str], owners: dict[str, str]):
        self.parent = {name: name for name in names}
        self.owner = {name: owners.get(name, "") for name in self.parent}

    def find(self, name: str) -> str:
        root = name
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[name] != root:
            self.parent[name], name = root, self.parent[name]
        return root

    def union(self, left: str, right: str) -> bool:
        left, right = self.find(left), self.find(right)
        if left == right:
            return True
        if self.owner[left] and self.owner[right] and self.owner[left] != self.owner[right]:
            return False
        left, right = sorted((left, right))  # the smaller name is the root: order of unions does not matter
        self.parent[right] = left
        self.owner[left] = self.owner[left] or self.owner[right]
        return True

    def groups(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for name in sorted(self.parent):
            found[self.find(name)].append(name)
        return found


def resolve_entities(
    mentions: Iterable[Mention], editor_entities: Sequence[Entity] = ()
) -> tuple[tuple[Entity, ...], dict[tuple[str, int, int], str]]:
    """Cluster mentions across sources into entities.

    Returns the entities sorted by id and a map from (source, start, end) of
    each mention to its entity's id.  A mention of a bare organization word
    ("the Institute") that names no one organization is left out of the map.
    """
    mentions = sorted(mentions, key=lambda m: (m.source, m.start, m.end))
    nodes = _nodes(mentions, editor_entities)
    clusters = _Clusters(nodes, {name: node.owner for name, node in nodes.items()})
    _link_editor_names(clusters, editor_entities, nodes)
    _link_by_spelling(clusters, nodes)
    _link_people(clusters, nodes)
    _link_organizations(clusters, nodes)
    pending = _link_references(clusters, nodes)
    member_of = {(m.source, m.start, m.end): clusters.find(m.name) for m in mentions}
    named_in: dict[str, set[str]] = defaultdict(set)  # source -> the clusters it names
    for name, node in nodes.items():
        if name not in pending:
            for source in node.sources:
                named_in[source].add(clusters.find(name))
    # A bare word ("the Ministry") may mean any of thousands of clusters in a large corpus;
    # a source names a few: the candidates are met from whichever side is smaller.
    candidates_by_cluster = {
        name: _grouped(candidates, clusters.find) for name, candidates in pending.items()
    }
    for mention in mentions:
        by_cluster = candidates_by_cluster.get(mention.name)
        if by_cluster is None:
            continue
        present = named_in[mention.source]
        smaller, larger = sorted((present, by_cluster.keys()), key=len)
        here = set().union(*(by_cluster[cluster] for cluster in smaller if cluster in larger))
        if len(here) == 1:
            member_of[(mention.source, mention.start, mention.end)] = next(iter(here))
        elif _is_bare_org_word(mention.name):
            del member_of[(mention.source, mention.start, mention.end)]
    entities, id_of = _entities(clusters, nodes, mentions, member_of, editor_entities)
    entity_of = {key: id_of[root] for key, root in member_of.items() if root in id_of}
    logger.debug("%d mentions -> %d entities", len(mentions), len(entities))
    return entities, entity_of


def _grouped(items: Iterable[str], key: Callable[[str], str]) -> dict[str, set[str]]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for item in items:
        grouped[key(item)].add(item)
    return grouped


def _nodes(mentions: Sequence[Mention], editor_entities: Sequence[Entity]) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    for mention in mentions:
        node = nodes.setdefault(mention.name, _Node(mention.name))
        node.count += 1
        node.kinds[mention.kind] += 1
        node.sources.add(mention.source)
    for entity in sorted(editor_entities, key=lambda e: e.id):
        for name in (entity.name, *entity.aliases):
            node = nodes.setdefault(name, _Node(name))
            if node.owner and node.owner != entity.id:
                logger.warning("the name %r is listed by the entities %s and %s; it goes to %s", name, node.owner, entity.id, node.owner)
                continue
            node.owner = entity.id
    return nodes


def _link_editor_names(clusters: _Clusters, editor_entities: Sequence[Entity], nodes: dict[str, _Node]) -> None:
    for entity in editor_entities:
        names = [name for name in (entity.name, *entity.aliases) if nodes[name].owner == entity.id]
        for name in names[1:]:
            clusters.union(names[0], name)


def _link_by_spelling(clusters: _Clusters, nodes: dict[str, _Node]) -> None:
    """Same words up to case, accents and transliteration: one cluster."""
    by_key: dict[tuple, list[str]] = defaultdict(list)
    for name in sorted(nodes):
        by_key[("fold", _fold(name))].append(name)
        if not _is_acronym(name):
            by_key[("translit", _spelling_key(name))].append(name)
    for names in by_key.values():
        for other in names[1:]:
            clusters.union(names[0], other)


def _spelling_key(name: str) -> tuple[str, ...]:
    words = _name_words(name) or name.split()
    return tuple(transliteration_key(word) for word in words)


def _kind_votes(node: _Node) -> Counter:
    return Counter({kind: count for kind, count in node.kinds.items() if kind in KINDS})


def _person_shaped(node: _Node, nodes: dict[str, _Node]) -> bool:
    words = _name_words(node.name)
    if not 2 <= len(words) <= 4 or _is_acronym(node.name) or _first_word_is_a_name(node.name, nodes):
        return False
    if any(_lower_parts(word) & (ORG_WORDS | PLACE_WORDS) for word in words):
        return False
    votes = _kind_votes(node)
    return votes["person"] >= max(votes["organization"], votes["place"])


def _first_word_is_a_name(name: str, nodes: dict[str, _Node]) -> bool:
    """ "Osva Hydro" is no person when "Osva" is named on its own (and not as a person):
    given names seldom stand alone in the news, surnames and places do."""
    words = name.split()
    alone = nodes.get(words[0]) if len(words) > 1 else None
    return alone is not None and alone.count > 0 and not alone.kinds["person"]


def _link_people(clusters: _Clusters, nodes: dict[str, _Node]) -> None:
    """Same surname (up to spelling) and compatible given names: one person."""
    people = [node for name, node in sorted(nodes.items()) if _person_shaped(node, nodes)]
    by_letter: dict[str, list[_Node]] = defaultdict(list)
    for node in people:
        by_letter[transliteration_key(_name_words(node.name)[-1])[:1]].append(node)
    for group in by_letter.values():
        surnames = [_name_words(node.name)[-1] for node in group]
        index = _Surnames(surnames)
        for position, (left, others) in enumerate(zip(group, index.candidates_of_each(surnames))):
            for other in others:
                if other > position and _same_person(_name_words(left.name), _name_words(group[other].name)):
                    clusters.union(left.name, group[other].name)


class _Surnames:
    """Surnames, searchable for those ``_same_surname`` may accept without comparing every pair in Python.

    That is the same key, or a spelling close enough (rapidfuzz compares all of
    them in C, many queries at once and on every core); the caller still asks
    ``_same_surname``, so what is linked does not change, only how many pairs
    are tried: all pairs grew with the square of the people named (17 million
    comparisons, 90 s, at 10,000 documents).
    """

    QUERIES_AT_ONCE = 1024  # a block of scores is this many rows of one byte per surname

    def __init__(self, surnames: Sequence[str]):
        self.keys = [transliteration_key(surname) for surname in surnames]
        self.by_key: dict[str, list[int]] = defaultdict(list)
        for position, surname in enumerate(surnames):
            self.by_key[transliteration_key(surname)].append(position)

    def candidates_of_each(self, queries: Sequence[str]) -> Iterator[list[int]]:
        """For each query in turn, the positions of the surnames that may be it, in order."""
        for start in range(0, len(queries), self.QUERIES_AT_ONCE):
            chunk = queries[start : start + self.QUERIES_AT_ONCE]
            scores = process.cdist([transliteration_key(query) for query in chunk], self.keys, scorer=fuzz.ratio,
                                   score_cutoff=SURNAME_SIMILARITY, dtype=numpy.uint8, workers=-1)
            for query, row in zip(chunk, scores):
                found = set(self.by_key.get(transliteration_key(query), ()))
                found.update(numpy.flatnonzero(row).tolist())
                yield sorted(found)


def _same_surname(left: str, right: str) -> bool:
    left_key, right_key = transliteration_key(left), transliteration_key(right)
    if left_key == right_key:
        return True
    if _feminine_form(left_key, right_key):
        return False
    return left_key[:1] == right_key[:1] and fuzz.ratio(left_key, right_key) >= SURNAME_SIMILARITY


def _same_person(left: list[str], right: list[str]) -> bool:
    return _same_surname(left[-1], right[-1]) and _compatible_given_names(left[0], right[0])


def _feminine_form(left_key: str, right_key: str) -> bool:
    """Petrov/Petrova, Tikhanovsky/Tikhanovskaya: husband and wife, not two spellings."""
    shorter, longer = sorted((left_key, right_key), key=len)
    return longer == shorter + "a" or (longer.endswith("aia") and longer[:-3] + "i" == shorter)


def _feminine_given_name(left_key: str, right_key: str) -> bool:
    """Ivan/Ivana, Mario/Maria, Oleg/Olga, Alexander/Alexandra."""
    return left_key.endswith("a") != right_key.endswith("a")


def _compatible_given_names(left: str, right: str) -> bool:
    left_bare, right_bare = left.rstrip("."), right.rstrip(".")
    left_key, right_key = transliteration_key(left_bare), transliteration_key(right_bare)
    if len(left_bare) == 1 or len(right_bare) == 1:
        return left_key[:1] == right_key[:1]
    if left_key == right_key:
        return True
    if _feminine_given_name(left_key, right_key):
        return False
    similarity = fuzz.ratio(left_key, right_key)
    if similarity >= GIVEN_NAME_SIMILARITY:
        return True
    return _consonants(left_key) == _consonants(right_key) and similarity >= GIVEN_NAME_SKELETON_SIMILARITY


def _consonants(key: str) -> str:
    return re.sub(r"[aeiou]", "", key)


def _organization_words(name: str) -> tuple[str, ...] | None:
    words = _name_words(name)
    if len(words) < 2 or not any(_lower_parts(word) & ORG_WORDS for word in words):
        return None
    return tuple(sorted(_organization_word_key(word) for word in words))


def _organization_word_key(word: str) -> str:
    """A name word with British and American spelling made one ("Defence"/"Defense")."""
    key = transliteration_key(word).lower()
    return re.sub(r"c(?=[ei])", "s", key)


def _link_organizations(clusters: _Clusters, nodes: dict[str, _Node]) -> None:
    """ "Interior Ministry" = "Ministry of Interior"."""
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for name in sorted(nodes):
        words = _organization_words(name)
        if words:
            by_words[words].append(name)
    for names in by_words.values():
        for other in names[1:]:
            clusters.union(names[0], other)


def _link_references(clusters: _Clusters, nodes: dict[str, _Node]) -> dict[str, set[str]]:
    """Surnames alone, acronyms and bare organization words join the one cluster they can mean.

    Returns, for names that could mean several clusters, the roots of those
    clusters: each mention of such a name is decided by its own source.
    """
    roots_votes = _cluster_votes(clusters, nodes)
    surnames: dict[str, list[str]] = defaultdict(list)  # first letter of the key -> people's surnames
    people_by_surname: dict[str, set[str]] = defaultdict(set)  # surname -> roots
    by_initials: dict[str, set[str]] = defaultdict(set)
    by_org_word: dict[str, set[str]] = defaultdict(set)
    for name, node in sorted(nodes.items()):
        words = _name_words(name)
        if len(words) < 2:
            continue
        if _person_shaped(node, nodes):
            surname = words[-1]
            if not people_by_surname[surname]:
                surnames[transliteration_key(surname)[:1]].append(surname)
            people_by_surname[surname].add(clusters.find(name))
        else:
            for initials in _all_initials(name):
                by_initials[initials].add(clusters.find(name))
            for part in _lower_parts_of(name) & ORG_WORDS:
                by_org_word[part].add(clusters.find(name))
    single_words = defaultdict(list)  # by the letter their surname index is under
    for name in sorted(nodes):
        if " " not in name and not _is_bare_org_word(name) and not _is_acronym(name):
            single_words[transliteration_key(name)[:1]].append(name)
    close_surnames: dict[str, list[str]] = {}
    for letter, names in single_words.items():
        if letter in surnames:
            found = _Surnames(surnames[letter]).candidates_of_each(names)
            close_surnames.update((name, [surnames[letter][position] for position in positions])
                                  for name, positions in zip(names, found))
    pending: dict[str, set[str]] = {}
    links: list[tuple[str, set[str]]] = []
    for name in sorted(nodes):
        if " " in name:
            continue
        if _is_bare_org_word(name):
            pending[name] = set(by_org_word.get(name.lower(), ()))  # decided mention by mention, or dropped
            continue
        if _is_acronym(name):
            roots = set().union(*(by_initials.get(form, set()) for form in _acronym_forms(name)))
        else:
            votes = roots_votes[clusters.find(name)]
            if not votes["person"] and votes["place"] + votes["organization"] >= 2:
                continue  # a place or organization that happens to be someone's surname
            close = close_surnames.get(name, ())
            roots = set().union(*(people_by_surname[surname] for surname in close if _same_surname(name, surname)))
        roots.discard(clusters.find(name))
        if roots:
            links.append((name, roots))
    for name, roots in links:
        if len(roots) == 1 and clusters.union(name, next(iter(roots))):
            continue
        pending[name] = {clusters.find(root) for root in roots}
    return pending


def _lower_parts_of(name: str) -> set[str]:
    return set().union(*(_lower_parts(word) for word in name.split()))


def _is_bare_org_word(name: str) -> bool:
    return " " not in name and name.lower() in ORG_WORDS


def _cluster_votes(clusters: _Clusters, nodes: dict[str, _Node]) -> dict[str, Counter]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for name, node in nodes.items():
        votes[clusters.find(name)].update(_kind_votes(node))
    return votes


def _entities(
    clusters: _Clusters,
    nodes: dict[str, _Node],
    mentions: Sequence[Mention],
    member_of: dict[tuple[str, int, int], str],
    editor_entities: Sequence[Entity],
) -> tuple[tuple[Entity, ...], dict[str, str]]:
    editors = {entity.id: entity for entity in editor_entities}
    counts: dict[str, Counter] = defaultdict(Counter)  # root -> name -> mentions
    kinds: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        root = member_of.get((mention.source, mention.start, mention.end))
        if root is not None:
            counts[clusters.find(root)][mention.name] += 1
            if mention.kind in KINDS and not (mention.kind == "person" and _first_word_is_a_name(mention.name, nodes)):
                kinds[clusters.find(root)][mention.kind] += 1
    automatic: list[tuple[str, Entity, int]] = []  # (root, entity without a final id, mentions)
    id_of: dict[str, str] = {}
    entities: list[Entity] = []
    for root in clusters.groups():
        seen = counts.get(root, Counter())
        owner = clusters.owner[root]
        if owner:
            editor = editors[owner]
            aliases = set(editor.aliases) | set(seen)
            kind = editor.kind if editor.kind in KINDS else _majority(kinds[root])
            entities.append(Entity(editor.id, editor.name, kind, tuple(sorted(aliases - {editor.name})), editor.description))
            id_of[root] = editor.id
            continue
        if not seen:
            continue
        name = _canonical(seen)
        entity = Entity("", name, _majority(kinds[root]), tuple(sorted(set(seen) - {name})))
        automatic.append((root, entity, sum(seen.values())))
    taken = set(editors)
    by_slug: dict[str, list[tuple[str, Entity, int]]] = defaultdict(list)
    for item in automatic:
        by_slug[slugify(item[1].name) or "entity"].append(item)
    for slug, items in sorted(by_slug.items()):
        # The most mentioned keeps the plain slug; others get a suffix from their own names,
        # so that an id does not change when unrelated sources are added.
        items.sort(key=lambda item: (-item[2], _digest(item[1])))
        for position, (root, entity, _) in enumerate(items):
            entity_id = slug if position == 0 and slug not in taken else f"{slug}-{_digest(entity)[:6]}"
            taken.add(entity_id)
            id_of[root] = entity_id
            entities.append(Entity(entity_id, entity.name, entity.kind, entity.aliases, entity.description))
    return tuple(sorted(entities, key=lambda entity: entity.id)), id_of


def _digest(entity: Entity) -> str:
    return hashlib.sha1("\n".join([entity.name, *entity.aliases]).encode()).hexdigest()


def _canonical(counts: Counter) -> str:
    """The most complete name (most words, acronyms last), then the most frequent."""
    def rank(name: str) -> tuple:
        words = 0 if _is_acronym(name) else min(len(_name_words(name)), 4)
        return (-words, -counts[name], -len(name), name)

    return min(counts, key=rank)


def _majority(votes: Counter) -> str:
    if not votes:
        return "unknown"
    return min(votes, key=lambda kind: (-votes[kind], KINDS.index(kind)))


# --------------------------------------------------------------------------- editors' files


def read_entity_file(text: str, relpath: str) -> tuple[Entity | None, tuple[Problem, ...]]:
    """An editor's entity file: ``Title:``, ``Aliases:``, ``Kind:``, ``Slug:``, a blank line, a Markdown body."""
    header = read_header(text, relpath, ENTITY_KEYS)
    fields = header.fields
    problems: list[Problem] = list(header.problems)
    title = fields.get("title", ("", 0))[0]
    if not title:
        where = fields["title"][1] if "title" in fields else 1
        problems.append(Problem(relpath, "an entity file needs a 'Title:' line naming the entity; the file was skipped", where, "error"))
        return None, tuple(problems)
    kind = "unknown"
    if "kind" in fields:
        value, number = fields["kind"]
        if value.lower() in KINDS:
            kind = value.lower()
        else:
            problems.append(Problem(relpath, f"unknown Kind {value!r}; use one of: {', '.join(KINDS)}", number))
    aliases = []
    if "aliases" in fields:
        for alias in re.split(r"[,;]", fields["aliases"][0]):
            alias = re.sub(r"\s+", " ", alias).strip()
            if alias and alias != title and alias not in aliases:
                aliases.append(alias)
    entity_id = slugify(title) or "entity"
    if "slug" in fields:
        value, number = fields["slug"]
        entity_id = slugify(value)
        if entity_id != value:
            problems.append(Problem(relpath, f"Slug {value!r} is not lowercase words joined by hyphens; using {entity_id!r}", number))
        entity_id = entity_id or slugify(title) or "entity"
    description = header.body.strip()
    unsafe = left_out_problem(description, relpath, header.body_line)
    if unsafe:
        problems.append(unsafe)
    problems.sort(key=lambda problem: problem.line)
    return Entity(entity_id, title, kind, tuple(sorted(aliases)), description), tuple(problems)
