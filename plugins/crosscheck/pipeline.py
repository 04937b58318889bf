"""Runs the stages over a content folder: ingest -> segment (-> extract -> link -> compare)."""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import changes, lexicon
from .cache import AnalysisCache, MissingPiece, in_pieces, linking_version
from .cache import key as cache_key
from .editors.entities import read_entities
from .editors.outlets import outlets_of, read_outlets
from .extract.claims import extract_source
from .extract.entities import find_mentions, resolve_entities
from .ingest.clip import in_versions_folder
from .ingest.dates import (
    settle_references,
    story_reference,
)
from .ingest.source import (
    SOURCE_FORMATS,
    ingest_bytes,
    read_source,
    unique_ids,
)
from .link.groups import LinkState, entity_spans, link_corpus, names_by_source
from .link.sentences import ScoredLinks, forget_contexts
from .link.statistics import statistics_of
from .link.stories import find_stories
from .model import (
    Analysis,
    Claim,
    Fact,
    Ingested,
    Limits,
    Link,
    Mention,
    Problem,
    Sentence,
    Source,
)
from .parallel import (
    PARALLEL_MIN,
    Failure,
    Pool,
    SerialExecutor,
    map_batched,
    open_pool,
)
from .progress import Progress
from .segment import segment

logger = logging.getLogger(__name__)


def find_source_files(root: Path, source_dirs: Sequence[str], skip_dirs: Sequence[str] = ()) -> list[tuple[Path, str]]:
    """Source files as (path, path relative to root), sorted for stable output.

    When none of ``source_dirs`` exists, every source-shaped file under
    ``root`` is taken, apart from ``skip_dirs`` (annotations, entities, pages).
    """
    bases = [root / name for name in source_dirs if (root / name).is_dir()]
    skipped = {(root / name).resolve() for name in skip_dirs}
    if not bases:
        bases = [root]
    found = []
    for base in bases:
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() not in SOURCE_FORMATS or not path.is_file():
                continue
            hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
            # a clip's kept versions are read for what changed, never as sources of their own
            if hidden or in_versions_folder(path.relative_to(root)) or any(parent.resolve() in skipped for parent in path.parents):
                continue
            found.append((path, path.relative_to(root).as_posix()))
    return found


@dataclass(frozen=True)
class SourceReading:
    """What one file gives on its own, before anything is known about the others: cached per file."""

    ingested: Ingested
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    failure: Problem | None = None  # segmenting or finding names failed


def read_file(relpath: str, data: bytes, limits: Limits = Limits()) -> SourceReading:
    """Ingest, segment and find names in one file's bytes (in a worker, maybe on another machine)."""
    ingested = _read_guarded(relpath, lambda: ingest_bytes(data, relpath, limits))
    if ingested.source is None:
        return SourceReading(ingested)
    return _segmented(ingested)


def _segmented(ingested: Ingested) -> SourceReading:
    source = ingested.source
    try:
        return SourceReading(ingested, segment(source), find_mentions(source.id, source.text))
    except Exception as error:  # a bug must cost one source, not the site
        logger.exception("analysis failed for %s", source.path)
        return SourceReading(ingested, failure=_failed(source, f"{type(error).__name__}: {error}"))


def _failed(source: Source, error: str) -> Problem:
    return Problem(source.path, f"skipped: the analysis failed ({error}); please report it")


def _read_guarded(relpath: str, read: Callable[[], Ingested]) -> Ingested:
    try:
        return read()
    except Exception as error:  # a bug in a reader must cost one file, not the site
        logger.exception("reading %s failed", relpath)
        return Ingested(relpath, None, (Problem(relpath, f"skipped: reading failed ({type(error).__name__}: {error}); please report it"),))


def _at_most(claims: tuple[Claim, ...], limit: int, source: Source, problems: list[Problem]) -> tuple[Claim, ...]:
    """The first ``limit`` claims of a source (CROSSCHECK_MAX_CLAIMS_PER_SOURCE), saying so when there were more."""
    if len(claims) > limit:
        problems.append(Problem(source.path, f"{len(claims):,} claims found; only the first {limit:,} are kept "
                                             "(CROSSCHECK_MAX_CLAIMS_PER_SOURCE). Is it really one article? Split it into articles"))
    return claims[:limit]


def settle_in_stories(sources: Sequence[Source], names: Mapping[str, frozenset[str]]) -> tuple[Source, ...]:
    """Give each source dated only by what it mentions (or not at all) the date its story's other sources refer to
    (dates.story_reference): 'on Monday' and year-less dates then resolve against the day of the event reported."""
    by_id = {source.id: source for source in sources}
    settled = dict(by_id)
    for story in find_stories(sources, names):
        for source_id in story.sources:
            others = [(by_id[other].reference, by_id[other].title) for other in story.sources
                      if other != source_id and by_id[other].reference]
            better = story_reference(by_id[source_id].reference, others)
            if better is not by_id[source_id].reference:
                settled[source_id] = replace(by_id[source_id], reference=better)
    return tuple(settled[source.id] for source in sources)


def _story_settled_guarded(sources, names, corpus: str, problems: list[Problem]) -> tuple[Source, ...]:
    """settle_in_stories; when it fails, every source keeps its own reference date."""
    try:
        return settle_in_stories(sources, names)
    except Exception as error:  # a bug must cost the story dates, not the site
        logger.exception("settling reference dates within stories failed")
        problems.append(Problem(corpus, f"settling reference dates within stories failed ({type(error).__name__}: {error}); "
                                        "every source keeps its own. Please report it"))
        return tuple(sources)


class _Pools:
    """Opens the executor when the first work is sent, sized for it; closes it at the end."""

    def __init__(self, spec: str, workers: int):
        self.spec, self.workers, self.pool = spec, workers, None

    def get(self, pending: int) -> Pool:
        serial_so_far = self.pool is not None and self.spec == "auto" and isinstance(self.pool.executor, SerialExecutor)
        if serial_so_far and pending >= PARALLEL_MIN:  # little to read but much to extract (an entity file changed)
            self.pool = None
        if self.pool is None:
            self.pool = open_pool(self.spec, pending, self.workers)
        return self.pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _cached_map(
    function: Callable, items: dict[str, tuple], cache: AnalysisCache | None, pools: _Pools,
    advance: Callable[[int], None], keep: Callable[[object], bool] = lambda result: True,
) -> dict[str, object]:
    """``function(*arguments)`` for each key -> arguments: from the cache, else on the executor."""
    found = cache.get_many(items) if cache is not None else {}
    advance(len(found))
    missing = [item_key for item_key in items if item_key not in found]
    if missing:
        computed = {}
        for index, result in map_batched(pools.get(len(missing)), function, [items[k] for k in missing], advance):
            computed[missing[index]] = result
        if cache is not None:
            cache.put_many({k: v for k, v in computed.items() if not isinstance(v, Failure) and keep(v)})
        found.update(computed)
    return found


def analyse(
    root: Path,
    source_dirs: Sequence[str],
    skip_dirs: Sequence[str] = (),
    entity_dirs: Sequence[str] = (),
    *,
    cache: AnalysisCache | None = None,
    executor: str = "serial",
    workers: int = 0,
    progress: Progress | None = None,
    limits: Limits = Limits(),
    outlet_dirs: Sequence[str] = (),
) -> Analysis:
    """Analyse the sources under ``root``.

    Per-source work (reading, then extracting claims) is looked up in ``cache``
    and otherwise sent to the executor (see ``parallel.open_pool``); the steps
    across sources (ids, reference dates, entities, linking) run here.
    """
    progress = progress or Progress()
    pools = _Pools(executor, workers)
    try:
        analysis = _analyse(root, source_dirs, skip_dirs, entity_dirs, cache, pools, progress, limits)
    finally:
        pools.close()
    pinned, problems = read_outlets(root, outlet_dirs)
    return replace(analysis, outlets=outlets_of(analysis.sources, pinned), problems=analysis.problems + problems)


def _analyse(root, source_dirs, skip_dirs, entity_dirs, cache, pools, progress, limits, excluded=frozenset()) -> Analysis:
    files = [(path, relpath) for path, relpath in find_source_files(root, source_dirs, skip_dirs) if relpath not in excluded]
    with progress.stage("reading", len(files)) as advance:
        contents: dict[str, tuple] = {}
        unreadable: dict[str, Ingested] = {}
        for path, relpath in files:
            try:
                data = path.read_bytes()
            except OSError:
                unreadable[relpath] = read_source(path, relpath, limits)  # which says why
                continue
            # names are found with WordNet too ("KO" is no name: lexicon.abbreviates_a_thing)
            contents[cache_key("read", relpath, hashlib.sha256(data).digest(), limits, str(lexicon.default_folder()))] = (
                relpath, data, limits)
        read_key = {arguments[0]: item_key for item_key, arguments in contents.items()}
        readings = _cached_map(read_file, contents, cache, pools, advance, keep=lambda reading: reading.failure is None)
        del contents  # every file's bytes (50 MB at 10,000 sources), not needed beyond reading
    by_path = {}
    for _, relpath in files:
        reading = readings.get(read_key.get(relpath))
        if isinstance(reading, Failure):  # only a bug outside the guards gets here
            reading = SourceReading(Ingested(relpath, None, (Problem(relpath, f"skipped: reading failed ({reading.error}); please report it"),)))
        by_path[relpath] = reading or SourceReading(unreadable[relpath])
    results = [reading.ingested for reading in by_path.values()]
    sources, id_problems = unique_ids(results)
    corpus = ", ".join(source_dirs) or "."  # where a problem of the whole corpus is reported
    sources, settle_problems = _settled_guarded(sources, corpus)
    editor_entities, entity_problems = read_entities(root, entity_dirs)
    problems = [problem for result in results for problem in result.problems] + list(id_problems + entity_problems) + settle_problems
    sentences, mentions = {}, {}
    for source in sources:
        reading = by_path[source.path]
        if reading.ingested.source.id != source.id:  # renamed to make its id unique
            reading = _segmented(replace(reading.ingested, source=source))
        if reading.failure:
            problems.append(reading.failure)
            continue
        sentences[source.id], mentions[source.id] = reading.sentences, reading.mentions
    sources = tuple(source for source in sources if source.id in sentences)
    with progress.stage("entities"):  # global steps: no count to show, only that they run
        entities, entity_of = _entities_guarded(sources, mentions, editor_entities, corpus, problems)
    sources = _story_settled_guarded(sources, names_by_source(mentions, entity_of), corpus, problems)
    with progress.stage("claims", len(sources)) as advance:
        work = {}
        for source in sources:
            # the part of the global entity map this source's claims can see
            names = {key: entity_of[key] for m in mentions[source.id] if (key := (m.source, m.start, m.end)) in entity_of}
            item_key = cache_key("claims", read_key[source.path], source.id, source.reference, sorted(names.items()), limits,
                                 str(lexicon.default_folder()))  # a person's age after "the actress," is read with WordNet
            work[item_key] = (source, sentences[source.id], mentions[source.id], names, limits)
        found = _cached_map(extract_source, work, cache, pools, advance)
        claims = {}
        for item_key, (source, *_) in work.items():
            if isinstance(found[item_key], Failure):
                logger.error("analysis failed for %s:\n%s", source.path, found[item_key].traceback)
                problems.append(_failed(source, found[item_key].error))
            else:
                extracted, unread = found[item_key]
                problems.extend(unread)
                claims[source.id] = _at_most(extracted, limits.claims_per_source, source, problems)
    sources = tuple(source for source in sources if source.id in claims)
    with progress.stage("linking"):
        # Linking is global, but a function of every source's claims and their inputs, which the
        # claims keys already digest: a build that changed no source (an annotation, a template) reuses it.
        link_key = cache_key("linking", linking_version(), str(lexicon.default_folder()),
                             [k for k, (source, *_) in work.items() if source.id in claims])
        linked = read_linked(cache, link_key) if cache is not None else None
        problem_count = len(problems)
        claim_of = {claim.id: claim for found in claims.values() for claim in found}
        if linked is None:
            digests = {source.id: k for k, (source, *_) in work.items() if source.id in claims}
            state_key = linking_state_key(root, source_dirs)
            previous = _previous_linking(cache, state_key, digests, limits.statistics_drift, claim_of)
            linked, left_out, state = _linked_guarded(sources, claims, mentions, entity_of, corpus, problems, digests, previous)
            if left_out:
                # The sources linking could not take also dated others (a story's date, a day borrowed) before the
                # claims were read: the rest is analysed again as if they were not there (per-source work is cached).
                paths = {source.path for source in sources if source.id in left_out}
                rest = _analyse(root, source_dirs, skip_dirs, entity_dirs, cache, pools, progress, limits, excluded | paths)
                return replace(rest, problems=tuple(problem for problem in problems if problem.path in paths) + rest.problems)
            if cache is not None and len(problems) == problem_count:  # a failure is tried again, and reported, next time
                cache.put_pieces(link_key, _linked_pieces(linked))
                if state is not None:
                    store_linking_state(cache, state_key, state)
            del previous, state  # what of them the pages need, the analysis holds
    forget_contexts()
    groups, discrepancies, links, stories, facts = linked
    del linked
    facts = tuple(_sharing_claim(fact, claim_of) for fact in facts)
    del claim_of
    histories = _histories(root, sources, cache, pools, progress, limits, problems)
    changed = changes.change_discrepancies({source_id: found for source_id, (_, found) in histories.items()},
                                           sources, claims, facts, groups)
    discrepancies = tuple(sorted(discrepancies + changed, key=lambda item: (-item.severity, item.id)))
    return Analysis(sources, sentences, tuple(problems), claims, entities, mentions, entity_of, groups, discrepancies,
                    links, stories, facts, histories)


def _sharing_claim(fact: Fact, claim_of: Mapping[str, Claim]) -> Fact:
    """The fact, holding its claim's very value, id and source (``claim_of``: by Claim.id) and its words interned:
    a fact read back from another cache entry than its claim's (the last linking's result or state) holds equal
    copies of them, and a string of its own for each word (together some 430 bytes a fact)."""
    claim = claim_of.get(fact.claim)
    if claim is None or claim.id is fact.claim:  # made in this build, from the claim itself
        return fact
    value = next((value for value in claim.values if value == fact.value), fact.value)  # a quote's is its own
    return replace(fact, claim=claim.id, source=claim.source, value=value,
                   attribute=tuple(map(sys.intern, fact.attribute)), subject=tuple(map(sys.intern, fact.subject)))


def _histories(root: Path, sources: Sequence[Source], cache, pools, progress: Progress, limits: Limits,
               problems: list[Problem]) -> dict:
    """Each clipped source that changed: its kept versions and what changed between them, cached by their bytes."""
    work, source_of = {}, {}
    for source in sources:
        kept = changes.read_versions(root / source.path)
        if kept:
            item_key = cache_key("versions", source.path, [hashlib.sha256(data).digest() for _, data in kept], limits)
            work[item_key], source_of[item_key] = (kept, limits), source
    if not work:
        return {}
    with progress.stage("versions", len(work)) as advance:
        found = _cached_map(changes.history, work, cache, pools, advance)
    histories = {}
    for item_key, source in source_of.items():
        if isinstance(found[item_key], Failure):  # the source is still analysed; only what changed is not shown
            logger.error("comparing the versions of %s failed:\n%s", source.path, found[item_key].traceback)
            problems.append(Problem(source.path, f"its versions could not be compared ({found[item_key].error}); please report it"))
        elif found[item_key][1]:
            histories[source.id] = found[item_key]
    return histories


# ---------------------------------------------------------------- the global steps, guarded
# A hostile value in one source must cost that source, not the build: when a step across sources fails,
# the few sources without which it runs are found by halving and left out; when no few sources make it
# fail, the step is done in the plainest way for the whole corpus, and that is reported.

_MAX_CULPRITS = 5


def _passes(run: Callable[[list], object], items: list) -> bool:
    try:
        run(items)
    except Exception:  # noqa: BLE001 - the search for what fails
        return False
    return True


def _culprit(run: Callable[[list], object], items: list):
    """One item of ``items`` (on which ``run`` fails) without which it runs, found by halving; None if no one item is."""
    suspects = list(items)
    while len(suspects) > 1:
        for half in (suspects[: len(suspects) // 2], suspects[len(suspects) // 2 :]):
            left_out = set(half)
            if _passes(run, [item for item in items if item not in left_out]):
                suspects = half
                break
        else:
            return None
    return suspects[0] if suspects and _passes(run, [item for item in items if item != suspects[0]]) else None


def _without_culprits(step: str, run: Callable[[list], object], items: list) -> tuple[object, list, str]:
    """``run(items)``, else ``run`` of the items without the culprits: (result, culprits, error); result is None
    when leaving out a few items does not help (the caller then does the step in its plainest way)."""
    try:
        return run(items), [], ""
    except Exception as error:  # a bug must cost the sources that trip it, not the site
        logger.exception("%s failed across the sources", step)
        reason = f"{type(error).__name__}: {error}"
    culprits, rest = [], list(items)
    while len(culprits) < _MAX_CULPRITS and (culprit := _culprit(run, rest)) is not None:
        culprits.append(culprit)
        rest.remove(culprit)
        try:
            return run(rest), culprits, reason
        except Exception:  # noqa: BLE001 - one more to find
            logger.debug("%s still fails without %s", step, culprits)
    return None, [], reason


def _settled_guarded(sources: tuple[Source, ...], corpus: str) -> tuple[tuple[Source, ...], list[Problem]]:
    """settle_references; a source it fails on keeps its own reference date."""
    by_id = {source.id: source for source in sources}
    settled, culprits, error = _without_culprits("settling reference dates",
                                                 lambda ids: settle_references([by_id[i] for i in ids]), list(by_id))
    problems = [Problem(by_id[i].path, f"its reference date could not be settled with the others' ({error}); it keeps its own. "
                                       "Please report it") for i in culprits]
    if settled is None:
        problems.append(Problem(corpus, f"settling reference dates across sources failed ({error}); every source keeps its own. "
                                        "Please report it"))
        return sources, problems
    settled_by_id = {source.id: source for source in settled}
    return tuple(settled_by_id.get(source.id, source) for source in sources), problems


def _entities_guarded(sources, mentions, editor_entities, corpus: str, problems: list[Problem]):
    """resolve_entities; the names of a source it fails on are left unresolved."""
    by_id = {source.id: source for source in sources}
    found, culprits, error = _without_culprits(
        "resolving entities", lambda ids: resolve_entities([m for i in ids for m in mentions[i]], editor_entities), list(by_id))
    problems += [Problem(by_id[i].path, f"the names it holds could not be resolved to entities ({error}); they are left "
                                        "unlinked. Please report it") for i in culprits]
    if found is None:
        problems.append(Problem(corpus, f"resolving the names of the sources to entities failed ({error}); only the editors' "
                                        "entity files are used. Please report it"))
        try:
            found = resolve_entities([], editor_entities)
        except Exception:
            logger.exception("resolving the editors' entities failed")
            found = ((), {})
    return found


def linking_state_key(root: Path, source_dirs: Sequence[str]) -> str:
    """Where the last linking of this content folder keeps its LinkState (one entry, replaced by each build)."""
    return cache_key("linking state", linking_version(), str(lexicon.default_folder()), str(root), list(source_dirs))


def _previous_linking(cache: AnalysisCache | None, state_key: str, digests: Mapping[str, str], drift: float,
                      claim_of: Mapping[str, Claim]) -> LinkState | None:
    """The last build's LinkState, while the sources have drifted at most ``drift`` from its generation; its facts
    share what they can with this build's claims (``claim_of``: by Claim.id)."""
    previous = read_linking_state(cache, state_key, claim_of) if cache is not None else None
    if previous is None or previous.statistics.drift(digests) > drift:
        return None
    return previous


# The linking's result and state are stored in pieces (cache.put_pieces): (field, piece) pairs, a large
# mapping or sequence cut into dicts or tuples of cache.PIECE_ITEMS entries.
_LINKED = ("groups", "discrepancies", "links", "stories", "facts")
_STATE_MAPPINGS = ("digests", "facts", "stories", "words")
_SCORED_MAPPINGS = ("vectors",)


def _linked_pieces(linked: tuple) -> Iterator[tuple[str, tuple]]:
    for name, items in zip(_LINKED, linked, strict=True):
        for piece in in_pieces(items):
            yield name, tuple(piece)


def read_linked(cache: AnalysisCache, link_key: str) -> tuple | None:
    """The linking's result stored under ``link_key``: (groups, discrepancies, links, stories, facts)."""
    pieces = cache.get_pieces(link_key)
    if pieces is None:
        return None
    found: dict[str, list] = {name: [] for name in _LINKED}
    try:
        for name, piece in pieces:
            found[name].extend(piece)
    except MissingPiece:
        return None
    return tuple(tuple(found[name]) for name in _LINKED)


def _state_pieces(state: LinkState) -> Iterator[tuple[str, object]]:
    yield "statistics", state.statistics
    yield "usable", state.scored.usable
    for owner, names in ((state, _STATE_MAPPINGS), (state.scored, _SCORED_MAPPINGS)):
        for name in names:
            for piece in in_pieces(getattr(owner, name).items()):
                yield name, dict(piece)
    for piece in in_pieces(state.scored.links):
        yield "links", tuple((link.a, link.b, link.score) for link in piece)  # many times faster than Link's own pickling


def store_linking_state(cache: AnalysisCache, state_key: str, state: LinkState) -> None:
    cache.put_pieces(state_key, _state_pieces(state))


def read_linking_state(cache: AnalysisCache, state_key: str, claim_of: Mapping[str, Claim] | None = None) -> LinkState | None:
    """The LinkState stored under ``state_key``, equal to the one stored. ``claim_of``: claims by Claim.id whose
    values, ids and sources the state's facts are to hold (_sharing_claim), a piece at a time as they are read."""
    pieces = cache.get_pieces(state_key)
    if pieces is None:
        return None
    found: dict[str, dict] = {name: {} for name in _STATE_MAPPINGS + _SCORED_MAPPINGS}
    statistics, usable, links = None, b"", []
    try:
        for name, piece in pieces:
            if name == "statistics":
                statistics = piece
            elif name == "usable":
                usable = piece
            elif name == "links":
                links.extend(Link(*link) for link in piece)
            elif name == "facts" and claim_of:
                found[name].update((claim_id, tuple(_sharing_claim(fact, claim_of) for fact in facts))
                                   for claim_id, facts in piece.items())
            else:
                found[name].update(piece)
    except MissingPiece:
        return None
    scored = ScoredLinks(tuple(links), usable, found["vectors"])
    return LinkState(statistics, found["digests"], scored, found["facts"], found["stories"], found["words"])


def _linked_guarded(sources, claims, mentions, entity_of, corpus: str, problems: list[Problem],
                    digests: Mapping[str, str] | None = None, previous: LinkState | None = None):
    """link_corpus, the ids of the sources left out (a source it fails on is skipped, as one whose claims failed)
    and the LinkState for the next build (None when linking failed). The statistics are ``previous``'s
    generation's, else a new generation's."""
    names, spans, lexicon_found = names_by_source(mentions, entity_of), entity_spans(mentions, entity_of), lexicon.load()
    by_id = {source.id: source for source in sources}
    digests = digests or {}

    def run(ids):
        linked_claims, linked_sources = [claim for i in ids for claim in claims[i]], [by_id[i] for i in ids]
        linked_digests = {i: digests[i] for i in ids if i in digests}
        statistics = previous.statistics if previous is not None else statistics_of(linked_claims, linked_sources, names, linked_digests)
        return link_corpus(linked_claims, linked_sources, names, spans=spans, lexicon=lexicon_found, statistics=statistics,
                           digests=linked_digests, previous=previous)

    found, culprits, error = _without_culprits("linking", run, list(by_id))
    linked, state = found if found is not None else (None, None)
    problems += [_failed(by_id[i], f"linking it with the other sources: {error}") for i in culprits]
    if linked is None:
        problems.append(Problem(corpus, f"linking the sources failed ({error}); each source is linked on its own, so nothing is "
                                        "compared across sources. Please report it"))
        parts = []
        for i, source in by_id.items():
            try:
                parts.append(run([i])[0])
            except Exception as alone:  # noqa: BLE001 - it costs this source, as any failure of one source does
                problems.append(_failed(source, f"linking it: {type(alone).__name__}: {alone}"))
                culprits.append(i)
        groups, discrepancies, links, stories, facts = (tuple(item for part in parts for item in part[n]) for n in range(5))
        linked = (tuple(sorted(groups, key=lambda group: group.id)),
                  tuple(sorted(discrepancies, key=lambda item: (-item.severity, item.id))), links, stories, facts)
    return linked, culprits, state


