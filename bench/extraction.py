"""Measure main-content and publication-date extraction on the saved pages in tests/data/html.

    python bench/extraction.py            # all tables
    python bench/extraction.py --repeat 1 # quicker, noisier timings

Body text is scored as in the scrapinghub article-extraction benchmark: the
text is split into \\w+ tokens, both sides into 4-token shingles, and each page
gets precision and recall over the shingle multisets; the table gives their
means over pages and the F1 of those means.  The headline is left out of both
sides, since not every extractor returns it and titles are scored separately.

Each page is measured twice: as saved, and with every class, id and data-*
value replaced by a meaningless token, as sites built with CSS-in-JS or
obfuscated class names look.  Dates are measured on the pages as saved and
with the date meta tags and JSON-LD removed, so that only visible dates and
<time> elements are left.

readability-lxml is not a project dependency; its row is skipped when it is
not installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from crosscheck.ingest import html as html_extract
from crosscheck.ingest.decode import decode

FIXTURES = ROOT / "tests" / "data" / "html"
SHINGLE_SIZE = 4
HELD_OUT = "heldout_"


@dataclass(frozen=True)
class Page:
    name: str
    markup: str
    headline: str
    body: str  # the gold paragraphs after the headline
    meta: dict


def load_pages() -> list[Page]:
    pages = []
    for path in sorted(FIXTURES.glob("*.html")):
        gold = path.with_suffix(".gold.txt").read_text(encoding="utf-8").strip().split("\n\n")
        meta = json.loads(path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        markup = decode(path.read_bytes()).text
        pages.append(Page(path.stem, markup, gold[0].strip(), "\n\n".join(gold[1:]), meta))
    return pages


def without_class_names(page: Page) -> Page:
    """The page with class, id and data-* values replaced by hashes."""

    def scramble(match: re.Match) -> str:
        token = "x" + hashlib.sha1(match.group(3).encode()).hexdigest()[:8]
        return f"{match.group(1)}={match.group(2)}{token}{match.group(2)}"

    markup = re.sub(r"""(\s(?:class|id|data-[\w-]+))=(["'])(.*?)\2""", scramble, page.markup)
    return Page(page.name, markup, page.headline, page.body, page.meta)


def without_date_metadata(page: Page) -> Page:
    """The page with JSON-LD and every date-bearing meta tag removed."""
    soup = BeautifulSoup(page.markup, "html.parser")
    for element in soup.find_all("script", attrs={"type": re.compile("ld\\+json", re.IGNORECASE)}):
        element.decompose()
    for element in soup.find_all("meta"):
        key = " ".join(str(element.get(name, "")) for name in ("name", "property", "itemprop")).lower()
        if re.search("date|time|published|modified", key):
            element.decompose()
    for element in soup.find_all(itemprop=re.compile("date", re.IGNORECASE)):
        del element["itemprop"]
    return Page(page.name, str(soup), page.headline, page.body, page.meta)


# ---------------------------------------------------------------- scoring


def shingles(text: str) -> Counter:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i : i + SHINGLE_SIZE]) for i in range(max(1, len(tokens) - SHINGLE_SIZE + 1)))


def precision_recall(gold: str, predicted: str) -> tuple[float, float]:
    true, found = shingles(gold), shingles(predicted)
    hits = sum((true & found).values())
    precision = hits / sum(found.values()) if found else 0.0
    recall = hits / sum(true.values()) if true else 1.0
    return precision, recall


def without_headline(text: str, headline: str) -> str:
    wanted = " ".join(headline.split()).casefold()
    return "\n".join(line for line in text.splitlines() if " ".join(line.split()).casefold() != wanted)


# ---------------------------------------------------------------- the candidates


def trafilatura_text(**options) -> Callable[[str], str]:
    import trafilatura

    def run(markup: str) -> str:
        return trafilatura.extract(markup, output_format="txt", **options) or ""

    return run


def readability_text(markup: str) -> str:
    from readability import Document

    document = Document(markup)
    return BeautifulSoup(document.summary(html_partial=True), "html.parser").get_text("\n")


def justext_text(markup: str) -> str:
    import justext

    paragraphs = justext.justext(markup.encode("utf-8"), justext.get_stoplist("English"), encoding="utf-8")
    return "\n".join(paragraph.text for paragraph in paragraphs if not paragraph.is_boilerplate)


def naive_rules_text(markup: str) -> str:
    """Drop script/style/nav/aside/footer/form/header and comment sections; take the densest <p> container."""
    soup = BeautifulSoup(markup, "html.parser")
    doomed = soup.find_all(["script", "style", "noscript", "nav", "aside", "footer", "form", "header"])
    doomed += soup.find_all(attrs={"class": re.compile("comment", re.IGNORECASE)}) + soup.find_all(id=re.compile("comment", re.IGNORECASE))
    for element in doomed:
        if not element.decomposed:
            element.decompose()
    weight: Counter = Counter()
    containers = {}
    for paragraph in soup.find_all("p"):
        parent = paragraph.parent
        weight[id(parent)] += len(paragraph.get_text(strip=True))
        containers[id(parent)] = parent
    if not weight:
        return ""
    best = containers[weight.most_common(1)[0][0]]
    parts = best.find_all(["p", "h2", "h3", "h4", "li", "blockquote"])
    return "\n".join(part.get_text(" ", strip=True) for part in parts)


def all_visible_text(markup: str) -> str:
    soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(["script", "style", "head", "noscript"]):
        if not element.decomposed:
            element.decompose()
    return soup.get_text("\n")


def crosscheck_text(markup: str) -> str:
    return "\n".join(block.text for block in html_extract.extract_html(markup).blocks)


def crosscheck_rules_text(markup: str) -> str:
    """The fallback alone: what extract_html does when trafilatura returns nothing."""
    return "\n".join(block.text for block in html_extract._extract(markup, ()).blocks)


def crosscheck_with(**options) -> Callable[[str], str]:
    """extract_html with other trafilatura settings."""

    def run(markup: str) -> str:
        saved = dict(html_extract._TRAFILATURA_OPTIONS)
        html_extract._TRAFILATURA_OPTIONS.update(options)
        try:
            return crosscheck_text(markup)
        finally:
            html_extract._TRAFILATURA_OPTIONS.clear()
            html_extract._TRAFILATURA_OPTIONS.update(saved)

    return run


def body_candidates() -> dict[str, Callable[[str], str]]:
    candidates = {
        "all visible text (floor)": all_visible_text,
        "trafilatura default": trafilatura_text(),
        "trafilatura no comments": trafilatura_text(include_comments=False),
        "trafilatura favor_precision": trafilatura_text(include_comments=False, favor_precision=True),
        "trafilatura favor_recall": trafilatura_text(include_comments=False, favor_recall=True),
        "trafilatura fast": trafilatura_text(include_comments=False, fast=True),
        "readability-lxml + bs4": readability_text,
        "jusText": justext_text,
        "bs4 rules (naive)": naive_rules_text,
        "crosscheck rules only": crosscheck_rules_text,
        "crosscheck, trafilatura default": crosscheck_with(favor_precision=False),
        "crosscheck, trafilatura favor_recall": crosscheck_with(favor_precision=False, favor_recall=True),
        "crosscheck extract_html": crosscheck_text,
    }
    try:
        import readability  # noqa: F401
    except ImportError:
        del candidates["readability-lxml + bs4"]
    return candidates


def date_candidates() -> dict[str, Callable[[str], str]]:
    import trafilatura
    from htmldate import find_date

    def metadata(markup: str) -> str:
        return html_extract._read_metadata(BeautifulSoup(markup, "html.parser")).get("published", "")

    def metadata_then_htmldate(markup: str) -> str:
        return metadata(markup) or find_date(markup, extensive_search=False, original_date=True) or ""

    def trafilatura_date(markup: str) -> str:
        found = trafilatura.extract_metadata(markup)
        return (found.date if found else "") or ""

    return {
        "meta tags + JSON-LD (bs4)": metadata,
        "htmldate extensive_search=False": lambda m: find_date(m, extensive_search=False, original_date=True) or "",
        "htmldate extensive_search=True": lambda m: find_date(m, extensive_search=True, original_date=True) or "",
        "trafilatura metadata": trafilatura_date,
        "bs4, then htmldate fast": metadata_then_htmldate,
    }


# ---------------------------------------------------------------- running


def timed(function: Callable[[str], str], markup: str, repeat: int) -> tuple[str, float]:
    durations, result = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(markup)
        durations.append(time.perf_counter() - start)
    return result, statistics.median(durations) * 1000


def body_table(pages: list[Page], repeat: int) -> tuple[list[list[str]], dict[str, dict[str, float]]]:
    rows, per_page = [], {}
    for name, function in body_candidates().items():
        precisions, recalls, f1s, millis = [], [], [], []
        per_page[name] = {}
        for page in pages:
            text, ms = timed(function, page.markup, repeat)
            precision, recall = precision_recall(page.body, without_headline(text, page.headline))
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            precisions.append(precision)
            recalls.append(recall)
            f1s.append(f1)
            millis.append(ms)
            per_page[name][page.name] = f1
        precision, recall = statistics.mean(precisions), statistics.mean(recalls)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        rows.append([name, f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}", f"{min(f1s):.3f}", f"{statistics.mean(millis):.1f}"])
    return rows, per_page


def date_table(pages: list[Page], repeat: int) -> list[list[str]]:
    rows = []
    for name, function in date_candidates().items():
        right = wrong = missing = 0
        millis = []
        for page in pages:
            found, ms = timed(function, page.markup, repeat)
            millis.append(ms)
            if not found:
                missing += 1
            elif found[:10] == page.meta["published"]:
                right += 1
            else:
                wrong += 1
        rows.append([name, str(right), str(wrong), str(missing), f"{statistics.mean(millis):.1f}"])
    return rows


def metadata_table(pages: list[Page]) -> list[list[str]]:
    import trafilatura

    fields = ("title", "url", "author", "publisher")
    ours, theirs = Counter(), Counter()
    for page in pages:
        found = html_extract.extract_html(page.markup).metadata
        other = trafilatura.extract_metadata(page.markup)
        other = {
            "title": other.title,
            "url": other.url,
            "author": other.author,
            "publisher": other.sitename,
        } if other else {}
        for field in fields:
            ours[field] += same_value(field, found.get(field), page.meta[field])
            theirs[field] += same_value(field, other.get(field), page.meta[field])
    total = len(pages)
    return [
        ["bs4 meta/JSON-LD (crosscheck)"] + [f"{ours[field]}/{total}" for field in fields],
        ["trafilatura extract_metadata"] + [f"{theirs[field]}/{total}" for field in fields],
    ]


def same_value(field: str, found: str | None, expected: str | None) -> bool:
    """Equal, counting "A; B" and "A, B" as the same list of authors."""
    if field == "author" and found and expected:
        return sorted(re.split(r"\s*[;,]\s*", found)) == sorted(re.split(r"\s*[;,]\s*", expected))
    return (found or None) == expected


def print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    print(f"\n{title}\n")
    print("| " + " | ".join(cell.ljust(width) for cell, width in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    for row in rows:
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per page for the timings (median is kept)")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)  # trafilatura and htmldate are chatty about short pages
    pages = load_pages()
    # The held-out pages were written after the rules were tuned on the others, and measured before any change.
    groups = {
        "development pages": [page for page in pages if not page.name.startswith(HELD_OUT)],
        "held-out pages": [page for page in pages if page.name.startswith(HELD_OUT)],
    }
    header = ["extractor", "precision", "recall", "F1", "worst page F1", "ms/page"]
    per_page = {}
    for label, group in groups.items():
        rows, scores = body_table(group, args.repeat)
        for name, by_page in scores.items():
            per_page.setdefault(name, {}).update(by_page)
        print_table(f"Body text, {len(group)} {label} as saved", header, rows)
        rows, _ = body_table([without_class_names(page) for page in group], args.repeat)
        print_table(f"Body text, {len(group)} {label}, class/id/data-* values scrambled", header, rows)

    chosen = ["trafilatura favor_precision", "readability-lxml + bs4", "jusText", "bs4 rules (naive)", "crosscheck extract_html"]
    chosen = [name for name in chosen if name in per_page]
    print_table(
        "F1 per page (as saved)",
        ["page"] + chosen,
        [[page.name] + [f"{per_page[column][page.name]:.3f}" for column in chosen] for page in pages],
    )

    date_header = ["date finder", "right", "wrong", "none", "ms/page"]
    print_table(f"Publication date, {len(pages)} pages as saved", date_header, date_table(pages, args.repeat))
    print_table(
        f"Publication date, {len(pages)} pages, date meta tags and JSON-LD removed",
        date_header,
        date_table([without_date_metadata(page) for page in pages], args.repeat),
    )
    print_table(f"Other metadata, {len(pages)} pages as saved", ["reader", "title", "url", "author", "publisher"], metadata_table(pages))


if __name__ == "__main__":
    main()
