"""Editors' Markdown -> HTML that can only format text and link to pages.

Python-Markdown passes raw HTML through, and its "extra" extensions copy any
attribute an editor writes (``{: onclick=... }``). The result is cleaned with
nh3 against an allow-list of what Markdown "extra" itself produces; anything
else is left out and named, so that no editor's text disappears unnoticed.
SECURITY.md lists the same allow-list for editors.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable

import markdown
import nh3
from bs4 import BeautifulSoup

from .model import Problem

# What Markdown "extra" makes of headings, paragraphs, lists, emphasis, code,
# quotes, tables, definition lists, abbreviations, footnotes and rules.
TAGS = frozenset((
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "abbr", "sup", "img", "div",
))
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "sup": {"id"},
    "li": {"id"},
}
CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
# Table columns are aligned with align="": the Content-Security-Policy blocks inline styles.
ALIGNMENTS = {"th": {"align": {"left", "right", "center"}}, "td": {"align": {"left", "right", "center"}}}
URL_SCHEMES = frozenset({"http", "https"})  # and relative addresses and #fragments
# Removed with everything inside them: their content is code or a page of its own, never text.
DROPPED_WITH_CONTENT = frozenset((
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template", "noscript",
    "svg", "math", "textarea", "select",
))
# {filename}/sources/x.txt, {filename}other.md and {claim}g-... in an annotation's body.
BODY_LINK = re.compile(r"\{(?P<kind>filename|claim)\}(?P<target>[^\s)\"'>]+)")
_UNRESOLVED_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*" + BODY_LINK.pattern + r"\s*\)")
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?:[\w-]+")
_LANGUAGE_CLASS = re.compile(r"language-[\w+-]+")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None  # footnotes link to each other by id
    if tag == "code" and attribute == "class":
        return value if all(_LANGUAGE_CLASS.fullmatch(name) for name in value.split()) else None
    return value


def sanitize_html(html: str) -> str:
    """``html`` with only the allowed tags, attributes and http(s) or relative addresses."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
        tag_attribute_values={tag: {name: set(values) for name, values in allowed.items()} for tag, allowed in ALIGNMENTS.items()},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def render_markdown(text: str) -> str:
    """An editor's Markdown as sanitized HTML."""
    return sanitize_html(_markdown_html(text))


def plain_text(text: str) -> str:
    """An editor's one-line text (a title, an author) with any markup left out, as text for any output."""
    return " ".join(html.unescape(nh3.clean(text, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))).split())


def annotation_html(annotation, address: Callable[[str, str], str]) -> str:
    """An annotation's body as sanitized HTML, for every output that shows it (pages, feeds, the JSON export).

    ``annotation.links`` are its checked {filename}/{claim} links: ``address(kind, id)`` makes each
    an address of this site. A link that found nothing is left as its words, without a link."""
    body = annotation.body
    for written, kind, target in annotation.links:
        fragment = written.partition("#")[2]
        body = body.replace(written, address(kind, target) + (f"#{fragment}" if fragment else ""))
    body = _UNRESOLVED_LINK.sub(lambda match: match.group("text"), body)
    return render_markdown(BODY_LINK.sub("", body))


def _markdown_html(text: str) -> str:
    return markdown.markdown(text, extensions=["extra", "tables"], extension_configs={"tables": {"use_align_attribute": True}})


def left_out(text: str) -> list[str]:
    """What sanitizing an editor's Markdown leaves out: tags, attributes and addresses, in words."""
    before = _inventory(_markdown_html(text))
    after = _inventory(render_markdown(text))
    missing = before - after
    gone = {item for item in missing if item.startswith("<") and not after[item]}  # no need to list their attributes
    return [item for item in before if item in missing and not any(item.endswith(f" on {tag}") for tag in gone)]


def left_out_problem(text: str, relpath: str, line: int) -> Problem | None:
    """A Problem naming what sanitizing leaves out of an editor's Markdown, or None."""
    unsafe = left_out(text)
    if not unsafe:
        return None
    shown = ", ".join(unsafe[:8]) + (f" and {len(unsafe) - 8} more" if len(unsafe) > 8 else "")
    return Problem(relpath, f"HTML that editors may not use is left out of the page: {shown}; "
                            "SECURITY.md lists what may be used", line)


def _inventory(html: str) -> Counter:
    found: Counter = Counter()
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        found[f"<{element.name}>"] += 1
        for name, value in element.attrs.items():
            if name in ("href", "src"):
                found[f"{name}={str(value)[:60]!r} on <{element.name}>"] += 1
            elif name not in ("rel", "class"):  # rel is added; classes only style, and are trimmed to ours
                found[f"{name} on <{element.name}>"] += 1
    return found
