"""Benchmark corpora: N news documents made from the real articles, with planted discrepancies recorded.

    python bench/corpus.py 1000 .cache/bench/1000

Every story is one real article (the seeds, corpus2) made into a story of its
own: its names and the words the analysis has no rule for are replaced,
consistently within the story, by invented ones, so two stories made from the
same article share no more vocabulary than two unrelated articles do.
Numbers, dates, weekdays, qualifiers, reporting verbs and the words of the
value grammar are kept, so the analysis meets what it meets in real news.

Each story is then told by 3 to 6 outlets: the first keeps the article, the
others trim paragraphs, swap neighbouring ones and paraphrase ("told
reporters" / "said").  Half of the stories get one planted change in one
outlet: a number, a date, a weekday or a qualifier, or a name in another
transliteration (which the analysis should take for the same entity, not for
a discrepancy).  The saved web pages of tests/data/html are mixed in, made
unique the same way, as single-document stories: noise.

``plants.json`` records every plant; ``bench/run.py`` matches them against
the analysis.  Everything follows from the seed, so a corpus can be made again.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from crosscheck.extract.entities import (
    ORG_WORDS,
    PLACE_WORDS,
    PORTFOLIO_WORDS,
    TITLE_WORDS,
    find_mentions,
)
from crosscheck.ingest.source import read_source
from crosscheck.words import STOPWORDS

STORY_BASES = sorted((ROOT / "content" / "sources").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "corpus2").glob("*.txt"))
NOISE_BASES = sorted((ROOT / "tests" / "data" / "html").glob("*.gold.txt"))
PLANT_KINDS = ("number", "date", "weekday", "qualifier", "transliteration")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# A qualifier and one that changes what the figure claims.
QUALIFIER_SWAPS = {"more than": "up to", "at least": "up to", "up to": "at least", "about": "more than",
                   "around": "more than", "nearly": "more than", "almost": "more than", "over": "up to"}
# Paraphrases that keep the facts.
PARAPHRASES = ((" told reporters", " said"), ("However, ", "But "), (" also ", " "), (" announced ", " said "),
               (" about ", " around "), (" said on ", " said "))
NUMBER = re.compile(r"(?<![\d.,:/-])\d{1,3}(?:,\d{3})*(?![\d:/]|,\d|\.\d|-\d|st|nd|rd|th)")
WORD = re.compile(r"[^\W\d_]+")


@dataclasses.dataclass(frozen=True)
class Plant:
    file: str  # relative to the corpus's content folder
    story: str
    kind: str
    original: str
    planted: str
    probe: str  # the planted words with a little context: found in the planted claim's text


@dataclasses.dataclass(frozen=True)
class Base:
    title: str
    date: str
    paragraphs: tuple[str, ...]
    names: frozenset[str]  # words of the names in it


def protected_words() -> frozenset[str]:
    """Words the analysis has a rule for: never replaced.

    Stop words, the entity vocabulary (titles, organization and place words),
    unit names, and the words in the string constants of the value, quote,
    claim and date modules (their grammars); not their docstrings or messages.
    """
    words = set(STOPWORDS) | {month.lower() for month in MONTHS} | {day.lower() for day in WEEKDAYS}
    words |= ORG_WORDS | PLACE_WORDS | TITLE_WORDS | PORTFOLIO_WORDS
    for name in ("extract/values.py", "extract/quotes.py", "extract/claims.py", "ingest/dates.py"):
        tree = ast.parse((ROOT / "plugins" / "crosscheck" / name).read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node)}
        in_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings | in_fstrings:
                words.update(word.lower() for word in WORD.findall(node.value))
    from quantulum3 import load

    for surface in load.units("en_US").surfaces:
        words.update(word.lower() for word in WORD.findall(surface))
    return frozenset(words)


def load_base(path: Path) -> Base:
    if path.name.endswith(".gold.txt"):
        meta = json.loads(path.with_name(path.name.replace(".gold.txt", ".meta.json")).read_text(encoding="utf-8"))
        paragraphs = tuple(p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip())
        title, date, text = meta["title"], meta["published"], "\n\n".join(paragraphs)
    else:
        source = read_source(path, path.name).source
        paragraphs = tuple(block.text for block in source.blocks)
        dated = source.published or source.reference
        title, date, text = source.title, dated.date.isoformat() if dated else "", source.text
    names = {word for mention in find_mentions("base", text) for word in WORD.findall(mention.name)}
    return Base(title, date, paragraphs, frozenset(names))


class Inventor:
    """Invented words, each used once per corpus."""

    SYLLABLES = tuple(c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou"))

    def __init__(self, rng: random.Random, protected: frozenset[str]):
        self.rng, self.protected, self.used = rng, protected, set()

    def word(self, like: str) -> str:
        syllables = max(2, min(4, len(like) // 3))
        while True:
            made = "".join(self.rng.choice(self.SYLLABLES) for _ in range(syllables))
            made += self.rng.choice(("", "n", "r", "s", "t", "l"))
            if made not in self.used and made not in self.protected:
                self.used.add(made)
                return made
            syllables += self.rng.random() < 0.2  # short words run out in a large corpus


def disguise(base: Base, inventor: Inventor, protected: frozenset[str]) -> tuple[tuple[str, ...], str, set[str]]:
    """The article as a story of its own: names and unprotected words replaced, the same way throughout."""
    mapping: dict[str, str] = {}

    def replace(match: re.Match) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in protected:
            return word
        if lower not in mapping:
            mapping[lower] = inventor.word(lower)
        made = mapping[lower]
        return made.upper() if word.isupper() and len(word) > 1 else made.capitalize() if word[0].isupper() else made

    paragraphs = tuple(WORD.sub(replace, paragraph) for paragraph in base.paragraphs)
    names = {mapping[word.lower()].capitalize() for word in base.names if word.lower() in mapping}
    return paragraphs, WORD.sub(replace, base.title), names


_EVENT_FIGURE = re.compile(
    rf"(?P<month>{'|'.join(MONTHS)}) (?P<day>\d{{1,2}})(?!\d)(?:(?P<joint>\s*(?:-|–|to|and)\s*)(?P<day2>\d{{1,2}})(?!\d))?"
    rf"(?:, (?P<year>\d{{4}}))?|(?P<iso>\d{{4}}-\d\d-\d\d)|{NUMBER.pattern}"
)


def another_event(paragraphs: tuple[str, ...], date: str, rng: random.Random) -> tuple[tuple[str, ...], str]:
    """The story's figures and dates moved, the same way in every outlet's copy.

    Two stories made from one article are two events: without this they would
    state the same figures on the same days, which unrelated stories never do.
    Dates move by whole weeks, so that every weekday still fits its date.
    """
    factor = rng.choice((0.4, 0.6, 1.5, 2.0, 3.0))
    shift = dt.timedelta(weeks=rng.choice([week for week in range(-26, 27) if week]))
    base_year = int(date[:4]) if date else 2023

    def moved(match: re.Match) -> str:
        if match.group("iso"):
            try:
                return (dt.date.fromisoformat(match.group("iso")) + shift).isoformat()
            except ValueError:
                return match.group(0)
        if match.group("month"):
            year = int(match.group("year") or base_year)
            month = MONTHS.index(match.group("month")) + 1
            try:
                start = dt.date(year, month, int(match.group("day"))) + shift
                end = dt.date(year, month, int(match.group("day2"))) + shift if match.group("day2") else None
            except ValueError:
                return match.group(0)
            text = f"{MONTHS[start.month - 1]} {start.day}"
            if end:
                text += match.group("joint") + (str(end.day) if end.month == start.month else f"{MONTHS[end.month - 1]} {end.day}")
            return text + (f", {start.year}" if match.group("year") else "")
        value = int(match.group(0).replace(",", ""))
        if value < 2 or 1900 <= value <= 2100:  # "1 person", and years, which the dates' shift leaves alone
            return match.group(0)
        new = max(2, round(value * factor))
        return f"{new:,}" if "," in match.group(0) else str(new)

    moved_date = (dt.date.fromisoformat(date) + shift).isoformat() if date else date
    return tuple(_EVENT_FIGURE.sub(moved, paragraph) for paragraph in paragraphs), moved_date


def outlet_version(paragraphs: tuple[str, ...], rng: random.Random) -> list[str]:
    """Another outlet's telling: some paragraphs left out, neighbours swapped, a few paraphrases."""
    kept = [paragraphs[0]] + [p for p in paragraphs[1:] if rng.random() > 0.15]
    if len(kept) > 3 and rng.random() < 0.5:
        at = rng.randrange(1, len(kept) - 1)
        kept[at], kept[at + 1] = kept[at + 1], kept[at]
    out = []
    for paragraph in kept:
        for old, new in PARAPHRASES:
            if old in paragraph and rng.random() < 0.3:
                paragraph = paragraph.replace(old, new)
        out.append(paragraph)
    return out


def plant(paragraphs: list[str], kind: str, names: set[str], rng: random.Random) -> tuple[str, str, str] | None:
    """Change one fact in place; return (original, planted, probe), or None when the kind has nowhere to go."""
    if kind == "transliteration":
        present = sorted(name for name in names if len(name) > 4 and any(name in p for p in paragraphs))
        if not present:
            return None
        original = rng.choice(present)
        renamed = _respelled(original)
        for index, paragraph in enumerate(paragraphs):
            paragraphs[index] = re.sub(rf"\b{re.escape(original)}\b", renamed, paragraph)
        return original, renamed, renamed
    spots = []
    for index, paragraph in enumerate(paragraphs):
        for match in _candidates(kind, paragraph):
            spots.append((index, match))
    if not spots:
        return None
    index, match = rng.choice(spots)
    original = match.group(0)
    planted = _changed(kind, original, rng)
    paragraph = paragraphs[index]
    paragraphs[index] = paragraph[: match.start()] + planted + paragraph[match.end() :]
    start = match.start()
    # a few words of context on each side, within the sentence
    before = re.split(r"[.!?]\s", paragraph[max(0, start - 25) : start])[-1]
    after = re.split(r"[.!?](?:\s|$)", paragraphs[index][start + len(planted) : start + len(planted) + 25])[0]
    return original, planted, before + planted + after


def _candidates(kind: str, paragraph: str):
    if kind == "number":
        return [m for m in NUMBER.finditer(paragraph) if not re.match(r"(19|20)\d\d$", m.group(0))
                and not re.search(rf"(?:{'|'.join(MONTHS)})\s*$", paragraph[: m.start()])]
    if kind == "date":
        return list(re.finditer(rf"\b(?:{'|'.join(MONTHS)}) \d{{1,2}}\b", paragraph))
    if kind == "weekday":
        return list(re.finditer(rf"\b(?:{'|'.join(WEEKDAYS)})\b", paragraph))
    if kind == "qualifier":
        words = "|".join(sorted(QUALIFIER_SWAPS, key=len, reverse=True))
        return list(re.finditer(rf"\b(?:{words})(?= (?:\$|£|€)?\d)", paragraph))
    raise ValueError(kind)


def _changed(kind: str, original: str, rng: random.Random) -> str:
    if kind == "number":
        value = int(original.replace(",", ""))
        new = value + max(1, round(value * rng.choice((0.2, 0.3, 0.5))))
        return f"{new:,}" if "," in original else str(new)
    if kind == "date":
        month, day = original.rsplit(" ", 1)
        new = int(day) + rng.choice((-5, -3, -2, 2, 3, 5))
        return f"{month} {new if 1 <= new <= 28 else int(day) % 20 + 3}"
    if kind == "weekday":
        return rng.choice([day for day in WEEKDAYS if day != original])
    if kind == "qualifier":
        return QUALIFIER_SWAPS[original]
    raise ValueError(kind)


def _respelled(name: str) -> str:
    """Another transliteration of the same name, as outlets spell Zelenskyy / Zelensky / Selenskyj."""
    for old, new in (("ou", "u"), ("ai", "ay"), ("v", "w"), ("k", "ck"), ("i", "y"), ("s", "z"), ("a", "ah")):
        if old in name[1:]:
            return name[0] + name[1:].replace(old, new, 1)
    return name + "h"


def generate(count: int, folder: Path, seed: int = 7) -> list[Plant]:
    """Write ``count`` documents under ``folder``/sources and the plants to ``folder``/plants.json."""
    rng = random.Random(seed)
    protected = protected_words()
    inventor = Inventor(rng, protected)
    stories = [load_base(path) for path in STORY_BASES]
    noise = [load_base(path) for path in NOISE_BASES]
    sources = folder / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    plants: list[Plant] = []
    written = 0
    number = 0
    while written < count:
        number += 1
        story = f"s{number:06d}"
        if rng.random() < 0.15:  # an unrelated single article
            page = rng.choice(noise)
            paragraphs, title, _ = disguise(page, inventor, protected)
            paragraphs, date = another_event(paragraphs, page.date, rng)
            _write(sources / f"{story}-0.txt", title, date, "Noise Weekly", paragraphs)
            written += 1
            continue
        base = rng.choice(stories)
        paragraphs, title, names = disguise(base, inventor, protected)
        paragraphs, date = another_event(paragraphs, base.date, rng)
        outlets = min(rng.randint(3, 6), count - written)
        planted_in = rng.randrange(1, outlets) if outlets > 1 and rng.random() < 0.5 else None
        for outlet in range(outlets):
            version = list(paragraphs) if outlet == 0 else outlet_version(paragraphs, rng)
            name = f"{story}-{outlet}.txt"
            if outlet == planted_in:
                for kind in rng.sample(PLANT_KINDS, len(PLANT_KINDS)):
                    done = plant(version, kind, names, rng)
                    if done:
                        plants.append(Plant(f"sources/{name}", story, kind, *done))
                        break
            _write(sources / name, title, date, f"Outlet {outlet}", version)
            written += 1
    (folder / "plants.json").write_text(json.dumps([dataclasses.asdict(p) for p in plants], indent=1), encoding="utf-8")
    return plants


def _write(path: Path, title: str, date: str, publisher: str, paragraphs) -> None:
    header = f"Title: {title}\n" + (f"Date: {date}\n" if date else "") + f"Publisher: {publisher}\n\n"
    path.write_text(header + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def as_markdown_articles(folder: Path, target: Path) -> None:
    """The same documents as ordinary Pelican Markdown articles, for the plain-Pelican baseline."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted((folder / "sources").rglob("*.txt")):
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        fields = dict(line.split(": ", 1) for line in header.splitlines())
        (target / f"{path.stem}.md").write_text(
            f"Title: {fields['Title']}\nDate: {fields.get('Date', '2024-01-01')}\nCategory: news\n"
            f"Slug: {path.stem}\n\n{body}", encoding="utf-8")


if __name__ == "__main__":
    made = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[1]} documents in {sys.argv[2]}, {len(made)} plants")
