"""Body-text extraction measured on public sets of real saved pages, with their own gold text.

    python bench/extraction_sets.py DATA                   # every set, every extractor
    python bench/extraction_sets.py DATA --sets scrapinghub --limit 50
    python bench/extraction_sets.py DATA --hints           # each class hint left out, on the fit set

DATA holds one folder per set, laid out as its repository ships it
(docs/decisions-html.md says where each comes from and under which licence):

    l3s-gn1/original/*.html, l3s-gn1/annotated/*.html       L3S-GN1 (geodrome/page-signal)
    scrapinghub/html/*.html.gz, scrapinghub/ground-truth.json
    dragnet/input/*.html, dragnet/GoldStandard/*.txt, dragnet/test.txt
    cleaneval/input/*.html, cleaneval/GoldStandard/*.txt     CleanEval final set
    wcxb/test/html/*.html.gz, wcxb/test/ground-truth/*.json, wcxb/metadata.json

The measure is the one of the benchmark papers (CleanEval's successors, the
chatnoir comparison, WCXB): the text is cut into casefolded \\w+ tokens, each
page gets precision and recall over the token multisets, and the tables give
the mean over pages of precision, recall and F1.  Pages are read as the
product reads a saved file (ingest.decode on the bytes).  As in
bench/extraction.py, a line equal to the page's title is left out of the gold
and of every extractor's text, since only some extractors return the headline
and some sets' gold (scrapinghub's articleBody) leaves it out; the F1 of the
text as returned is printed beside it.

Settings are chosen on the fit set (FIT_SET) only; the others are held out.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

sys.path.insert(0, str(Path(__file__).resolve().parent))

import extraction  # noqa: E402 - the fixture bench: its candidates are reused here

from crosscheck.ingest import html as html_extract  # noqa: E402
from crosscheck.ingest.decode import decode  # noqa: E402

FIT_SET = "l3s-gn1"
DRAGNET_COMMENTS = "!@#$%^&*()  COMMENTS"
L3S_CONTENT = ("x-nc-sel1", "x-nc-sel2", "x-nc-sel3")  # headline, full text, supplemental (captions)


@dataclass(frozen=True)
class Page:
    name: str
    markup: str
    gold: str
    headline: str = ""  # the page's title as extract_html reads it; left out of both sides when scored


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


# ---------------------------------------------------------------- the sets


def read_text(path: Path) -> str:
    return decode(path.read_bytes()).text


def l3s_pages(folder: Path) -> Iterator[Page]:
    """L3S-GN1: the assessors' spans for headline, full text and supplemental text are the gold."""
    for original in sorted((folder / "original").glob("*.html")):
        soup = BeautifulSoup(read_text(folder / "annotated" / original.name), "html.parser")
        spans = soup.find_all("span", class_=lambda value: value in L3S_CONTENT)
        outermost = [span for span in spans if not any(parent in spans for parent in span.parents)]
        yield Page(original.stem, read_text(original), "\n".join(span.get_text(" ") for span in outermost))


def scrapinghub_pages(folder: Path) -> Iterator[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    for name, record in sorted(truth.items()):
        markup = decode(gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes())).text
        yield Page(name, markup, record["articleBody"])


def dragnet_pages(folder: Path) -> Iterator[Page]:
    """Dragnet's test split; the text after its comments marker is comments, not the article."""
    for name in (folder / "test.txt").read_text(encoding="utf-8").split():
        gold = read_text(folder / "GoldStandard" / f"{name}.txt").split(DRAGNET_COMMENTS)[0]
        yield Page(name, read_text(folder / "input" / f"{name}.html"), gold)


def cleaneval_pages(folder: Path) -> Iterator[Page]:
    """CleanEval's gold starts with a URL line and marks each block <p>, <h> or <l>."""
    for gold_path in sorted((folder / "GoldStandard").glob("*.txt"), key=lambda path: int(path.stem)):
        lines = read_text(gold_path).splitlines()
        if lines and lines[0].startswith("URL:"):
            lines = lines[1:]
        gold = "\n".join(re.sub(r"^\s*<[phl]>", "", line) for line in lines)
        yield Page(gold_path.stem, read_text(folder / "input" / f"{gold_path.stem}.html"), gold)


def wcxb_pages(folder: Path) -> Iterator[Page]:
    """WCXB's held-out test split, article pages only: the kind of page this product reads."""
    files = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))["files"]
    for name, about in sorted(files.items()):
        if about["split"] != "test" or about["page_type"] != "article":
            continue
        truth = json.loads((folder / "test" / "ground-truth" / f"{name}.json").read_text(encoding="utf-8"))
        markup = decode(gzip.decompress((folder / "test" / "html" / f"{name}.html.gz").read_bytes())).text
        yield Page(name, markup, truth["ground_truth"]["main_content"] or "")


SETS: dict[str, Callable[[Path], Iterator[Page]]] = {
    "l3s-gn1": l3s_pages,
    "scrapinghub": scrapinghub_pages,
    "dragnet": dragnet_pages,
    "cleaneval": cleaneval_pages,
    "wcxb": wcxb_pages,
}


def load(data: Path, name: str, limit: int | None) -> list[Page]:
    pages = []
    for page in SETS[name](data / name):
        if tokens(page.gold):  # a page with no gold text scores nothing for anyone
            title = html_extract._read_metadata(BeautifulSoup(page.markup, "html.parser")).get("title", "")
            pages.append(Page(page.name, page.markup, page.gold, title))
        if limit and len(pages) >= limit:
            break
    return pages


# ---------------------------------------------------------------- the measure


def tokens(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.casefold()))


def score(gold: str, found: str) -> Score:
    true, predicted = tokens(gold), tokens(found)
    hits = sum((true & predicted).values())
    if not hits:
        return Score(0.0, 0.0, 0.0)
    precision, recall = hits / sum(predicted.values()), hits / sum(true.values())
    return Score(precision, recall, 2 * precision * recall / (precision + recall))


def body_score(page: Page, found: str) -> Score:
    """The score without the headline: only some extractors return it, and some sets' gold leaves it out."""
    return score(extraction.without_headline(page.gold, page.headline), extraction.without_headline(found, page.headline))


def mean(scores: list[Score]) -> Score:
    return Score(*(statistics.mean(getattr(item, field) for item in scores) for field in ("precision", "recall", "f1")))


# ---------------------------------------------------------------- the extractors


def extractors() -> dict[str, Callable[[str], str]]:
    return {
        "trafilatura defaults": extraction.trafilatura_text(),
        "trafilatura no comments": extraction.trafilatura_text(include_comments=False),
        "trafilatura favor_precision": extraction.trafilatura_text(include_comments=False, favor_precision=True),
        "trafilatura favor_recall": extraction.trafilatura_text(include_comments=False, favor_recall=True),
        "crosscheck + trafilatura favor_precision": extraction.crosscheck_with(favor_precision=True, favor_recall=False),
        "crosscheck + trafilatura no comments": extraction.crosscheck_with(favor_precision=False, favor_recall=False),
        "crosscheck + trafilatura favor_recall": extraction.crosscheck_with(favor_precision=False, favor_recall=True),
        "crosscheck extract_html": extraction.crosscheck_text,
    }


def run(function: Callable[[str], str], pages: list[Page]) -> tuple[Score, Score, float]:
    """Mean body score, mean score of the text as returned (headline included), ms per page."""
    body, whole, start = [], [], time.perf_counter()
    for page in pages:
        found = function(page.markup)
        body.append(body_score(page, found))
        whole.append(score(page.gold, found))
    return mean(body), mean(whole), (time.perf_counter() - start) * 1000 / len(pages)


# The class hints that occurred in exactly one of the eleven fixture pages (issue 20): each must earn its place.
SINGLE_FIXTURE_HINTS = (
    "respond", "commentform", "comment-form", "reply-title", "comment-notes", "discussion", "sp_message", "sharing",
    "like-post", "likes-widget", "more-?stor", "recommended", "read-?more", "rich-link", "teaser", "most-?viewed",
    "trending", "popular", "sign-up", "subscribe", "advert", "dfp", "key-events", "storydate", "posted-on",
    "timestamp", "credit", "top-bar", "site-info",
)
HINT_VALUES = re.compile(r"""\s(?:class|id|data-component|data-module|data-testid)\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def ablation(pages: list[Page]) -> Iterator[list[str]]:
    """extract_html as configured, then with each overruling reason and each single-fixture hint left out.

    Only the pages a change can touch are run again: those whose removed blocks
    carry the reason, or whose class/id/data-* values hold the hint word.
    """
    base, reasons = [], []
    for page in pages:
        document = html_extract.extract_html(page.markup)
        base.append(body_score(page, "\n".join(block.text for block in document.blocks)))
        reasons.append({removed.reason for removed in document.removed})
    yield ["extract_html as configured", "", *cells(mean(base))]

    def variant(label: str, touched: Callable[[int], bool], patch: dict) -> list[str]:
        saved = {name: getattr(html_extract, name) for name in patch}
        for name, value in patch.items():
            setattr(html_extract, name, value)
        try:
            scores = list(base)
            touched_pages = [i for i in range(len(pages)) if touched(i)]
            for i in touched_pages:
                scores[i] = body_score(pages[i], extraction.crosscheck_text(pages[i].markup))
        finally:
            for name, value in saved.items():
                setattr(html_extract, name, value)
        changed = sum(1 for i in touched_pages if scores[i] != base[i])
        return [label, f"{changed}/{len(touched_pages)}", *cells(mean(scores))]

    for reason in sorted(html_extract._OVERRULING_REASONS):
        yield variant(f"keep what trafilatura chose in: {reason}", lambda i, r=reason: r in reasons[i],
                      {"_OVERRULING_REASONS": html_extract._OVERRULING_REASONS - {reason}})
    values = [" ".join(match.group(2) for match in HINT_VALUES.finditer(page.markup)).lower() for page in pages]
    for reason, words in html_extract._HINT_WORDS:
        for word in words:
            if word not in SINGLE_FIXTURE_HINTS:
                continue
            fewer = tuple((other, tuple(w for w in ws if (other, w) != (reason, word))) for other, ws in html_extract._HINT_WORDS)
            pattern = re.compile(word)
            yield variant(f"without hint {word!r} ({reason})", lambda i, p=pattern: bool(p.search(values[i])),
                          {"_HINT_REASONS": html_extract.hint_patterns(fewer)})


def cells(result: Score) -> list[str]:
    return [f"{result.precision:.4f}", f"{result.recall:.4f}", f"{result.f1:.4f}"]


def row(name: str, body: Score, whole: Score, ms: float) -> list[str]:
    return [name, f"{body.precision:.3f}", f"{body.recall:.3f}", f"{body.f1:.3f}", f"{whole.f1:.3f}", f"{ms:.0f}"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", type=Path, help="folder holding one folder per set")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated, of: " + ", ".join(SETS))
    parser.add_argument("--only", default="", help="comma-separated extractor names to run (default: all)")
    parser.add_argument("--limit", type=int, default=None, help="first N pages of each set (quicker, noisier)")
    parser.add_argument("--ablation", action="store_true", help="each overruling reason and class hint left out, on the fit set")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura is chatty about short pages
    warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)  # a few saved pages are XHTML

    if args.ablation:
        pages = load(args.data, FIT_SET, args.limit)
        print(f"\n{FIT_SET} (fit set): {len(pages)} pages, one change at a time\n")
        print("| variant | pages changed/touched | precision | recall | F1 |\n|---|---|---|---|---|")
        for cells_of_row in ablation(pages):
            print("| " + " | ".join(cells_of_row) + " |", flush=True)
        return

    chosen = extractors()
    if args.only:
        chosen = {name: function for name, function in chosen.items() if name in args.only.split(",")}
    header = ["extractor", "precision", "recall", "F1", "F1 headline included", "ms/page"]
    for name in args.sets.split(","):
        pages = load(args.data, name, args.limit)
        role = "fit set" if name == FIT_SET else "held out"
        rows = [row(label, *run(function, pages)) for label, function in chosen.items()]
        extraction.print_table(f"{name} ({role}): {len(pages)} pages, token F1 (mean over pages)", header, rows)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
