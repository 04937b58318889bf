"""Editors' outlet files (content/outlets/<slug>.md), and the outlets of the sources.

An outlet file pins a publisher: ``Title:`` (its name), ``Url:`` (its site),
``Aliases:`` (other names the sources give it), ``Slug:``, then a Markdown
body. Without any file, every source whose metadata, header or text names a
publisher still gets an outlet (ingest.publisher): the files only join names
and give the display name and address.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from ..ingest.header import read_header
from ..ingest.publisher import comparable
from ..model import Outlet, Problem, Source
from ..sanitize import left_out_problem
from ..words import numbered, slugify
from .files import editor_files

logger = logging.getLogger(__name__)

OUTLET_KEYS = ("title", "url", "aliases", "slug")


def read_outlet_file(text: str, relpath: str) -> tuple[Outlet | None, tuple[Problem, ...]]:
    """One outlet file; a file without a name is skipped, every other mistake is reported at its line and left out."""
    header = read_header(text, relpath, OUTLET_KEYS)
    fields = header.fields
    problems: list[Problem] = list(header.problems)
    name = " ".join(fields.get("title", ("", 0))[0].split())
    if not name:
        where = fields["title"][1] if "title" in fields else 1
        problems.append(Problem(relpath, "an outlet file needs a 'Title:' line naming the outlet; the file was skipped", where))
        return None, tuple(problems)
    url = ""
    if "url" in fields:
        value, line = fields["url"]
        if re.fullmatch(r"https?://[^\s\"'<>\\^`{|}@]+", value, re.IGNORECASE) and urlsplit(value).hostname:
            url = value
        else:
            problems.append(Problem(relpath, f"Url: {value[:60]!r} is not an http(s) address such as https://news.example.org/; "
                                             "it is not used", line))
    aliases: list[str] = []
    for alias in re.split(r"[,;]", fields.get("aliases", ("", 0))[0]):
        alias = " ".join(alias.split())
        if alias and comparable(alias) != comparable(name) and alias not in aliases:
            aliases.append(alias)
    outlet_id = slugify(name) or "outlet"
    if "slug" in fields:
        value, line = fields["slug"]
        if slugify(value) != value:
            problems.append(Problem(relpath, f"Slug: {value!r} is not lower-case words joined by hyphens; using "
                                             f"{slugify(value) or outlet_id!r}", line))
        outlet_id = slugify(value) or outlet_id
    description = header.body.strip()
    unsafe = left_out_problem(description, relpath, header.body_line)
    if unsafe:
        problems.append(unsafe)
    return Outlet(outlet_id, name, url, tuple(sorted(aliases)), description, file=relpath), tuple(problems)


def read_outlets(root: Path, outlet_dirs: Sequence[str]) -> tuple[tuple[Outlet, ...], tuple[Problem, ...]]:
    """Every outlet file under the content folder; a name or id that two files claim stays with the first."""
    outlets: list[Outlet] = []
    problems: list[Problem] = []
    owner: dict[str, str] = {}  # comparable name, or "id:" + id -> the file that has it
    for read in editor_files(root, outlet_dirs, "the file is skipped until it is saved as UTF-8"):
        if read.problem:
            problems.append(read.problem)
        if read.lost:
            continue
        text, relpath = read.text, read.path
        outlet, found = read_outlet_file(text, relpath)
        problems.extend(found)
        if outlet is None:
            continue
        if f"id:{outlet.id}" in owner:
            problems.append(Problem(relpath, f"its page name {outlet.id!r} is taken by {owner['id:' + outlet.id]}; this file "
                                             "is skipped. Merge the two files, or give this one a Slug: line", 1))
            continue
        lines = read_header(text, relpath, OUTLET_KEYS).fields
        kept = []
        for alias in outlet.aliases:
            if comparable(alias) in owner:
                problems.append(Problem(relpath, f"Aliases: {alias!r} already names the outlet of {owner[comparable(alias)]}; "
                                                 "a name can name one outlet only, so it is ignored here",
                                        lines.get("aliases", ("", 1))[1]))
            else:
                kept.append(alias)
        if comparable(outlet.name) in owner:
            problems.append(Problem(relpath, f"Title: {outlet.name!r} already names the outlet of {owner[comparable(outlet.name)]}; "
                                             "this file is skipped. Keep one file per outlet", lines["title"][1]))
            continue
        for name in (outlet.name, *kept):
            owner[comparable(name)] = relpath
        owner[f"id:{outlet.id}"] = relpath
        outlets.append(Outlet(outlet.id, outlet.name, outlet.url, tuple(kept), outlet.description, file=relpath))
    return tuple(outlets), tuple(problems)


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def outlets_of(sources: Sequence[Source], pinned: Sequence[Outlet]) -> tuple[Outlet, ...]:
    """The outlet of every source that has one, with its sources.

    A source belongs to the pinned outlet its publisher's name (or an alias) names, else to the one whose Url:
    is on the same site as its own address; any other publisher's name is an outlet of its own.
    """
    by_name = {comparable(name): outlet for outlet in pinned for name in (outlet.name, *outlet.aliases)}
    by_host = {_host(outlet.url): outlet for outlet in pinned if outlet.url}
    members: dict[str, list[str]] = {}
    found: dict[str, Outlet] = {outlet.id: outlet for outlet in pinned}
    for source in sources:
        outlet = by_name.get(comparable(source.publisher)) if source.publisher else None
        outlet = outlet or by_host.get(_host(source.url))
        if outlet is None and source.publisher:
            outlet = found.get(slugify(source.publisher)) or Outlet(slugify(source.publisher) or "outlet", source.publisher)
            if outlet.file and comparable(outlet.name) != comparable(source.publisher):
                # a pinned outlet's id, but another name: the name is an outlet of its own
                outlet = Outlet(numbered(outlet.id, found), source.publisher)
            found.setdefault(outlet.id, outlet)
        if outlet is not None:
            members.setdefault(outlet.id, []).append(source.id)
    return tuple(Outlet(outlet.id, outlet.name, outlet.url, outlet.aliases, outlet.description, tuple(members[outlet.id]), outlet.file)
                 for outlet in sorted(found.values(), key=lambda item: item.id) if outlet.id in members)
