"""Names in one text, found by their capital letters, not by a gazetteer.

A mention is a maximal run of capitalised words, with "of", "for", "the" and
"and" let in only where an organization word ("Institute", "Ministry") or a
title opens the door. Titles ("Lieutenant General", "Minister of Defense") are
cut off a person's name, sentence-initial function words and shouted words are
dropped, and the kind is guessed (kinds.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ... import lexicon
from ...model import Mention
from .kinds import demonym_shaped, guess_kind
from .names import (
    FUNCTION_WORDS,
    HEAD_WORDS,
    HOLIDAYS,
    MONTH_NAMES,
    NOT_ACRONYMS,
    ORG_WORDS,
    PARTICLES,
    PLACE_WORDS,
    PORTFOLIO_WORDS,
    STARTERS,
    TITLE_WORDS,
    WEEKDAY_NAMES,
    acronym_forms,
    fold,
    initials,
    is_acronym,
    is_all_caps,
    is_name_word,
    lower_parts,
)
from .tokens import (
    TextFacts,
    Token,
    is_headline,
    joined,
    line_start,
    text_facts,
    tokenise,
)

# Verbs that cannot be nouns, for words that could be either a name or a common word ("Western states").
_AGE_AFTER = re.compile(r"^, \d{1,2}, ")  # "Comeaux, 49, took ...": only a person is given an age this way
_SAID_AFTER = re.compile(
    r"^\s*,?\s*(?:has\s+|had\s+|also\s+)?(?:said|told|added|explained|believes|believed|wrote|warned|argued|insisted|"
    r"stressed|declared|announced|asked|replied|admitted|confirmed|denied|concluded|emphasized|emphasised|stated|"
    r"reported|recalled)\b",
    re.IGNORECASE,
)


_ACRONYM_IN_PARENTHESES = re.compile(r"^\s*\(\s*(?P<acronym>[A-Z][A-Za-z]{1,7})\s*\)")

_DATELINE = re.compile(r"^\s*(?P<place>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,3})(?=,| \(| [-–—] )")


def find_mentions(source_id: str, text: str) -> tuple[Mention, ...]:
    """Names of people, organizations and places in ``text``, in text order."""
    tokens = tokenise(text)
    facts = text_facts(text, tokens)
    shouted = _shouted(tokens, facts)
    dateline = _dateline_tokens(text, tokens)
    runs = _runs(tokens, text, shouted | dateline)
    facts = replace(facts, in_names=_words_in_names(runs, facts))
    facts = replace(facts, alone=frozenset(run[0].word for run in runs if len(run) == 1 and _single_word_is_name(run[0], facts)))
    in_headline = [line_start(text, run[0].start) in facts.headline_lines for run in runs]
    mentions = [
        mention
        for run, headline in zip(runs, in_headline) if not headline
        for span, hint in _split_run(run, facts)
        if (mention := _mention(source_id, span, hint, facts)) is not None
    ]
    known: dict[str, Mention] = {}
    for mention in sorted(mentions, key=lambda m: m.kind == "unknown"):  # a kind that is known wins
        if not is_acronym(mention.name):
            known.setdefault(fold(mention.name), mention)
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


def _words_in_names(runs: list[list[Token]], facts: TextFacts) -> frozenset[str]:
    found = set()
    for run in runs:
        words = [token.word for token in _strip_edges(run, facts) if is_name_word(token.word)]
        if len(words) >= 2:
            found.update(
                word.casefold() for word in words if not lower_parts(word) & HEAD_WORDS and not demonym_shaped(word, facts)
            )
    return frozenset(found)


def _shouted(tokens: list[Token], facts: TextFacts) -> set[int]:
    """All-caps words that are shouting ("NOTHING", "SHAME ON THE MINISTRY"), not acronyms."""
    shouted = set()
    for index, token in enumerate(tokens):
        if not is_all_caps(token.word) or "." in token.word:
            continue
        lower = token.word.lower()
        # Short ones are acronyms even when they spell a word: WHO, US, IT.
        if len(lower) >= 4 and (lower in STARTERS or lower in facts.lowercase) or lower in FUNCTION_WORDS and _all_caps_neighbour(tokens, index, facts.text):
            shouted.add(index)
    changed = True
    while changed:  # a shouted word makes its all-caps neighbours shouted too
        changed = False
        for index in list(shouted):
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(tokens) and neighbour not in shouted and is_all_caps(tokens[neighbour].word):
                    low, high = sorted((index, neighbour))
                    if joined(facts.text, tokens[low], tokens[high]):
                        shouted.add(neighbour)
                        changed = True
    return shouted


def _all_caps_neighbour(tokens: list[Token], index: int, text: str) -> bool:
    before = index > 0 and is_all_caps(tokens[index - 1].word) and joined(text, tokens[index - 1], tokens[index])
    after = index + 1 < len(tokens) and is_all_caps(tokens[index + 1].word) and joined(text, tokens[index], tokens[index + 1])
    return before or after


def _dateline_tokens(text: str, tokens: list[Token]) -> set[int]:
    """ "OSLO, March 9 (Reuters) -": the all-caps place a wire story starts with."""
    found = set()
    offset = 0
    for line in text.split("\n"):
        match = _DATELINE.match(line)
        if match and not is_headline(line, frozenset()):
            start, end = offset + match.start("place"), offset + match.end("place")
            found.update(index for index, token in enumerate(tokens) if start <= token.start and token.end <= end)
        offset += len(line) + 1
    return found


def _breaks_run(token: Token) -> bool:
    """Capitalised function words mid-sentence ("... Hansen The Guardian") start a new run."""
    return token.word.lower() in FUNCTION_WORDS


def _runs(tokens: list[Token], text: str, excluded: set[int]) -> list[list[Token]]:
    runs = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if index in excluded or not is_name_word(token.word):
            index += 1
            continue
        run = [token]
        last = index
        while not tokens[last].possessive:
            following = last + 1
            if following >= len(tokens) or following in excluded:
                break
            if (
                is_name_word(tokens[following].word)
                and not _breaks_run(tokens[following])
                and joined(text, tokens[last], tokens[following])
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
                and is_name_word(tokens[after].word)
                and not _breaks_run(tokens[after])
                and joined(text, tokens[after - 1], tokens[after])
                and _connector_allowed(run, connectors, tokens, after, text)
            ):
                run.extend(tokens[following : after + 1])
                last = after
                continue
            break
        runs.append(run)
        index = last + 1
    return runs


def _connectors(tokens: list[Token], index: int, text: str) -> list[Token]:
    found: list[Token] = []
    while index < len(tokens) and len(found) < 2:
        token = tokens[index]
        if token.word not in PARTICLES and token.word not in ("of", "for", "on", "the", "and", "&"):
            break
        if not joined(text, tokens[index - 1], token):
            break
        found.append(token)
        index += 1
    return found


def _connector_allowed(run: list[Token], connectors: list[Token], tokens: list[Token], after: int, text: str) -> bool:
    words = [token.word for token in connectors]
    lowered = [lower_parts(token.word) for token in run]
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


def _org_word_ahead(tokens: list[Token], index: int, text: str) -> bool:
    while index < len(tokens):
        token = tokens[index]
        if is_name_word(token.word):
            if lower_parts(token.word) & ORG_WORDS:
                return True
        elif token.word not in ("of", "for", "on", "the"):
            return False
        if token.possessive or index + 1 >= len(tokens) or not joined(text, token, tokens[index + 1]):
            return False
        index += 1
    return False


def _strip_edges(run: list[Token], facts: TextFacts) -> list[Token]:
    """Drop sentence-initial function words, weekdays and dangling connectors at the edges."""
    run = list(run)
    while run:
        first = run[0]
        lower = first.word.lower()
        if not is_name_word(first.word) or lower in WEEKDAY_NAMES or lower in FUNCTION_WORDS and not (lower == "the" and not first.sentence_initial and len(run) > 1) or (
            first.sentence_initial and len(run) > 1 and _common_word(first, facts)
            and not lower_parts(first.word) & HEAD_WORDS and lower not in PARTICLES  # "Van Daal said"
        ):
            run.pop(0)
        else:
            break
    while run and (not is_name_word(run[-1].word) or run[-1].word.lower() in WEEKDAY_NAMES):
        run.pop()
    while len(run) > 1 and (run[-2].word, run[-1].word.casefold()) in facts.described:  # an epithet's noun
        run.pop()
    # "Norway Western countries": an adjective that ran into the name before it
    while len(run) > 1 and _demonym_ending(run, facts) and re.match(r"\s+[a-z]", facts.text[run[-1].end :]):
        run.pop()
    return run


def _demonym_ending(run: list[Token], facts: TextFacts) -> bool:
    """ "Norway Western countries", "Nigerian American mayor"."""
    last = run[-1].word
    if demonym_shaped(last, facts):
        return True
    return bool(re.search(r"(?:an|i)$", last)) and demonym_shaped(run[-2].word, facts)


def _split_run(run: list[Token], facts: TextFacts) -> list[tuple[list[Token], str]]:
    """A run of capitalised words -> the names in it, with a kind hint for each."""
    run = _strip_edges(run, facts)
    if not run:
        return []
    # Weekdays inside a run ("Monday Hansen") split it.
    for position, token in enumerate(run):
        if token.word.lower() in WEEKDAY_NAMES:
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
    if all(_is_title(token) or _is_portfolio(token) or demonym_shaped(token.word, facts) for token in run if is_name_word(token.word)):
        return []
    return [(_trim_to_acronym(run, facts), "")]


def _abbreviates_a_thing(word: str) -> bool:
    """ "won by KO": WordNet, when installed, knows some all-caps words as common nouns (lexicon.abbreviates_a_thing)."""
    found = lexicon.load()
    return bool(found and found.abbreviates_a_thing(word))


def _single_word_is_name(token: Token, facts: TextFacts) -> bool:
    word, lower = token.word, token.word.lower()
    if len(word) == 1 or lower in MONTH_NAMES or lower in HOLIDAYS or lower in FUNCTION_WORDS:
        return False
    if "." in word:
        return not re.search(r"\d\s*$", facts.text[max(0, token.start - 3) : token.start])  # "500 B.C."
    if is_all_caps(word):
        return lower not in NOT_ACRONYMS and not re.fullmatch(r"[ivxlc]+", lower) and not _abbreviates_a_thing(word)
    if _is_title(token) or lower[:-1] in TITLE_WORDS:  # "President", "Analysts"
        return False
    after = facts.text[token.end : token.end + 40]
    said = bool(_SAID_AFTER.match(after) or _AGE_AFTER.match(after))
    if lower in PLACE_WORDS:
        return False
    bare_org_word = lower in ORG_WORDS
    if token.sentence_initial:
        if lower_parts(word) & STARTERS or _common_word(token, facts) or bare_org_word:
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
    return not (demonym_shaped(word, facts) and not said)


def _split_title(run: list[Token], facts: TextFacts) -> list[tuple[list[Token], str]] | None:
    """Cut titles off a person's name, keeping what they are titles of.

    "Norwegian Minister of Defense Hansen" -> Hansen; "President of Albania Erik Hansen"
    -> Albania, Erik Hansen; "Central Bank President Anna Berg" -> both.
    None when the run has no title to cut.
    """
    first_title = next((position for position, token in enumerate(run) if _is_title(token)), None)
    if first_title is None:
        return None
    prefix = run[:first_title]
    prefix_is_org = any(lower_parts(token.word) & ORG_WORDS for token in prefix) or any(is_acronym(t.word) for t in prefix)
    if len(prefix) > 2 and not prefix_is_org:
        return None
    end = first_title
    while end < len(run) and (_is_title(run[end]) or (_is_portfolio(run[end]) and end + 1 < len(run) and _is_title(run[end + 1]))):
        end += 1
    if end < len(run) and lower_parts(run[end].word) & ORG_WORDS:
        return None  # "General Staff", "Chief Rabbinate": an organization named after a rank
    rest, complement = run[end:], []
    if rest and rest[0].word in ("of", "for"):
        complement, rest = _complement(rest[1:])
    elif any(token.word == "of" for token in rest):  # "President Emmanuel Macron of France"
        cut = next(position for position, token in enumerate(rest) if token.word == "of")
        rest, complement = rest[:cut], rest[cut + 1 :]
    if not rest and not complement:
        return None if prefix else []  # "John Major" is a name; "Prime Minister" alone is nothing
    parts: list[tuple[list[Token], str]] = []
    if prefix_is_org and not (len(prefix) == 1 and prefix[0].word.lower() in ORG_WORDS):  # "Police Chief X"
        parts.append((prefix, "organization"))
    elif prefix and all(token.word in facts.alone and not demonym_shaped(token.word, facts) for token in prefix):
        parts.append((prefix, ""))
    complement = _without_portfolio_segments(complement)
    if all(_common_word(token, facts) for token in complement if is_name_word(token.word)):
        complement = []  # "Registrar of Voters"
    if complement:
        parts.append((complement, "place" if len(complement) == 1 else ""))
    if rest and all(is_name_word(token.word) or token.word in PARTICLES for token in rest) and len(rest) <= 4:
        parts.append((rest, "person"))
    elif rest:
        parts.append((rest, ""))
    return parts


def _complement(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split what follows "Minister of" into what he is minister of and his name."""
    heads = [
        position for position, token in enumerate(tokens)
        if lower_parts(token.word) & (ORG_WORDS | PLACE_WORDS | PORTFOLIO_WORDS)
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


def _place_then_name(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    words = [token for token in tokens if is_name_word(token.word)]
    if len(words) <= 1:
        return tokens, []
    keep = 1 if len(words) == 2 else len(words) - 2
    cut = tokens.index(words[keep])
    return tokens[:cut], tokens[cut:]


def _without_portfolio_segments(tokens: list[Token]) -> list[Token]:
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


def _person_after_of(run: list[Token]) -> int | None:
    """ "Security Service of Norway Erik Hansen": an organization, then a person."""
    if not any(lower_parts(token.word) & ORG_WORDS for token in run):
        return None
    ofs = [position for position, token in enumerate(run) if token.word == "of"]
    if not ofs:
        return None
    tail = [token for token in run[ofs[-1] + 1 :] if token.word != "the"]
    if len(tail) < 3 or any(lower_parts(token.word) & (ORG_WORDS | PLACE_WORDS | PORTFOLIO_WORDS) for token in tail):
        return None
    if not all(token.word[:1].isupper() and not is_all_caps(token.word) for token in tail[-2:]):
        return None
    return run.index(tail[-2])


def _person_after_place(run: list[Token], facts: TextFacts) -> int | None:
    """ "ambassador of Norway to Albania Erik Hansen": a place, then the person the title was about."""
    words = [token for token in run if is_name_word(token.word)]
    if len(words) < 3 or len(words) != len(run):
        return None
    if any(lower_parts(token.word) & (ORG_WORDS | PLACE_WORDS | TITLE_WORDS | PORTFOLIO_WORDS) for token in run):
        return None
    before = facts.text[max(0, run[0].start - 80) : run[0].start]
    cue = re.search(r"\bto\s+$", before)
    if not cue or not set(re.findall(r"[a-z]+", before[: cue.start()].lower())[-6:]) & TITLE_WORDS:
        return None
    return len(run) - 2


def _trim_to_acronym(run: list[Token], facts: TextFacts) -> list[Token]:
    """ "the American Institute for Peace Studies (IPS)": the name is the part the acronym spells."""
    match = _ACRONYM_IN_PARENTHESES.match(facts.text[run[-1].end : run[-1].end + 12])
    if not match:
        return run
    acronym = match.group("acronym").lower()
    for start, token in enumerate(run):
        if not is_name_word(token.word):
            continue
        if initials([t.word for t in run[start:]]) in acronym_forms(acronym):
            return run[start:]
    return run


def _mention(source_id: str, tokens: list[Token], hint: str, facts: TextFacts) -> Mention | None:
    tokens = list(tokens)
    while tokens and not is_name_word(tokens[0].word):
        tokens.pop(0)
    while tokens and not is_name_word(tokens[-1].word):
        tokens.pop()
    if not tokens:
        return None
    start, end, bare_end = tokens[0].start, tokens[-1].end, tokens[-1].bare_end
    name = re.sub(r"\s+", " ", facts.text[start:bare_end]).strip()
    kind = guess_kind([token.word for token in tokens], hint, facts, start, end, tokens[-1].possessive)
    return Mention(source_id, start, end, facts.text[start:end], name, kind)


def _consecutive(tokens: list[Token], indices: set[int], text: str) -> list[list[Token]]:
    """The tokens at ``indices``, grouped where they stand next to each other."""
    runs: list[list[Token]] = []
    previous = None
    for index in sorted(indices):
        if previous is not None and index == previous + 1 and joined(text, tokens[previous], tokens[index]):
            runs[-1].append(tokens[index])
        else:
            runs.append([tokens[index]])
        previous = index
    return runs


def _known_parts(
    source_id: str, run: list[Token], known: dict[str, Mention], facts: TextFacts, acronyms: bool
) -> list[Mention]:
    """In headlines and shouting, only names the body text uses elsewhere count."""
    found = []
    position = 0
    while position < len(run):
        for stop in range(len(run), position, -1):
            part = run[position:stop]
            if not is_name_word(part[0].word) or not is_name_word(part[-1].word):
                continue
            name = re.sub(r"\s+", " ", facts.text[part[0].start : part[-1].bare_end])
            match = known.get(fold(name))
            if match is None and acronyms and stop - position == 1 and is_acronym(name) and _single_word_is_name(part[0], facts):
                match = Mention(source_id, 0, 0, name, name, "organization")
            if match is not None:
                start, end = part[0].start, part[-1].end
                found.append(Mention(source_id, start, end, facts.text[start:end], match.name if is_all_caps(name) else name, match.kind))
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


def _titlecase(name: str) -> str:
    return re.sub(r"[^\W\d_]+", lambda match: match.group()[:1].upper() + match.group()[1:].lower(), name)


def _is_title(token: Token) -> bool:
    parts = lower_parts(token.word)
    return bool(parts & TITLE_WORDS) and not (parts & ORG_WORDS)


def _is_portfolio(token: Token) -> bool:
    return token.word.lower() in PORTFOLIO_WORDS


def _common_word(token: Token, facts: TextFacts) -> bool:
    lower = token.word.lower()
    return (
        lower in STARTERS
        or lower in facts.lowercase
        or (lower.endswith("s") and lower[:-1] in facts.lowercase)
        or (len(lower) > 4 and lower.endswith("ly"))
    )
