"""Command line.

    python -m crosscheck ingest PATH... [--json]   what the cleaner did to each source file
    python -m crosscheck evaluate [--held-out]       fact links and discrepancies against hand-labelled fact gold
    python -m crosscheck check CONTENT              every problem in sources, entity files and annotations
    python -m crosscheck new-annotation CONTENT ID  start an annotation for a claim
    python -m crosscheck add URL... [--from FILE]    clip pages (or a feed's entries) into the sources folder
    python -m crosscheck refresh [--since 2d]        fetch every clipped page again; keep each new version
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

from . import settings as crosscheck_settings
from .ingest.clip import (
    clip_bytes,
    clips,
    read_clip,
    replace_latest,
    stamp,
    version_name,
    versions,
    versions_folder,
    write_new,
)
from .ingest.fetch import HTML_TYPES, Fetcher, FetchError, feed_entries
from .ingest.source import ingest_bytes, read_source
from .model import Ingested
from .pipeline import find_source_files
from .words import slugify


def _files(paths: list[str]) -> list[Path]:
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(file for file, _ in find_source_files(path, []))
        else:
            found.append(path)
    return found


def ingest_record(result: Ingested) -> dict:
    source = result.source
    record: dict = {"file": result.path, "problems": [str(problem) for problem in result.problems]}
    if source is None:
        return record | {"source": None}
    record["source"] = {
        "id": source.id,
        "title": source.title,
        "format": source.format,
        "encoding": source.encoding,
        "url": source.url,
        "publisher": source.publisher,
        "author": source.author,
        "lang": source.lang,
        "published": _dated(source.published),
        "reference_date": _dated(source.reference),
        "date_notes": list(source.date_notes),
        "text": source.text,
        "blocks": [asdict(block) for block in source.blocks],
        "removed": [asdict(block) for block in source.removed],
    }
    return record


def _dated(evidence) -> dict | None:
    if evidence is None:
        return None
    return {"date": evidence.date.isoformat(), "origin": evidence.origin, "evidence": list(evidence.evidence)}


def _print_text(record: dict, out) -> None:
    print(f"== {record['file']}", file=out)
    for problem in record["problems"]:
        print(f"   ! {problem}", file=out)
    source = record["source"]
    if source is None:
        return
    for key in ("title", "url", "publisher", "author", "encoding"):
        if source[key]:
            print(f"   {key}: {source[key]}", file=out)
    for key in ("published", "reference_date"):
        value = source[key]
        shown = f"{value['date']} ({value['origin']}: {'; '.join(value['evidence'])})" if value else "unknown"
        print(f"   {key}: {shown}", file=out)
    for note in source["date_notes"]:
        print(f"   note: {note}", file=out)
    print("\n-- cleaned text\n", file=out)
    print(source["text"], file=out)
    print(f"\n-- removed ({len(source['removed'])})", file=out)
    for block in source["removed"]:
        where = f" line {block['line']}" if block["line"] else ""
        print(f"   [{block['reason']}{where}] {block['text']}", file=out)
    print(file=out)


def report(problems: list) -> int:
    """Print problems as path:line: message; 1 when there are any."""
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "No problems.", file=sys.stderr)
    return 1 if problems else 0


def _evaluate(gold_dir: Path, held_out: bool) -> int:
    from .evaluate import fitted_report, load_corpora

    print(fitted_report(load_corpora(gold_dir, held_out), gold_dir.parents[2]))
    return 0


def check_content(content: Path, settings: dict | None = None) -> list:
    """Every problem an editor can fix, as the build would report it: sources' headers,
    entity files, annotations (targets, verdicts, corrections, links)."""
    from . import settings as crosscheck_settings
    from .annotate import annotate
    from .editors.annotations import read_annotations
    from .pipeline import analyse

    resolved = crosscheck_settings.resolve(settings or {}) | {"PAGE_PATHS": (settings or {}).get("PAGE_PATHS", ["pages"])}
    analysis = analyse(content, resolved["CROSSCHECK_SOURCE_PATHS"], crosscheck_settings.skipped_dirs(resolved),
                       resolved["CROSSCHECK_ENTITY_PATHS"], outlet_dirs=resolved["CROSSCHECK_OUTLET_PATHS"])
    annotations, problems = read_annotations(content, resolved["CROSSCHECK_ANNOTATION_PATHS"])
    _, annotated = annotate(analysis, annotations, crosscheck_settings.ratings(resolved))
    found = list(analysis.problems) + list(problems) + list(annotated.problems)
    return [problem for problem in found if problem.severity != "info"]


def new_annotation(content: Path, name: str, today: str, settings: dict | None = None) -> Path:
    """Write a filled-in annotation for the claim or group ``name``; raise ValueError when there is none,
    or when another file annotates that group already."""
    from . import settings as crosscheck_settings
    from .annotate import GROUP_IDS_AT, annotate, find_group, skeleton
    from .editors.annotations import read_annotations
    from .pipeline import analyse

    resolved = crosscheck_settings.resolve(settings or {}) | {"PAGE_PATHS": (settings or {}).get("PAGE_PATHS", ["pages"])}
    analysis = analyse(content, resolved["CROSSCHECK_SOURCE_PATHS"], crosscheck_settings.skipped_dirs(resolved),
                       resolved["CROSSCHECK_ENTITY_PATHS"], outlet_dirs=resolved["CROSSCHECK_OUTLET_PATHS"])
    scale = crosscheck_settings.ratings(resolved)
    # the groups as the site shows them, after the published corrections, and what each file annotates
    analysis, annotated = annotate(analysis, read_annotations(content, resolved["CROSSCHECK_ANNOTATION_PATHS"])[0], scale)
    group = find_group(analysis, name, annotated.retired)
    if group is None:
        raise ValueError(f"there is no claim or group {name!r}; {GROUP_IDS_AT}, or from the editors' page")
    for other in annotated.annotations:
        if other.target == group.id:
            how = f"Claim: {other.claim}" if other.claim else f"Quote: in {other.source}"
            raise ValueError(f"{other.path} annotates {group.id} already ({how}, {other.status}); "
                             "edit it, or add your notes there: a claim shows one annotation")
    path = content / resolved["CROSSCHECK_ANNOTATION_PATHS"][0] / f"{group.id}.md"
    if path.exists():
        raise ValueError(f"{path} exists already; edit it, or add your notes there")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(group, analysis, scale, today), encoding="utf-8")
    return path


class Clipper:
    """`add` and `refresh`: one message per address on ``out`` (or ``err`` for a failure); nothing half-written."""

    def __init__(self, content: Path, settings: dict | None = None, out=None, err=None):
        self.settings = crosscheck_settings.resolve(settings or {})
        self.folder = content / self.settings["CROSSCHECK_SOURCE_PATHS"][0]
        self.out, self.err = out or sys.stdout, err or sys.stderr
        self.failures = 0
        self.known = {}  # every address a clip was requested at or read from -> its file
        for path, found in clips(self.folder):
            for key in ("url", "requested"):
                if found.fields.get(key):
                    self.known.setdefault(found.fields[key], path)

    def add(self, urls: list[str]) -> None:

        with Fetcher.from_settings(self.settings) as fetcher:
            queue = [(url.strip(), True) for url in urls if url.strip()]
            while queue:
                url, may_be_feed = queue.pop(0)
                if url in self.known:
                    print(f"{url}: clipped already, as {self.known[url]}", file=self.out)
                    continue
                try:
                    fetched = fetcher.get(url)
                    if may_be_feed and fetched.is_feed:
                        entries = feed_entries(fetched)
                        print(f"{url}: a feed of {len(entries)} entries", file=self.out)
                        queue[:0] = [(entry, False) for entry in entries]
                        continue
                    if fetched.url in self.known:
                        print(f"{url}: clipped already (it leads to {fetched.url}), as {self.known[fetched.url]}", file=self.out)
                        continue
                    data, source = self._page(fetched)
                    path = self._save_new(fetched, source, data)
                except FetchError as error:
                    self._failed(error)
                    continue
                self.known[url] = self.known[fetched.url] = path
                print(f"{url}: added {path}\n   {_summary(source)}", file=self.out)

    def refresh(self, since=None, now=None) -> None:
        """Fetch each clip again; when its title or text changed, keep the new version beside the old."""
        import datetime as dt


        now = now or dt.datetime.now(dt.UTC)
        with Fetcher.from_settings(self.settings) as fetcher:
            for path, latest in list(clips(self.folder)):
                first = read_clip(versions(path)[0].read_bytes()) or latest
                if since is not None and first.retrieved is not None and now - first.retrieved > since:
                    continue
                url = latest.fields.get("url", "")
                try:
                    data, source = self._page(fetcher.get(url))
                    old = self._read(path.read_bytes(), path.name)
                    if old is not None and (old.title, old.text) == (source.title, source.text):
                        print(f"{url}: unchanged ({path})", file=self.out)
                        continue
                    kept = self._keep_version(path, data)
                except (FetchError, OSError) as error:
                    self._failed(error)
                    continue
                print(f"{url}: changed; the new version is {path}, kept as {kept}\n   {_summary(source)}", file=self.out)

    def _page(self, fetched):
        """The clip's bytes and the Source the build will read from them; FetchError if it is no article."""

        kind = fetched.content_type.split(";")[0].strip().lower()
        sniffed = fetched.body[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))
        if kind not in HTML_TYPES and not (not kind and sniffed):
            raise FetchError(f"{fetched.url}: not an HTML page (its type is {kind or 'not given'}); save the article's text "
                             "as a .txt source instead")
        if fetched.body.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FetchError(f"{fetched.url}: the page is in UTF-16, which a clip cannot keep; save it from the browser")
        fields = {"url": fetched.url, "requested": fetched.requested, "retrieved": stamp(fetched.retrieved),
                  "status": str(fetched.status), "content-type": fetched.content_type or "unknown"}
        try:
            data = clip_bytes(fields, fetched.body)
        except ValueError as error:
            raise FetchError(f"{fetched.requested}: {error}") from None
        source = self._read(data, "clip.html")
        least = self.settings["CROSSCHECK_CLIP_MIN_TEXT_CHARACTERS"]
        length = len(source.text) if source else 0
        if length < least:
            raise FetchError(f"{fetched.url}: only {length} characters of article text (CROSSCHECK_CLIP_MIN_TEXT_CHARACTERS is "
                             f"{least}): a paywall, a consent page or a page that needs JavaScript? Nothing was saved; "
                             "save the article from your browser instead")
        return data, source

    def _read(self, data: bytes, name: str):
        return ingest_bytes(data, name, crosscheck_settings.limits(self.settings)).source

    def _save_new(self, fetched, source, data: bytes) -> Path:

        site = slugify((urlsplit(fetched.url).hostname or "").removeprefix("www."))
        stem = slugify(f"{site} {source.title}") or site or "clip"
        path = self.folder / f"{stem}.html"
        if path.exists() or path.with_name(path.stem + ".versions").exists():
            path = path.with_name(f"{stem}-{hashlib.sha1(fetched.url.encode()).hexdigest()[:8]}.html")
        try:
            return write_new(path, data)
        except FileExistsError:
            raise FetchError(f"{fetched.url}: {path} exists already; move it away and add the page again") from None

    def _keep_version(self, path: Path, data: bytes) -> Path:
        """Keep the latest version (the first time) and the new one in the versions folder, then make the new one
        the latest. Should this stop half-way, the versions folder still holds both."""

        folder = versions_folder(path)
        taken = {found.name for found in folder.glob("*.html")} if folder.is_dir() else set()
        if not taken:
            current = path.read_bytes()
            taken.add(write_new(folder / version_name(read_clip(current), taken), current).name)
        kept = write_new(folder / version_name(read_clip(data), taken), data)
        replace_latest(path, data)
        return kept

    def _failed(self, error: Exception) -> None:
        self.failures += 1
        print(f"error: {error}", file=self.err)


def _summary(source) -> str:
    published = source.published.date.isoformat() if source.published else "no date found"
    return (f"{source.title!r}; {source.publisher or 'no outlet named'}; {published}; "
            f"{len(source.text):,} characters of article text")


def parse_since(text: str):
    """'2d', '12h', '30m', '1w' as a timedelta; ValueError naming what is allowed."""
    match = re.fullmatch(r"\s*(\d+)\s*([wdhm])\s*", text)
    if not match:
        raise ValueError(f"--since {text!r}: give a number and a unit, w, d, h or m (2d is two days)")
    unit = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}[match.group(2)]
    return dt.timedelta(**{unit: int(match.group(1))})


def urls_from(path: str) -> list[str]:
    """The addresses in a file, one a line; blank lines and lines starting with # are skipped."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ValueError(f"--from {path}: cannot be read ({error}); give a UTF-8 text file of addresses, one a line") from None
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def clip_command(args, settings: dict | None = None) -> int:
    """`add` or `refresh` from parsed arguments: 0 when all went well or without --strict, 1 when one failed, 2 for bad input."""
    try:
        since = parse_since(args.since) if getattr(args, "since", None) else None
        urls = list(getattr(args, "urls", []) or []) + (urls_from(args.from_file) if getattr(args, "from_file", None) else [])
        clipper = Clipper(Path(args.content), settings)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.command == "add":
        if not urls:
            print("error: give one or more addresses, or --from FILE", file=sys.stderr)
            return 2
        clipper.add(urls)
    else:
        clipper.refresh(since)
    if clipper.failures:
        print(f"{clipper.failures} address(es) failed", file=sys.stderr)
    return 1 if clipper.failures and args.strict else 0


def main(argv: list[str] | None = None, settings: dict | None = None) -> int:
    """``settings``: Pelican's and CROSSCHECK_* (as tasks.py reads them from pelicanconf.py); the defaults without."""
    parser = argparse.ArgumentParser(prog="python -m crosscheck", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="show metadata, cleaned text and removed blocks of source files")
    ingest.add_argument("paths", nargs="+", help="source files or folders")
    ingest.add_argument("--json", action="store_true", help="print JSON instead of text")
    evaluate = commands.add_parser("evaluate", help="score fact links and discrepancies against hand-labelled fact gold, "
                                                    "each corpus with a threshold fitted on the others")
    evaluate.add_argument("--gold", default="tests/data/gold", help="folder of *.facts.json files (tests/data/gold)")
    evaluate.add_argument("--held-out", action="store_true", help="score the held-out corpora too, for the record")
    check = commands.add_parser("check", help="list every problem in sources, entity files and annotations")
    check.add_argument("content", help="content folder")
    new = commands.add_parser("new-annotation", help="write a filled-in annotation for a claim")
    new.add_argument("content", help="content folder")
    new.add_argument("id", help="a claim or group id")
    add = commands.add_parser("add", help="fetch pages and save them as sources; a feed's address adds its entries")
    add.add_argument("urls", nargs="*", help="addresses of pages or RSS/Atom feeds")
    add.add_argument("--from", dest="from_file", metavar="FILE", help="a text file of addresses, one a line")
    refresh = commands.add_parser("refresh", help="fetch every clipped page again and keep each new version")
    refresh.add_argument("--since", help="only pages first clipped this long ago or less: 2d, 12h, 1w")
    for clipping in (add, refresh):
        clipping.add_argument("--content", default="content", help="content folder (content)")
        clipping.add_argument("--strict", action="store_true", help="exit 1 when any address fails")
    args = parser.parse_args(argv)
    if args.command in ("add", "refresh"):
        return clip_command(args, settings)
    if args.command == "evaluate":
        return _evaluate(Path(args.gold).resolve(), args.held_out)
    if args.command == "check":
        return report(check_content(Path(args.content)))
    if args.command == "new-annotation":
        import datetime as dt

        try:
            print(new_annotation(Path(args.content), args.id, dt.date.today().isoformat()))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    records = [ingest_record(read_source(path, path.as_posix())) for path in _files(args.paths)]
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for record in records:
            _print_text(record, sys.stdout)
    return 1 if any(record["source"] is None for record in records) else 0
