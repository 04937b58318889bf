"""Editors' annotations (read by editors/annotations.py) -> verdicts on groups, corrections to the analysis, and problems.

An annotation points at what it annotates by id (``Claim: g-…`` or ``c-…``) or
by text, in the manner of the W3C Web Annotation TextQuoteSelector
(``Source:``, ``Quote:``, ``Prefix:``, ``Suffix:``), so that it survives edits
to the source and re-extraction. Whatever is wrong with a file, its text is
kept: an annotation that cannot be placed is an orphan, listed with its whole
body on the editors' page.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from .compare import settle_statuses
from .corrections import Grouping, correct
from .model import (
    Analysis,
    Annotated,
    Annotation,
    Claim,
    Group,
    Problem,
    Rating,
    Source,
)
from .sanitize import BODY_LINK

logger = logging.getLogger(__name__)

# Where the site shows each kind of id, for the messages that ask an editor to copy one.
GROUP_IDS_AT = "copy a group id (g-…) from under the heading of its claim page"
CLAIM_IDS_AT = ("copy the claim id (c-…) from beside its sentence's source on a claim page, "
                "or from 'Claims in this source' on the source page")
DISCREPANCY_IDS_AT = "copy the discrepancy id (d-…) from the difference on its claim page"


def needing_attention(annotations: Sequence[Annotation], problems: Sequence[Problem]) -> list[tuple[Annotation, list[Problem]]]:
    """Each annotation with a problem, or with no target, and its problems: shown whole to editors."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    return [(annotation, by_path.get(annotation.path, [])) for annotation in annotations
            if annotation.path in by_path or not annotation.target and not annotation.only_corrects()]


# --------------------------------------------------------------------------- applying


def annotate(analysis: Analysis, annotations: Sequence[Annotation], scale: Sequence[Rating]) -> tuple[Analysis, Annotated]:
    """Apply the editors' corrections, then place each annotation and its verdict."""
    problems: list[Problem] = []
    claims = {claim.id: claim for claim in analysis.all_claims()}
    groups = {group.id: group for group in analysis.groups}
    discrepancies = list(analysis.discrepancies)

    # A draft's corrections are checked, but take effect only when its file is published.
    published = [annotation for annotation in annotations if annotation.status == "published"]
    corrected = correct(analysis.groups, discrepancies, claims, {source.id: source for source in analysis.sources},
                        {(link.a, link.b) for link in analysis.links}, published, _line_of,
                        {fact.id: fact for fact in analysis.facts})
    problems.extend(corrected.problems)
    groups = {group.id: group for group in corrected.groups}
    discrepancies = list(corrected.discrepancies)
    known = {item.id for item in discrepancies}
    original = _Resolver(analysis)
    for annotation in annotations:
        problems.extend(_unknown_ids(annotation, original, claims, known))
    dismissed = _dismissals(published, known)
    groups = {group.id: group for group in settle_statuses(groups.values(), (d for d in discrepancies if d.id not in dismissed))}

    updated = replace(analysis, groups=tuple(sorted(groups.values(), key=lambda group: group.id)),
                      discrepancies=tuple(discrepancies))
    resolver = _Resolver(updated, corrected.retired)
    labels = {rating.label.lower(): rating.label for rating in scale}
    placed = []
    for annotation in annotations:
        target, anchor, found = resolver.target(annotation)
        problems.extend(found)
        if target and annotation.status == "published":
            problems.extend(_moved_by_others(annotation, target, anchor, original, corrected))
        verdict = annotation.verdict
        if verdict and verdict.lower() not in labels:
            problems.append(Problem(annotation.path, f"unknown Verdict {verdict!r}; use one of: {', '.join(labels.values())} "
                                    "(CROSSCHECK_VERDICTS in pelicanconf.py)", _line_of(annotation, "verdict")))
        placed.append(replace(annotation, target=target, verdict=labels.get(verdict.lower(), "")))
    # links may point at other annotations, so they are read once every target is known
    target_of_path = {annotation.path: annotation.target for annotation in placed if annotation.target}
    published_of: dict[str, Annotation] = {}
    for index, annotation in enumerate(placed):
        links, found = resolver.body_links(annotation, target_of_path)
        problems.extend(found)
        annotation = placed[index] = replace(annotation, links=links)
        if not annotation.target or annotation.status != "published":
            continue
        if annotation.target in published_of:
            problems.append(Problem(annotation.path, f"claim {annotation.target} already has a published annotation, "
                                    f"{published_of[annotation.target].path}; this one is not shown. Make one of them a draft, "
                                    "or put both analyses in one file", _line_of(annotation, "status")))
        else:
            published_of[annotation.target] = annotation
    verdict_of = {target: annotation for target, annotation in published_of.items() if annotation.verdict}
    retired = {old: resolver.group(old) for old in corrected.retired if resolver.group(old)}
    return updated, Annotated(tuple(placed), verdict_of, published_of, dismissed, tuple(problems), retired)


def find_group(analysis: Analysis, name: str, retired: Mapping[str, str] | None = None) -> Group | None:
    """The group an editor means by ``name``: a group id, a claim id, or an older id of the group
    (``retired``: ids corrections retired, Annotated.retired)."""
    gid = _Resolver(analysis, retired).group(name)
    return next((group for group in analysis.groups if group.id == gid), None)


def skeleton(group: Group, analysis: Analysis, scale: Sequence[Rating], today: str) -> str:
    """A new annotation for ``group``: its header filled in, and the sources' own words to start from."""
    claims = {claim.id: claim for claim in analysis.all_claims()}
    sources = {source.id: source for source in analysis.sources}
    quoted = "\n".join(f"> {claims[claim_id].text}\n> — {sources[claims[claim_id].source].title}\n" for claim_id in group.claims)
    return (
        f"Title: {' '.join(group.statement.split())}\n"
        f"Claim: {group.id}\n"
        f"Verdict: \n"
        f"Author: \n"
        f"Date: {today}\n"
        f"Status: draft\n"
        f"\n"
        f"<!-- Title: the claim's words; write the question your analysis answers. "
        f"Verdict: one of {', '.join(rating.label for rating in scale)}. "
        f"Set Status: published when it is ready. Replace this text with your analysis. -->\n\n"
        f"What the sources say:\n\n{quoted}"
    )


def _line_of(annotation: Annotation, key: str) -> int:
    return dict(annotation.header_lines).get(key, 1)


def _moved_by_others(annotation: Annotation, target: str, anchor: str, original: _Resolver, corrected) -> list[Problem]:
    """An error when another file's corrections carried a published annotation to another group."""
    before = original.target(annotation)[0]
    if not before or before == target or annotation.claim == target:
        return []
    if anchor:
        files = corrected.moved_by.get(anchor, ())
    else:
        name, files = annotation.claim, ()
        while name in corrected.retired and corrected.retired_by[name] not in files:
            files += (corrected.retired_by[name],)
            name = corrected.retired[name]
    files = [path for path in files if path != annotation.path]
    if not files:
        return []
    key = "claim" if annotation.claim else "quote"
    return [Problem(annotation.path, f"{key.title()}: what this annotates moved from {before} to {target} through "
                    f"{', '.join(files)}; check that its verdict and analysis still hold there, then write "
                    f"'Claim: {target}'", _line_of(annotation, key))]


def _dismissals(annotations, known) -> dict[str, Annotation]:
    dismissed: dict[str, Annotation] = {}
    for annotation in annotations:
        for item in annotation.dismiss:
            if item in known and annotation.body.strip():
                dismissed.setdefault(item, annotation)
    return dismissed


def _unknown_ids(annotation: Annotation, resolver: _Resolver, claims, known_discrepancies) -> list[Problem]:
    """What is wrong with the ids of a file's Merge:, Split: and Dismiss:, draft or published."""
    problems = []
    if annotation.merge:
        line = _line_of(annotation, "merge")
        named = set()
        for item in annotation.merge:
            gid = resolver.group(item)
            if gid is None:
                problems.append(Problem(annotation.path, f"Merge: there is no claim or group {item!r}; {GROUP_IDS_AT}", line))
            named.add(gid)
        if len(named - {None}) < 2:
            problems.append(Problem(annotation.path, "Merge: needs two or more different claims or groups that exist; nothing was merged", line))
    for claim_id in annotation.split:
        if claim_id not in claims:
            problems.append(Problem(annotation.path, f"Split: there is no claim {claim_id!r}; {CLAIM_IDS_AT}",
                                    _line_of(annotation, "split")))
    for claim_id, name in annotation.move:
        if claim_id not in claims:
            problems.append(Problem(annotation.path, f"Move: there is no claim {claim_id!r}; {CLAIM_IDS_AT}",
                                    _line_of(annotation, "move")))
        if resolver.group(name) is None:
            problems.append(Problem(annotation.path, f"Move: there is no group {name!r} to move {claim_id} to; {GROUP_IDS_AT}",
                                    _line_of(annotation, "move")))
    for item in annotation.dismiss:
        if item not in known_discrepancies:
            problems.append(Problem(annotation.path, f"Dismiss: there is no discrepancy {item!r}; {DISCREPANCY_IDS_AT}",
                                    _line_of(annotation, "dismiss")))
        elif not annotation.body.strip():
            problems.append(Problem(annotation.path, f"Dismiss: say why {item} is a false alarm in the body; "
                                    "it was not dismissed", _line_of(annotation, "dismiss")))
    return problems


_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def find_quote(text: str, quote: str, prefix: str = "", suffix: str = "") -> list[tuple[int, int]]:
    """Where ``quote`` stands in ``text``, whitespace and quote marks aside, narrowed by prefix and suffix."""
    text, quote = text.translate(_QUOTE_MARKS), quote.translate(_QUOTE_MARKS)
    words = quote.split()
    if not words:
        return []
    pattern = r"\s+".join(re.escape(word) for word in words)
    spans = [(match.start(), match.end()) for match in re.finditer(pattern, text)]
    squash = lambda part: " ".join(part.translate(_QUOTE_MARKS).split())
    if prefix.strip():
        spans = [(a, b) for a, b in spans if squash(text[max(0, a - 4 * len(prefix) - 20):a]).endswith(squash(prefix))]
    if suffix.strip():
        spans = [(a, b) for a, b in spans if squash(text[b:b + 4 * len(suffix) + 20]).startswith(squash(suffix))]
    return spans


class _Resolver:
    """Finds groups, claims and sources by the names editors use for them."""

    def __init__(self, analysis: Analysis, retired: Mapping[str, str] | None = None):
        self.analysis = analysis
        self.claims = {claim.id: claim for claim in analysis.all_claims()}
        self.grouping = Grouping(analysis.groups, self.claims)
        self.grouping.retired.update(retired or {})
        self.sources: dict[str, Source] = {}
        for source in analysis.sources:
            for name in (source.id, source.path, PurePosixPath(source.path).name):
                self.sources.setdefault(name, source)

    def group(self, name: str) -> str | None:
        return self.grouping.resolve(name)

    def source(self, name: str) -> Source | None:
        name = name.strip().lstrip("/")
        return self.sources.get(name) or self.sources.get(PurePosixPath(name).name)

    def target(self, annotation: Annotation) -> tuple[str, str, list[Problem]]:
        """The group an annotation finds, the claim it names or quotes ("" for a group id), and what went wrong."""
        problems = []
        if annotation.claim:
            gid = self.group(annotation.claim)
            if gid:
                return gid, annotation.claim if annotation.claim in self.claims else "", problems
            problems.append(Problem(annotation.path, f"Claim: there is no claim or group {annotation.claim!r} any more"
                                    + ("; the Quote: below is used instead" if annotation.quote else
                                       f"; it may have been merged or its sentence edited: {GROUP_IDS_AT}, "
                                       "or point at the words with Source: and Quote:"), _line_of(annotation, "claim")))
        if not (annotation.source and annotation.quote):
            return "", "", problems
        source = self.source(annotation.source)
        if source is None:
            problems.append(Problem(annotation.path, f"Source: there is no source {annotation.source!r}; "
                                    "give its file name as in content/sources", _line_of(annotation, "source")))
            return "", "", problems
        spans = find_quote(source.text, annotation.quote, annotation.prefix, annotation.suffix)
        line = _line_of(annotation, "quote")
        if not spans:
            # quotes are matched letter for letter: words that differ only in capitals are not the same quote
            other_case = find_quote(source.text.lower(), annotation.quote.lower())
            if other_case and len(source.text.lower()) == len(source.text):
                written = source.text[other_case[0][0]:other_case[0][1]]
                problems.append(Problem(annotation.path, f"Quote: {source.path} has these words with other capitals, "
                                        f"{written!r}; quotes match exactly, capitals too. Copy them from the source page", line))
            else:
                problems.append(Problem(annotation.path, f"Quote: these words are not in {source.path} (was the source "
                                        "edited?); copy them again from the source page", line))
            return "", "", problems
        if len(spans) > 1:
            problems.append(Problem(annotation.path, f"Quote: these words occur {len(spans)} times in {source.path}; "
                                    "the first is used. Add Prefix: or Suffix: with the words around the one you mean", line))
        start, end = spans[0]
        overlap = [(min(end, claim.end) - max(start, claim.start), claim) for claim in self.analysis.claims.get(source.id, ())
                   if claim.start < end and start < claim.end]
        if not overlap:
            problems.append(Problem(annotation.path, f"Quote: the words are in {source.path}, but not in a sentence "
                                    "taken as a claim; annotate a claim's sentence", line))
            return "", "", problems
        claim: Claim = max(overlap, key=lambda item: item[0])[1]
        return self.grouping.own(claim.id), claim.id, problems

    def body_links(self, annotation: Annotation, annotation_paths: Mapping[str, str]) -> tuple[tuple, list[Problem]]:
        """``{filename}`` links to sources and (placed) annotations, ``{claim}`` links to claims, each checked.

        ``annotation_paths`` maps each placed annotation's path to its group."""
        links, problems = [], []
        for match in BODY_LINK.finditer(annotation.body):
            written, kind, target = match.group(0), match.group("kind"), match.group("target").split("#")[0]
            line = annotation.body_line + annotation.body.count("\n", 0, match.start())
            if kind == "claim":
                gid = self.group(target)
                if gid:
                    links.append((written, "claim", gid))
                else:
                    problems.append(Problem(annotation.path, f"link {written}: there is no claim or group {target!r}", line))
                continue
            base = PurePosixPath("/") if target.startswith("/") else PurePosixPath("/", annotation.path).parent
            path = posixpath.normpath(str(base / target.lstrip("/"))).lstrip("/")
            source = self.sources.get(path)
            if source is not None:
                links.append((written, "source", source.id))
            elif annotation_paths.get(path):
                links.append((written, "claim", annotation_paths[path]))
            else:
                problems.append(Problem(annotation.path, f"link {written}: there is no source or annotation at "
                                        f"{path!r} in the content folder", line))
        return tuple(links), problems
