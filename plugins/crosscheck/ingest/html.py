"""A saved news page (decoded HTML) -> its metadata, the article's blocks, and what was left out.

trafilatura decides which paragraphs are the article: it scored best on our
fixtures (docs/decisions-html.md has the figures).  BeautifulSoup walks the
same page to give each block its source line and to say, for every block left
out, where on the page it stood, so an editor can audit the cut.  When
trafilatura finds nothing, the densest container of paragraphs is taken.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ..model import Block, RemovedBlock
from .clean import normalise_space

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HtmlDocument:
    metadata: dict[str, str]  # only the keys found, see _read_metadata
    blocks: tuple[Block, ...]  # the article, in reading order
    removed: tuple[RemovedBlock, ...]  # everything else on the page, with the reason
    problems: tuple[tuple[str, int], ...] = ()  # (what was lost and what to do, line): metadata the page hid from us


@dataclass(frozen=True)
class _PageBlock:
    """A run of text that a browser shows as one block, with where it came from."""

    text: str
    kind: str
    line: int
    element: Tag  # the innermost element that holds all of the text
    link_share: float  # fraction of the letters that are link text


_EMPTY = HtmlDocument({}, (), ())

# Neither favor_precision nor favor_recall: the balance scored best on the fit set of real
# pages (docs/decisions-html.md); comments are never article text.
_TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": False,
    "with_metadata": False,
    "deduplicate": False,
}

_BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "button", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]
)
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_ITEMS = frozenset(["li", "dd", "dt"])
# Never shown as text on the page (or shown only without JavaScript).
_INVISIBLE_TAGS = frozenset(
    ["title", "meta", "link", "base", "template", "svg", "math", "iframe", "frame", "object", "embed", "applet", "canvas", "video", "audio", "select", "option", "textarea", "input", "img", "picture", "source", "noscript"]
)
_CODE_TAGS = frozenset(("script", "style"))
# Elements that load or run something; never copied, but listed so an editor sees they were there.
_EMBED_TAGS = frozenset(("iframe", "frame", "object", "embed", "applet"))

# Where a block stood, most specific first: a share bar inside a header is a share bar.
_REASON_ORDER = (
    "comments",
    "cookie notice",
    "share buttons",
    "related links",
    "newsletter or promotion",
    "advertisement",
    "navigation",
    "byline",
    "image caption",
    "form",
    "sidebar",
    "header",
    "footer",
    "hidden element",
)
_TAG_REASONS = {
    "nav": "navigation",
    "aside": "sidebar",
    "footer": "footer",
    "header": "header",
    "form": "form",
    "figcaption": "image caption",
    "address": "byline",
}
_ROLE_REASONS = {
    "navigation": "navigation",
    "complementary": "sidebar",
    "contentinfo": "footer",
    "banner": "header",
    "search": "form",
}
# Matched against class, id and a few data attributes.  Publishing tools name their
# page furniture the same way everywhere, so these few words cover most sites.
_HINT_WORDS = (
    ("comments", ("comment", "disqus")),
    ("cookie notice", ("cookie", "consent", "gdpr")),
    ("share buttons", ("share", "social")),
    ("related links", ("related", "teaser", "most-?read")),
    ("newsletter or promotion", ("newsletter", "signup", "promo", "donat")),
    ("advertisement", ("(?<![a-z])ads?(?![a-z])", "sponsor")),
    ("navigation", ("breadcrumb", "(?<![a-z])nav", "nav(?![a-z])", "menu", "skip-link", "pagination")),
    ("byline", ("byline", "dateline", "author")),
    ("image caption", ("caption",)),
    ("sidebar", ("sidebar", "rightcol", "leftcol", "right-col", "left-col")),
    # Not "article-header" or "list-header": those head the article or a list, not the page.
    ("header", ("masthead", "site-header", "page-header", "(?<![a-z-])header")),
    ("footer", ("footer", "copyright")),
)
# The 29 words that each occurred in one fixture page only (issue 20) were measured one by one
# on real pages (docs/decisions-html.md); "teaser" is the one that scored better, the rest went.


def hint_patterns(hint_words) -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, reason) for each reason's words, in their order; the benchmark builds variants with it."""
    return tuple((re.compile("|".join(words)), reason) for reason, words in hint_words if words)


_HINT_REASONS = hint_patterns(_HINT_WORDS)
_HINT_ATTRIBUTES = ("class", "id", "data-component", "data-module", "data-testid")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
# Where a block trafilatura chose is dropped all the same ("links": a short run of links).  Bylines
# and captions are not: keeping trafilatura's choice there scored better on real pages.
_OVERRULING_REASONS = (frozenset(_REASON_ORDER) | {"links"}) - {"byline", "image caption"}

# A container holding at least this share of the article is the page's frame, not furniture.
_WRAPPER_SHARE = 0.5
_SHORT_BLOCK_WORDS = 6
_MIN_SHINGLE_COVER = 0.8
_LINK_BLOCK_SHARE = 0.9
_LINK_BLOCK_WORDS = 12
_MIN_RULE_PARAGRAPH_WORDS = 10
_UNSPACED_CHARACTER = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MAX_DEPTH = 256
# Headline and standfirst usually sit in the article's own <header>.
_HEADLINE_REGIONS = frozenset(("", "header"))

_ARTICLE_TYPES = frozenset(
    ["NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "LiveBlogPosting", "AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "Report"]
)
_TITLE_SEPARATORS = re.compile(r"(\s+(?:\||-|–|—|·|::|»)\s+)")
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("property", "og:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "publish-date"),
    ("name", "date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.created"),
    ("name", "sailthru.date"),
    ("name", "parsely-pub-date"),
)
_MODIFIED_META = (
    ("property", "article:modified_time"),
    ("property", "og:updated_time"),
    ("itemprop", "dateModified"),
    ("name", "last-modified"),
    ("name", "dcterms.modified"),
)


def extract_html(markup: str) -> HtmlDocument:
    """Metadata, main-content blocks and removed blocks of one saved page.

    Never raises on bad markup: a page that cannot be read gives empty blocks.
    """
    if not markup or not markup.strip():
        return _EMPTY
    try:
        return _extract(markup, _trafilatura_texts(markup))
    except Exception as error:  # noqa: BLE001 - one unreadable page must not stop the build
        logger.warning("could not read the HTML page (%s: %s)", type(error).__name__, error)
        return _EMPTY


def _extract(markup: str, selected_texts: tuple[str, ...]) -> HtmlDocument:
    """The whole extraction, given the paragraphs an extractor chose (may be empty)."""
    soup = BeautifulSoup(markup, "html.parser")
    page, code = _page_blocks(soup)
    kept = _matching_blocks(page, selected_texts)
    wrappers = _wrappers(page, kept or range(len(page)))
    reasons = [_region_reason(block.element, wrappers) for block in page]
    kept = {i for i in kept if _removal_reason(page[i], reasons[i]) not in _OVERRULING_REASONS}
    if not any(_words(page[i].text) >= _MIN_RULE_PARAGRAPH_WORDS for i in kept):
        # trafilatura kept no paragraph (lxml gives up on very deep pages): a headline alone is no article.
        wrappers = _wrappers(page, range(len(page)))
        reasons = [_region_reason(block.element, wrappers) for block in page]
        kept = _densest_container(page, reasons)
    problems: list[tuple[str, int]] = []
    metadata = _read_metadata(soup, page, reasons, problems)
    if "published" not in metadata:
        published = _htmldate(markup)
        if published:
            metadata["published"] = published
    site_names = {metadata.get("site_name", ""), metadata.get("publisher", "")}
    headline = _headline_index(page, reasons, kept, metadata.get("title", ""), site_names)
    kept |= _article_furniture(page, reasons, kept, headline, metadata.get("description", ""))

    blocks = []
    removed = list(code) + handler_notes(soup)
    for i, block in enumerate(page):
        if i in kept:
            blocks.append(Block(block.text, "heading" if i == headline else block.kind, block.line))
        else:
            removed.append(RemovedBlock(block.text, _removal_reason(block, reasons[i]), block.line))
    removed.sort(key=lambda item: item.line)
    return HtmlDocument(metadata, tuple(blocks), tuple(removed), tuple(problems))


# ---------------------------------------------------------------- the page's blocks


def _page_blocks(soup: BeautifulSoup) -> tuple[list[_PageBlock], list[RemovedBlock]]:
    """Every visible text block in document order, and a note for each script and style.

    Walks without recursion: unclosed tags in broken pages nest thousands deep.
    """
    blocks: list[_PageBlock] = []
    code: list[RemovedBlock] = []
    run = _Run()
    line = 1
    link_depth = 0
    stack: list[tuple[object, bool]] = [(soup, False)]
    while stack:
        node, leaving = stack.pop()
        if isinstance(node, Tag):
            name = node.name
            if leaving:
                if name == "a":
                    link_depth -= 1
                elif name in _BLOCK_TAGS:
                    run.flush(blocks)
                continue
            line = node.sourceline or line
            if name in _CODE_TAGS or name in _INVISIBLE_TAGS:
                code.extend(hidden_notes(node))
                continue
            if name == "br":
                if run.add_break():
                    run.flush(blocks)
                continue
            if name in _BLOCK_TAGS:
                run.flush(blocks)
            elif name == "a":
                link_depth += 1
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            text = str(node)
            if text.strip():
                leading = text[: len(text) - len(text.lstrip())]
                run.add_text(text, node.parent, line + leading.count("\n"), link_depth > 0)
            elif run.parts:
                run.parts.append(" ")
            line += text.count("\n")
    run.flush(blocks)
    return blocks, code


def hidden_notes(element: Tag) -> list[RemovedBlock]:
    """Notes for the scripts, styles, frames, objects, refreshes and base addresses in and under an element."""
    notes = []
    for found in [element, *element.find_all(True)]:
        if found.name in _CODE_TAGS:
            notes.extend(_code_note(found))
        elif found.name in _EMBED_TAGS:
            address = found.get("src") or found.get("data") or found.get("code") or ("an inline page" if found.get("srcdoc") else "")
            where = f" ({_attribute_text_short(address)})" if address else ""
            notes.append(RemovedBlock(f"{found.name} element{where}", f"{found.name} element", found.sourceline or 0))
        elif found.name == "meta" and str(found.get("http-equiv", "")).lower() == "refresh":
            target = _attribute_text_short(found.get("content", ""))
            notes.append(RemovedBlock(f"refresh or redirect ({target})", "meta refresh", found.sourceline or 0))
        elif found.name == "base" and found.get("href"):
            notes.append(RemovedBlock(f"base address ({_attribute_text_short(found['href'])})", "base element", found.sourceline or 0))
    return notes


def handler_notes(soup: BeautifulSoup, lines: bool = True) -> list[RemovedBlock]:
    """One note naming every event handler attribute (onclick, onerror, ...): none is ever copied."""
    handlers = [
        (element.sourceline or 0 if lines else 0,
         f"{name} ({element.name}" + (f", line {element.sourceline})" if element.sourceline and lines else ")"))
        for element in soup.find_all(True)
        for name in element.attrs
        if name.lower().startswith("on")
    ]
    if not handlers:
        return []
    shown = ", ".join(text for _, text in handlers[:_LISTED_HANDLERS])
    if len(handlers) > _LISTED_HANDLERS:
        shown += f" and {len(handlers) - _LISTED_HANDLERS} more"
    return [RemovedBlock(f"{len(handlers)} event handler attribute(s): {shown}", "event handlers", handlers[0][0])]


_LISTED_HANDLERS = 12


def _attribute_text_short(value, limit: int = 100) -> str:
    text = normalise_space(" ".join(value) if isinstance(value, list) else str(value))
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _code_note(element: Tag) -> list[RemovedBlock]:
    """A line saying a script or style was there, and how big: the code itself helps no editor."""
    size = len(element.get_text())
    if not size:
        return []
    return [RemovedBlock(f"{element.name} element ({size} characters)", f"{element.name} element", element.sourceline or 0)]


class _Run:
    """The text gathered since the last block boundary."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.parts: list[str] = []
        self.parents: list[Tag] = []
        self.line = 0
        self.letters = 0
        self.link_letters = 0
        self.breaks = 0

    def add_text(self, text: str, parent: Tag, line: int, in_link: bool) -> None:
        if not self.parts:
            self.line = line
        self.parts.append(text)
        self.parents.append(parent)
        letters = sum(ch.isalnum() for ch in text)
        self.letters += letters
        self.link_letters += letters if in_link else 0
        self.breaks = 0

    def add_break(self) -> bool:
        """True when this <br> ends a paragraph: old CMSes separate paragraphs with two."""
        self.breaks += 1
        if self.parts:
            self.parts.append(" ")
        return self.breaks >= 2

    def flush(self, blocks: list[_PageBlock]) -> None:
        text = normalise_space("".join(self.parts))
        if text:
            # Text nodes come in document order, so the first and last share the run's innermost ancestor.
            element = _common_element(self.parents[0], self.parents[-1])
            blocks.append(_PageBlock(text, _kind(element), self.line, element, self.link_letters / max(self.letters, 1)))
        self.clear()


def _common_element(first: Tag, last: Tag) -> Tag:
    above = {id(element) for element in _ancestors(last)}
    return next((element for element in _ancestors(first) if id(element) in above), first)


def _ancestors(element: Tag):
    """The element and those above it, up to a depth no real page reaches.

    The limit keeps broken pages, whose unclosed tags nest thousands deep, linear.
    """
    for _ in range(_MAX_DEPTH):
        if element is None:
            return
        yield element
        element = element.parent


def _kind(element: Tag) -> str:
    names = [ancestor.name for ancestor in _ancestors(element)]
    block = next((name for name in names if name in _BLOCK_TAGS), "")
    if block in _HEADINGS:
        return "heading"
    if block in _ITEMS:
        return "item"
    if "blockquote" in names:
        return "quote"
    return "paragraph"


# ---------------------------------------------------------------- choosing the article


def _trafilatura_texts(markup: str) -> tuple[str, ...]:
    """The paragraphs trafilatura takes for the article, as plain text."""
    import trafilatura
    from lxml import etree

    try:
        xml = trafilatura.extract(markup, output_format="xml", **_TRAFILATURA_OPTIONS)
    except Exception as error:  # noqa: BLE001 - a third-party parser failing on one page must not stop the build
        logger.warning("trafilatura failed on the page: %s", error)
        return ()
    if not xml:
        return ()
    try:
        tree = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as error:
        logger.warning("trafilatura returned XML that does not parse: %s", error)
        return ()
    main = tree.find("main")
    if main is None:
        return ()
    for element in main.iter():
        # trafilatura leaves no space where a <br> or a paragraph boundary was.
        element.tail = " " + (element.tail or "")
    texts = []
    for element in main.iter():
        if any(above.tag in _XML_PARAGRAPHS for above in element.iterancestors()):
            continue
        # Text outside any paragraph (a list page's items between headings) is kept too.
        pieces = ["".join(element.itertext())] if element.tag in _XML_PARAGRAPHS else [element.text or ""]
        if element is not main:
            pieces.append(element.tail or "")
        texts.extend(text for text in map(normalise_space, pieces) if text)
    return tuple(texts)


_XML_PARAGRAPHS = frozenset(("p", "head", "item", "cell", "quote", "code"))


def _matching_blocks(page: list[_PageBlock], selected: tuple[str, ...]) -> set[int]:
    """The page blocks whose text is among the selected paragraphs."""
    if not selected:
        return set()
    whole = set(selected)
    joined = "\n".join(selected)
    shingles = _shingles(joined)
    kept = set()
    for i, block in enumerate(page):
        if _words(block.text) < _SHORT_BLOCK_WORDS:
            # A short block ("Share", "Sport") would be found inside any long paragraph.
            if block.text in whole:
                kept.add(i)
        elif block.text in joined or _covered(block.text, shingles):
            kept.add(i)
    return kept


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.casefold())
    return {tuple(tokens[i : i + 4]) for i in range(max(1, len(tokens) - 3))}


def _covered(text: str, shingles: set[tuple[str, ...]]) -> bool:
    own = _shingles(text)
    return len(own & shingles) >= _MIN_SHINGLE_COVER * len(own)


def _wrappers(page: list[_PageBlock], chosen) -> set[int]:
    """ids of the elements that hold most of the chosen text: the page's frame."""
    weight: dict[int, int] = defaultdict(int)
    total = 0
    for i in chosen:
        size = len(page[i].text)
        total += size
        for element in _ancestors(page[i].element):
            weight[id(element)] += size
    return {key for key, size in weight.items() if total and size >= _WRAPPER_SHARE * total}


def _region_reason(element: Tag, wrappers: set[int]) -> str:
    """What part of the page an element sits in ('' for none we recognise)."""
    found = set()
    for ancestor in _ancestors(element):
        if ancestor.name in ("body", "html", "[document]") or id(ancestor) in wrappers:
            continue
        reason = _element_reason(ancestor)
        if reason:
            found.add(reason)
    return next((reason for reason in _REASON_ORDER if reason in found), "")


def _element_reason(element: Tag) -> str:
    if element.has_attr("hidden") or _HIDDEN_STYLE.search(str(element.get("style", ""))):
        return "hidden element"
    hints = " ".join(_attribute_text(element, name) for name in _HINT_ATTRIBUTES).lower()
    for pattern, reason in _HINT_REASONS:
        if pattern.search(hints):
            return reason
    role = _attribute_text(element, "role").lower()
    return _ROLE_REASONS.get(role) or _TAG_REASONS.get(element.name, "")


def _attribute_text(element: Tag, name: str) -> str:
    value = element.get(name)
    if isinstance(value, list):
        return " ".join(value)
    return value or ""


def _words(text: str) -> int:
    """Words in a text, counting two characters of a script written without spaces (Chinese, Japanese, Thai) as one."""
    return len(text.split()) + len(_UNSPACED_CHARACTER.findall(text)) // 2


def _is_link_list(block: _PageBlock) -> bool:
    return block.link_share >= _LINK_BLOCK_SHARE and _words(block.text) <= _LINK_BLOCK_WORDS


def _densest_container(page: list[_PageBlock], reasons: list[str]) -> set[int]:
    """Blocks of the element holding the most paragraph text: the fallback when trafilatura finds nothing."""
    score: dict[int, float] = defaultdict(float)
    for block, reason in zip(page, reasons):
        if reason or block.kind not in ("paragraph", "quote") or _words(block.text) < _MIN_RULE_PARAGRAPH_WORDS:
            continue
        parent = block.element.parent
        grandparent = parent.parent if parent is not None else None
        for element, share in ((parent, 1.0), (grandparent, 0.5)):
            if element is not None:
                score[id(element)] += share * len(block.text)
    if not score:
        return set()
    best = max(score, key=score.get)
    return {
        i
        for i, block in enumerate(page)
        if not reasons[i] and not _is_link_list(block) and best in {id(a) for a in _ancestors(block.element)}
    }


def _article_furniture(
    page: list[_PageBlock], reasons: list[str], kept: set[int], headline: int | None, description: str
) -> set[int]:
    """Headline, standfirst and in-text headings, which extractors tend to drop."""
    if not kept:
        return set()
    added = set()
    if headline is not None:
        added.add(headline)
        # A standfirst is told from a byline or a caption by being the page's own description.
        description = _comparable(description)
        for i in range(headline + 1, min(kept)):
            if description and _comparable(page[i].text) == description and reasons[i] in _HEADLINE_REGIONS:
                added.add(i)
    chosen = kept | added
    for i, block in enumerate(page):
        if block.kind != "heading" or reasons[i] or i in chosen:
            continue
        # A heading inside the article: something is kept before it, and what follows it is kept.
        if any(j < i for j in chosen) and i + 1 < len(page) and i + 1 in chosen:
            added.add(i)
    return added


def _headline_index(page: list[_PageBlock], reasons: list[str], kept: set[int], title: str, site_names: set[str]) -> int | None:
    """The block that shows the title above the article, else the last <h1> before it that is not the logo."""
    if not kept:
        return None
    before = [i for i in range(min(kept) + 1) if reasons[i] in _HEADLINE_REGIONS]
    wanted = _comparable(title)
    same = [i for i in before if wanted and _comparable(page[i].text) == wanted]
    logos = {_comparable(name) for name in site_names}
    h1 = [i for i in before if page[i].element.name == "h1" and _comparable(page[i].text) not in logos]
    return (same or h1 or [None])[-1]


def _comparable(text: str) -> str:
    return normalise_space(text).casefold()


def _removal_reason(block: _PageBlock, reason: str) -> str:
    if reason:
        return reason
    if _is_link_list(block):
        return "links"
    return "not main content"


# ---------------------------------------------------------------- metadata


def _read_metadata(soup: BeautifulSoup, page: list[_PageBlock] | None = None, reasons: list[str] | None = None,
                   problems: list[tuple[str, int]] | None = None) -> dict[str, str]:
    """title, url, published, modified, author, publisher, lang, description, site_name: those found.

    Meta tags and JSON-LD (schema.org NewsArticle and its kin) first; the <h1>
    and <title> only for the title.  Dates are kept as the page wrote them.
    """
    meta = _meta_tags(soup)
    article, by_id = _json_ld_article(soup, problems if problems is not None else [])
    found: dict[str, str] = {}

    site_name = meta.get(("property", "og:site_name"), "")
    publisher = _names(article.get("publisher"), by_id) or meta.get(("name", "publisher"), "") or site_name
    found["site_name"] = site_name
    found["publisher"] = publisher
    title_element = _title_element(soup)
    # An <h1> that repeats the short part of "Headline | Site" is the site's logo.
    pieces = _TITLE_SEPARATORS.split(title_element)[::2]
    site_names = {site_name, publisher} | (set(pieces) - {max(pieces, key=len)} if len(pieces) > 1 else set())
    found["title"] = (
        meta.get(("property", "og:title"))
        or _text(article.get("headline") or article.get("name"))
        or _h1_title(page, reasons, {name.casefold() for name in site_names if name})
        or _strip_site_name(title_element, site_name, publisher)
    )
    found["url"] = _canonical(soup) or meta.get(("property", "og:url"), "") or _text(article.get("url"))
    found["published"] = _first_meta(meta, _PUBLISHED_META) or _text(article.get("datePublished")) or _microdata_date(soup)
    found["modified"] = _first_meta(meta, _MODIFIED_META) or _text(article.get("dateModified"))
    found["author"] = _names(article.get("author"), by_id) or meta.get(("name", "author"), "") or _microdata_author(soup)
    found["description"] = meta.get(("name", "description")) or meta.get(("property", "og:description"), "")
    root = soup.find("html")
    if isinstance(root, Tag):
        found["lang"] = _attribute_text(root, "lang") or _attribute_text(root, "xml:lang")
    # The parser has decoded the entities of attributes and elements; JSON-LD's strings are decoded in _text.
    # Decoding twice would turn a title that shows "&lt;script&gt;" into markup.
    return {key: normalise_space(value) for key, value in found.items() if value and value.strip()}


def _htmldate(markup: str) -> str:
    """The publication date htmldate reads from <time> elements, microdata and the like.

    Without a URL and with extensive_search off it downloads nothing and does not
    guess from free text, which is where it went wrong in our measurements.
    """
    from htmldate import find_date

    try:
        return find_date(markup, extensive_search=False, original_date=True) or ""
    except Exception as error:  # noqa: BLE001 - a date we cannot find is no reason to drop the page
        logger.debug("htmldate failed: %s", error)
        return ""


def _meta_tags(soup: BeautifulSoup) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for element in soup.find_all("meta"):
        content = element.get("content")
        if not isinstance(content, str) or not content.strip():
            continue
        for attribute in ("property", "name", "itemprop"):
            key = element.get(attribute)
            if isinstance(key, str):
                found.setdefault((attribute, key.strip().lower() if attribute != "itemprop" else key.strip()), content.strip())
    return found


def _first_meta(meta: dict[tuple[str, str], str], keys) -> str:
    for attribute, name in keys:
        key = (attribute, name if attribute == "itemprop" else name.lower())
        if meta.get(key):
            return meta[key]
    return ""


def _json_ld_article(soup: BeautifulSoup, problems: list[tuple[str, int]]) -> tuple[dict, dict[str, dict]]:
    """The first schema.org article object in the page's JSON-LD, and every object by its '@id'.

    A block that cannot be read is added to ``problems``: the title, date or author it held are lost.
    """
    objects: list[dict] = []
    for element in soup.find_all("script", attrs={"type": re.compile(r"ld\+json", re.IGNORECASE)}):
        data, error = _load_json(element.get_text())
        objects.extend(_json_objects(data))
        if error:
            problems.append((f"JSON-LD: {error}; its metadata (headline, dates, author) is not read, the article is. "
                             "Check the title and date shown, or save the page again", element.sourceline or 0))
    by_id = {item["@id"]: item for item in objects if isinstance(item.get("@id"), str)}
    for item in objects:
        types = item.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(kind, str) and kind in _ARTICLE_TYPES for kind in types):
            return item, by_id
    return {}, by_id


def _load_json(text: str) -> tuple[object, str]:
    """The data of a JSON-LD block, or None and why it cannot be read."""
    text = text.strip()
    # Some CMSes wrap JSON-LD in comment or CDATA markers meant for old browsers.
    text = re.sub(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*$", "", text).strip()
    if not text:
        return None, ""
    try:
        return json.loads(text), ""
    except RecursionError:  # a 100,000-deep array is metadata lost, not the article
        return None, "the block is nested too deep to read"
    except ValueError as error:
        return None, f"the block is not JSON ({getattr(error, 'msg', error)})"


def _json_objects(data) -> list[dict]:
    """Top-level objects of a JSON-LD block: a single object, a list, or an @graph.

    Walks without recursion: a list nested a few hundred deep parses, and would overflow the stack here.
    """
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if item.get("@graph"):
                stack.append(item["@graph"])
    return found


def _names(value, by_id: dict[str, dict], depth: int = 0) -> str:
    """Names of people or organisations given as a string, an object, an @id or a list (of lists, a few deep)."""
    if isinstance(value, list):
        names = []
        for item in value if depth < _MAX_NAME_LISTS else ():
            name = _names(item, by_id, depth + 1)
            if name and name not in names:
                names.append(name)
        return ", ".join(names)
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = by_id.get(value["@id"], {})
        return _text(value.get("name"))
    return _text(value)


_MAX_NAME_LISTS = 4


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("@value") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    # JSON-LD sits in a <script>, whose text HTML leaves alone: CMSes write entities into it as into HTML.
    return html.unescape(value).strip() if isinstance(value, str) else ""


def _canonical(soup: BeautifulSoup) -> str:
    for element in soup.find_all("link", href=True):
        rel = element.get("rel")
        rel = rel if isinstance(rel, list) else [rel]
        if "canonical" in [str(value).lower() for value in rel]:
            return element["href"].strip()
    return ""


def _microdata_date(soup: BeautifulSoup) -> str:
    """datePublished given as microdata on a <time>, <abbr> or <span>, or an HTML4 <time pubdate>."""
    for element in soup.find_all(attrs={"itemprop": "datePublished"}):
        for attribute in ("datetime", "content", "title"):
            if isinstance(element.get(attribute), str) and element[attribute].strip():
                return element[attribute].strip()
    element = soup.find("time", pubdate=True, datetime=True)
    return element["datetime"].strip() if isinstance(element, Tag) else ""


def _microdata_author(soup: BeautifulSoup) -> str:
    element = soup.find(attrs={"itemprop": "author"})
    if not isinstance(element, Tag):
        return ""
    name = element if element.get("itemprop") == "name" else element.find(attrs={"itemprop": "name"})
    if isinstance(name, Tag):
        return name.get("content") or name.get_text()
    return element.get("content") or element.get_text()


def _title_element(soup: BeautifulSoup) -> str:
    element = soup.find("title")
    return normalise_space(element.get_text()) if isinstance(element, Tag) else ""


def _h1_title(page: list[_PageBlock] | None, reasons: list[str] | None, site_names: set[str]) -> str:
    """The first <h1> that is not the site's logo."""
    if page is None or reasons is None:
        return ""
    for block, reason in zip(page, reasons):
        if block.element.name == "h1" and reason in _HEADLINE_REGIONS and block.text.casefold() not in site_names:
            return block.text
    return ""


def _strip_site_name(title: str, *site_names: str) -> str:
    """'Headline | Section | Site' -> 'Headline'; 'Site - Headline' -> 'Headline'."""
    pieces = _TITLE_SEPARATORS.split(title)
    names = {name.casefold() for name in site_names if name}
    if len(pieces) > 2 and pieces[0].casefold() in names:
        pieces = pieces[2:]
    while len(pieces) > 2 and (pieces[-1].casefold() in names or len(pieces[-1].split()) <= 3):
        pieces = pieces[:-2]
    return "".join(pieces)
