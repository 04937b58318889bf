"""Atom feeds of new and updated claims, new conflicts, new verdicts and sources that changed.

An entry is dated by its sources: a claim group is published with its earliest
source and updated with its latest, so a group that a new source joins moves
up the feed.  Sources without a date take the build date (``SOURCE_DATE_EPOCH``,
else the newest source date): never the clock, so two builds are identical.
A changed source is dated by the retrieval times of its versions.
Nothing here knows about Pelican; the XML is written with feedgenerator.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import io
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import feedgenerator

from ..ingest.decode import balance_bidi, strip_unsafe
from ..model import Claim, Discrepancy, Group, Source
from ..sanitize import annotation_html
from .urls import body_link_address, group_page, source_page

if TYPE_CHECKING:
    from ..changes import Change, Version
    from ..model import Annotation

FEEDS = {
    "claims": "New and updated claims",
    "conflicts": "New conflicts between sources",
    "verdicts": "New verdicts",
    "changes": "Sources that changed",
}
STATUS_WORDS = {"conflict": "Sources conflict", "minor": "Minor differences", "corroborated": "Corroborated",
                "single": "Single source"}
TITLE_CHARS = 120


@dataclass(frozen=True)
class Entry:
    link: str  # page path relative to the site root, with a #fragment when the entry is part of a page
    title: str  # text
    summary: str  # HTML (Atom type="html"): text from sources is escaped into it
    published: dt.date  # or a dt.datetime, when the time is known
    updated: dt.date


def source_date(source: Source) -> dt.date | None:
    """When a source was written: its publication date, else the "today" its text refers to."""
    evidence = source.published or source.reference
    return evidence.date if evidence else None


def build_date(sources: Iterable[Source], environ=os.environ) -> dt.date:
    """The date that stands in for an unknown one: SOURCE_DATE_EPOCH, the newest source, or 1970-01-01."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    known = [day for day in map(source_date, sources) if day]
    return max(known) if known else dt.date(1970, 1, 1)


def _short(text: str, limit: int = TITLE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _text(text: str) -> str:
    """Text from a source, for a type="html" summary: escaped, and closing its own bidirectional controls."""
    return html.escape(balance_bidi(text))


def _dates(source_ids: Iterable[str], sources: Mapping[str, Source], fallback: dt.date) -> tuple[dt.date, dt.date]:
    days = sorted(source_date(sources[source_id]) or fallback for source_id in source_ids)
    return (days[0], days[-1]) if days else (fallback, fallback)


def claim_entries(groups: Iterable[Group], claims: Mapping[str, Claim], sources: Mapping[str, Source], settings,
                  fallback: dt.date, max_items: int | None = None) -> list[Entry]:
    """One entry per claim group: published with its first source, updated with its latest; only the
    ``max_items`` newest (those ``atom`` keeps), when given: each summary quotes every claim of its group."""
    return newest((_claim_entry(group, claims, sources, settings, fallback) for group in groups), max_items)


def _claim_entry(group: Group, claims: Mapping[str, Claim], sources: Mapping[str, Source], settings, fallback: dt.date) -> Entry:
    members = [claims[claim_id] for claim_id in group.claims]
    published, updated = _dates({claim.source for claim in members}, sources, fallback)
    said = "; ".join(f"{_text(sources[claim.source].title)}: \u201c{_text(claim.text)}\u201d" for claim in members)
    summary = f"{STATUS_WORDS.get(group.status, group.status)}, {len({c.source for c in members})} source(s). {said}"
    return Entry(group_page(group.id, settings), _short(group.statement), summary, published, updated)


def newest(entries: Iterable[Entry], max_items: int | None = None) -> list[Entry]:
    """The entries newest first (by when they were updated, then by address); the first ``max_items`` when given,
    holding no more than those at a time (heapq.nsmallest is sorted()[:n], ties kept in order)."""
    return heapq.nsmallest(max_items, entries, key=_newest_first) if max_items else sorted(entries, key=_newest_first)


def _newest_first(entry: Entry) -> tuple[float, str]:
    return -_moment(entry.updated).timestamp(), entry.link


def conflict_entries(discrepancies: Iterable[Discrepancy], groups: Mapping[str, Group], claims: Mapping[str, Claim],
                     sources: Mapping[str, Source], settings, fallback: dt.date) -> list[Entry]:
    """One entry per conflict, dated by the later of its two sources: when the conflict appeared."""
    entries = []
    for item in discrepancies:
        if item.kind != "conflict":
            continue
        group = groups[item.group]
        _, appeared = _dates({claims[claim_id].source for claim_id in item.claims}, sources, fallback)
        link = f"{group_page(group.id, settings)}#{item.id}"
        entries.append(Entry(link, _short("Conflict: " + group.statement), _text(item.explanation), appeared, appeared))
    return entries


def verdict_entries(verdict_of: Mapping[str, Annotation], groups: Mapping[str, Group], settings,
                    fallback: dt.date, site_url: str = "") -> list[Entry]:
    """One entry per published verdict (model.Annotated.verdict_of: Group.id -> Annotation),
    dated by the annotation's Date: and Modified: (or its file's git history). The summary is the
    annotation's body as the claim page shows it: sanitized, its links made into this site's addresses."""
    entries = []
    address = body_link_address(settings, site_url)
    for group_id, annotation in verdict_of.items():
        group = groups.get(group_id)
        if group is None or not annotation.verdict:
            continue
        published = _iso_date(annotation.date) or fallback
        updated = max(_iso_date(annotation.modified) or published, published)
        by = f" ({annotation.author})" if annotation.author else ""
        heading = html.escape(f"{annotation.verdict}{by}: {annotation.title or group.statement}")
        summary = f"<p>{heading}</p>\n{annotation_html(annotation, address)}"
        entries.append(Entry(group_page(group_id, settings), _short(f"{annotation.verdict}: {annotation.title or group.statement}"),
                             summary, published, updated))
    return entries


def change_entries(histories: Mapping[str, tuple[Sequence[Version], Sequence[Change]]], sources: Mapping[str, Source],
                   settings, fallback: dt.date) -> list[Entry]:
    """One entry per clipped source that changed (model.Analysis.histories), published when it was first read and
    updated when it last changed; the summary says what changed, newest first."""
    entries = []
    for source_id, (kept, found) in histories.items():
        if source_id not in sources or not found:
            continue
        said = "".join(f"<p>{_text(_change_words(change))}</p>" for change in reversed(found))
        published = _iso_moment(kept[0].retrieved) or fallback
        updated = max(_iso_moment(found[-1].after.retrieved) or fallback, published, key=_moment)
        entries.append(Entry(f"{source_page(source_id, settings)}#versions-heading",
                             _short("Changed: " + sources[source_id].title), said, published, updated))
    return entries


def _change_words(change: Change) -> str:
    """Like "From 2026-11-23T09:10:00Z to 2026-11-23T14:32:00Z: 18 → 24 (count); 1 sentence added, 1 sentence reworded."."""
    said = [f"headline \u201c{change.before.title}\u201d \u2192 \u201c{change.after.title}\u201d"] if change.title_changed else []
    said += [f"{value.old} \u2192 {value.new} ({value.kind})" for value in change.values]
    counted = Counter(sentence.kind for sentence in change.sentences if sentence.kind != "same")
    if counted:
        said.append(", ".join(f"{count} sentence{'s' if count > 1 else ''} {kind}" for kind, count in sorted(counted.items())))
    return f"From {change.before.retrieved or 'an earlier reading'} to {change.after.retrieved or 'a later one'}: {'; '.join(said)}."


def _iso_moment(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).astimezone(dt.UTC) if text else None
    except ValueError:
        return None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def atom(name: str, entries: Sequence[Entry], site_url: str, feed_path: str, sitename: str, fallback: dt.date,
         max_items: int | None = None) -> str:
    """The feed as Atom XML, newest entries first."""
    base = site_url.rstrip("/")
    feed_url = f"{base}/{feed_path}"
    feed = _Feed(
        title=f"{sitename}: {FEEDS[name]}",
        link=f"{base}/",
        description=FEEDS[name],
        language="en",
        feed_url=feed_url,
        feed_guid=_unique(feed_url, f"feed:{name}"),
        fallback=_moment(fallback),
    )
    for entry in newest(entries, max_items):
        link = f"{base}/{entry.link}"
        # Whatever an entry holds, the feed stays well-formed XML: no control characters, surrogates or noncharacters.
        feed.add_item(title=balance_bidi(strip_unsafe(entry.title)[0]), link=link, description=strip_unsafe(entry.summary)[0],
                      unique_id=_unique(link, entry.link),
                      pubdate=_moment(entry.published), updateddate=_moment(entry.updated))
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


def _unique(url: str, path: str) -> str:
    """An entry's id: its address when the site has an absolute SITEURL, else a URN of its path."""
    return url if url.startswith(("http://", "https://")) else f"urn:crosscheck:{path}"


def _moment(day: dt.date) -> dt.datetime:
    if isinstance(day, dt.datetime):
        return day.astimezone(dt.UTC)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


class _Feed(feedgenerator.Atom1Feed):
    """Atom1Feed, but an empty feed is dated by the build date, not by the clock."""

    def __init__(self, *args, fallback: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._fallback = fallback

    def latest_post_date(self):
        return max((item["updateddate"] or item["pubdate"] for item in self.items), default=self._fallback)
