"""The only module that knows about Pelican: settings, a generator, signals."""

from __future__ import annotations

import ctypes
import functools
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from blinker import signal
from jinja2 import ChoiceLoader, FileSystemLoader, pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.log import DEFAULT_LOG_HANDLER, LimitFilter, console
from pelican.utils import sanitised_join

from . import settings as crosscheck_settings
from .annotate import annotate, needing_attention
from .cache import AnalysisCache
from .compare import value_rows
from .corrections import retired_since
from .editors.annotations import read_annotations
from .ingest.dates import ORIGIN_WORDS
from .ingest.decode import balance_bidi
from .model import DISCREPANCY_KINDS, Analysis, Annotated, Problem
from .parallel import worker_count
from .pipeline import analyse
from .progress import BarProgress
from .publish import export, feeds, pages, reads, rendered, search, sitemap, urls, views
from .sanitize import annotation_html, render_markdown
from .segment import sentences_by_block

logger = logging.getLogger(__name__)
# Pelican drops a warning it has logged once in the process. `invoke livereload` rebuilds in
# one process, and a file that is still broken must be reported on every build.
logger.filters = [found for found in logger.filters if not isinstance(found, LimitFilter)]


class _ProblemLines(logging.StreamHandler):
    """Prints each problem whole, as `LEVEL path:line: message` on one line. Pelican's rich handler wraps
    messages at the terminal's width (80 columns in a pipe or CI log), which split `path:line` from the message."""

    def __init__(self):
        super().__init__()
        self.addFilter(lambda record: getattr(record, "crosscheck_problem", False))
        self.setFormatter(logging.Formatter("%(levelname)-8s %(message)s"))

    @property
    def stream(self):  # stderr as it is now: a test or a task may have replaced it
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


logger.addHandler(_ProblemLines())
PROBLEM = {"crosscheck_problem": True}  # `extra=` for a log record that _ProblemLines prints instead of Pelican's handler

TEMPLATES = Path(__file__).parent / "templates"
VERDICT_CSS = "theme/css/verdicts.css"  # made from CROSSCHECK_VERDICTS: colours belong in a file, the CSP allows no inline style
# Sent once the analysis is done, with analysis= and progress= (stage times): for benchmarks and plugins.
analysed = signal("crosscheck_analysed")


def initialized(pelican) -> None:
    """Fill in CROSSCHECK_* defaults and keep sources out of Pelican's own generators."""
    pelican.settings.update(crosscheck_settings.resolve(pelican.settings))
    DEFAULT_LOG_HANDLER.addFilter(_not_a_problem)
    ours = (
        pelican.settings["CROSSCHECK_SOURCE_PATHS"]
        + pelican.settings["CROSSCHECK_ANNOTATION_PATHS"]
        + pelican.settings["CROSSCHECK_ENTITY_PATHS"]
        + pelican.settings["CROSSCHECK_OUTLET_PATHS"]
    )
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        pelican.settings[key] = list(dict.fromkeys(list(pelican.settings.get(key, [])) + ours))
    # The layout's meta descriptions truncate text and then escape it, which the finalize of our generator's
    # environment (Markup is left as it is) cannot balance; every environment, Pelican's too, renders the layout.
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), "bidi_balanced": balance_bidi}
    if pelican.settings["CROSSCHECK_INDEX_SAVE_AS"] == "index.html" and "index" in pelican.settings["DIRECT_TEMPLATES"]:
        # Our home page takes index.html; Pelican's blog index would overwrite it.
        pelican.settings["DIRECT_TEMPLATES"] = [name for name in pelican.settings["DIRECT_TEMPLATES"] if name != "index"]
    if not any((Path(pelican.settings["PATH"]) / name).is_dir() for name in pelican.settings["CROSSCHECK_SOURCE_PATHS"]):
        # A bare folder of news files: all of it is sources, none of it blog posts.
        pelican.settings["ARTICLE_PATHS"] = []
        pelican.settings["STATIC_PATHS"] = []
        pelican.settings["PAGE_PATHS"] = [path for path in pelican.settings.get("PAGE_PATHS", []) if path]


def _not_a_problem(record) -> bool:
    return not getattr(record, "crosscheck_problem", False)


def get_generators(pelican):
    return CrosscheckGenerator


class CrosscheckGenerator(Generator):
    """Reads the sources, runs the analysis and writes the site's own pages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The theme's templates win; ours are the fallback.
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(str(TEMPLATES))])
        # Pelican leaves autoescaping off; text from sources must never become markup.
        self.env.autoescape = True
        # Every text printed closes the bidi embeddings and overrides it opens: an unclosed override in a
        # title would turn round the rest of a <title>, a list or another source's page.
        self.env.finalize = lambda value: balance_bidi(value) if isinstance(value, str) and not isinstance(value, Markup) else value
        self.env.filters["describe_value"] = lambda value: views.value_reading(value, self._speaker_name)
        self.env.filters["origin_words"] = lambda origin: ORIGIN_WORDS.get(origin, origin)
        self.env.filters["long_date"] = lambda day: f"{day.day} {day:%B %Y}"  # %-d is glibc-only
        self.env.filters["value_words"] = lambda value: views.value_words(
            value, lambda entity_id: self._speaker_name(entity_id))
        self.env.filters["source_name"] = views.source_name
        # Page addresses come from one place (export.py), for the templates as for the JSON.
        self.env.globals.update(
            source_url=lambda source_id: urls.source_page(source_id, self.settings),
            sentence_url=lambda claim: urls.sentence_link(claim, self.settings),  # a call a page makes hundreds of times: no macro
            claim_url=lambda group_id: urls.group_page(group_id, self.settings),
            story_url=lambda story_id: urls.story_page(story_id, self.settings),
            entity_url=lambda entity_id: urls.entity_page(entity_id, self.settings),
            outlet_url=lambda outlet_id: urls.outlet_page(outlet_id, self.settings),
            discrepancies_url=lambda kind: urls.discrepancies_page(kind, self.settings),
            timeline_url=lambda: urls.timeline_page(self.settings),
            matrix_url=lambda order: urls.matrix_page(order, self.settings),
            matrix_orders=views.MATRIX_ORDERS,
            search_url=lambda: urls.search_page(self.settings),
            browse_url=lambda what: urls.browse_page(what, self.settings),
            most_serious=views.most_serious,
        )
        # Editors' Markdown, cleaned to the HTML that SECURITY.md lists; sources' text is never passed through this.
        self.env.filters["markdown"] = lambda text: Markup(render_markdown(text))
        self.analysis: Analysis | None = None
        self.annotated: Annotated | None = None
        self.ratings = crosscheck_settings.ratings(self.settings)
        # pass_context marks a function, which a bound method cannot carry: hence the lambda
        self.env.filters["annotation_markdown"] = pass_context(lambda context, annotation: self._annotation_markdown(context, annotation))
        self.env.filters["verdict_class"] = export.verdict_class
        # Read now: Pelican empties the output folder (DELETE_OUTPUT_DIRECTORY) after making the generators.
        self.previous = previous_build(self.settings, self.output_path)

    def generate_context(self) -> None:
        skip = crosscheck_settings.skipped_dirs(self.settings)
        progress = BarProgress(console)
        cache = self._open_cache()
        try:
            self.analysis = analyse(
                Path(self.path), self.settings["CROSSCHECK_SOURCE_PATHS"], skip, self.settings["CROSSCHECK_ENTITY_PATHS"],
                cache=cache, executor=self.settings["CROSSCHECK_EXECUTOR"], workers=self.settings["CROSSCHECK_WORKERS"],
                progress=progress, limits=crosscheck_settings.limits(self.settings),
                outlet_dirs=self.settings["CROSSCHECK_OUTLET_PATHS"],
            )
            if cache is not None:
                cache.prune()
        finally:
            if cache is not None:
                cache.close()
        # Printed like Pelican's own "Done:" line, so a quiet (CI) build still says what the analysis did.
        console.print(f"Crosscheck: {progress.summary(len(self.analysis.sources), cache.hits if cache else 0)}")
        analysed.send(self, analysis=self.analysis, progress=progress)
        annotations, read_problems = read_annotations(Path(self.path), self.settings["CROSSCHECK_ANNOTATION_PATHS"])
        self.analysis, self.annotated = annotate(self.analysis, annotations, self.ratings)
        # No page shows the names found or the scored links (the signal above had them): 42 of the 173 MB the
        # analysis of 2,061 sources holds, kept for the whole build otherwise.
        self.analysis = replace(self.analysis, mentions={}, entity_of={}, links=())
        _return_freed_memory()
        self.annotation_problems = read_problems + self.annotated.problems
        for problem in self.analysis.problems + self.annotation_problems:
            log = logger.info if problem.severity == "info" else logger.warning
            log("%s", problem, extra=PROBLEM)
        self.context["crosscheck"] = self.analysis
        self.context["crosscheck_sources"] = [self._source_url_context(source) for source in self.analysis.sources]
        # Every page's layout (Pelican's own pages too) reads these from the shared context.
        self.context.update(reader_context(self.settings))

    def _open_cache(self) -> AnalysisCache | None:
        """The analysis cache; a relative CROSSCHECK_CACHE_PATH is taken from the content folder's parent."""
        if not self.settings["CROSSCHECK_CACHE_PATH"]:
            return None
        path = Path(self.path).resolve().parent / self.settings["CROSSCHECK_CACHE_PATH"]
        try:
            return AnalysisCache(path)
        except (OSError, sqlite3.Error) as error:  # a read-only checkout still builds, only slower
            logger.warning("cannot use the analysis cache %s (%s); analysing every source", path, error)
            return None

    def _source_url_context(self, source):
        return {"source": source, "url": urls.source_page(source.id, self.settings)}

    def _speaker_name(self, entity_id: str) -> str:
        entities = self.tracked["lookup"].entities  # read while a page renders: noted as what the page shows
        return entities[entity_id].name if entity_id in entities else entity_id

    def _write(self, writer, save_as: str, template: str, **page) -> None:
        """Render the page, or take the last build's file of it when what it shows did not change: its own values
        and what its templates read of the shared stores when it was last rendered (publish/rendered.py, reads.py)."""
        key = rendered.digest(self.site_key, template, save_as, self.fingerprints.of(page).hex())
        target = sanitised_join(self.output_path, save_as)
        previous = self.page_map.unchanged(save_as, key, self.read_digests, self.page_places)
        if previous is not None:
            self.page_map.take(previous, target, save_as)
            writer._written_files.add(target)  # for the sitemap, as if written
            return
        self.page_map.rendered += 1
        self.reads.start()
        try:
            writer.write_file(
                save_as,
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                crosscheck=self.tracked["crosscheck"],
                crosscheck_sources=self.tracked["crosscheck_sources"],
                lookup=self.tracked["lookup"],
                annotated=self.tracked["annotated"],
                **page,
            )
        finally:
            noted = sorted(self.reads.stop())
        # read back now, while the file is in memory: the search index would read it again otherwise
        indexed = search.page_is_indexed(target) if self.settings["CROSSCHECK_SEARCH"] else None
        self.page_map.record(save_as, key, target, noted, self.read_digests, indexed, page.get("search_group", ""))

    def _write_pages(self, writer, save_as: str, url: str, template: str, lists: dict, size: int = 0,
                     later_pages: Callable[[dict], dict] | None = None, **page) -> None:
        """A list page cut into pages of at most ``size`` (CROSSCHECK_PAGE_SIZE) items of each list, each with
        its ``pager``; pages after the first are not indexed for search (their first page is). ``later_pages``
        gives the values that pages after the first show less of, from their chunk of the lists: a page is rendered
        again only when what it shows changed."""
        size = size or self.settings["CROSSCHECK_PAGE_SIZE"]
        chunks = pages.chunked(lists, size)
        addresses = page_addresses(save_as, url, len(chunks), self.settings)
        pagers = pages.pagers([address for _, address in addresses], lists, size)
        for (page_save_as, page_url), pager, chunk in zip(addresses, pagers, chunks):
            later = {} if pager.number == 1 else {"search_kind": "", **(later_pages(chunk) if later_pages else {})}
            self._write(writer, page_save_as, template, **{**page, "page_name": page_url, **later, **chunk, "pager": pager})

    def _annotation_markdown(self, context, annotation) -> Markup:
        """An editor's body, sanitized, with its checked {filename}/{claim} links made into this site's addresses."""
        return Markup(annotation_html(annotation, urls.body_link_address(self.settings, context.get("SITEURL", ""))))

    def _title(self, group) -> str:
        note = self.annotated.published_of.get(group.id)
        return views.group_title(group, [self.lookup.facts[fact_id] for fact_id in group.facts],
                                 [self.lookup.claims[claim_id].text for claim_id in group.claims],
                                 self.lookup.sources, note.title if note else "")

    def _site_key(self) -> str:
        """What every page is made from apart from its own data: code, templates, settings, and the content files
        that are Pelican's (its pages, which the layout's menu and the methodology links read) (rendered.py)."""
        root = Path(self.path)
        ours = [root / name for key in ("CROSSCHECK_SOURCE_PATHS", "CROSSCHECK_ANNOTATION_PATHS", "CROSSCHECK_ENTITY_PATHS",
                                        "CROSSCHECK_OUTLET_PATHS") for name in self.settings[key]]
        return rendered.digest(rendered.render_digest(Path(self.settings["THEME"])), rendered.settings_digest(self.settings),
                               rendered.files_digest(rendered.tree_files(root, ours), root))

    def _page_map_path(self) -> Path | None:
        """Beside the analysis cache: crosscheck.sqlite3 -> crosscheck.pages.json. None without a cache."""
        if not self.settings["CROSSCHECK_CACHE_PATH"]:
            return None
        cache = Path(self.path).resolve().parent / self.settings["CROSSCHECK_CACHE_PATH"]
        return cache.with_name(cache.stem + ".pages.json")

    def generate_output(self, writer) -> None:
        analysis, annotated = self.analysis, self.annotated
        self.lookup = export.lookup(analysis, annotated.dismissed)
        # Every group id of this or an earlier build that names no group now (an editor's correction retired it,
        # or new sources renamed it): its old address still leads to its claims.
        retired = retired_since(*self.previous, analysis.groups, annotated.retired)
        self.previous = None  # the last build's groups, as many as this build's: not held through the pages
        self.site_key = self._site_key()
        # The shared stores, as the templates see them: each read is noted as part of what the page shows.
        self.reads, self.fingerprints = reads.Reads(), reads.Fingerprints()
        stores = {"lookup": self.lookup, "crosscheck": analysis, "annotated": annotated,
                  "crosscheck_sources": self.context["crosscheck_sources"], "titles": {}, "stories": {}}
        self.tracked = {name: reads.Tracked(name, store, self.reads) for name, store in stores.items()}
        self.read_digests = reads.Digests(stores, self.fingerprints)
        self.page_map = rendered.PageMap(self._page_map_path())
        # the last build's folder first: a build into a new folder finds none of its pages in that folder
        self.page_places = ([self.settings["CROSSCHECK_PREVIOUS_OUTPUT_PATH"]] if self.settings["CROSSCHECK_PREVIOUS_OUTPUT_PATH"]
                            else []) + [self.output_path]
        complete = False
        try:
            self._generate_pages(writer, retired)
            complete = True
        finally:
            self.page_map.save(complete)
        if self.settings["CROSSCHECK_SEARCH"]:
            _WRITTEN[str(Path(self.output_path).resolve())] = self.page_map.written()
        logger.info("crosscheck: %d page(s) rendered, %d taken from the last build", self.page_map.rendered, self.page_map.taken)
        self._let_go()

    def _shown_digest(self, retired: Mapping[str, str]) -> str:
        """What every page but the editors' is made from: what every page is (the site key), the analysis, the
        published annotations (drafts and annotation problems are shown only to editors), the retired addresses,
        and the group titles (made with WordNet, which no other part digests). A build whose digest is the last
        build's takes those pages without making their data (rendered.PageMap.take_all)."""
        annotated = self.annotated
        published = replace(annotated, annotations=tuple(each for each in annotated.annotations if each.status == "published"),
                            problems=())
        prints = reads.Fingerprints()
        return rendered.digest(self.site_key, reads.piecewise(self.analysis, prints), prints.of(published), prints.of(retired),
                               prints.of(self.titles))

    def _let_go(self) -> None:
        """Drop what the pages were made from once they are written: Pelican keeps every generator until the build
        ends, so the search index (finalized) would run with the analysis and the page map still held."""
        self.analysis = self.annotated = self.lookup = self.page_map = None
        self.tracked = self.read_digests = self.fingerprints = self.reads = self.titles = None
        for name in ("crosscheck", "crosscheck_sources"):
            self.context.pop(name, None)

    def _generate_pages(self, writer, retired: dict[str, str]) -> None:
        analysis, annotated = self.analysis, self.annotated
        # Where the labels are explained: the methodology page, when the content has one.
        explained = next((page.url for page in self.context.get("pages", ()) if page.slug == "methodology"), "")
        self.env.globals["methodology_url"] = lambda anchor: f"{explained}#{anchor}" if explained else ""
        cards = views.disputes_of(analysis.groups, self.lookup, annotated.verdict_of, annotated.dismissed)
        titles = self.read_digests.roots["titles"]
        titles.update({group.id: cards[group.id].title if group.id in cards else self._title(group) for group in analysis.groups})
        self.env.globals["group_title"] = lambda group: self.tracked["titles"][group.id]
        self.titles = titles
        stories = views.story_views(analysis.stories, analysis.groups, analysis.claims, self.lookup, cards)
        self.read_digests.roots["stories"].update({view.story.id: view for view in stories})
        if self.page_map.path is not None:
            self.page_map.shown = self._shown_digest(retired)
        taken = self.page_map.take_all(self.page_places, lambda save_as: sanitised_join(self.output_path, save_as))
        writer._written_files.update(taken)  # for the sitemap, as if written
        if not taken:
            self._write_public_pages(writer, retired, cards, stories)
        if retired or (Path(self.output_path) / "_redirects").exists():  # an in-place build must not keep stale lines
            write_text(writer, "_redirects", export.redirects(retired, self.settings))
        self._write_feeds(writer)
        if self.settings["CROSSCHECK_EDITORS_PAGE"]:
            before = set(self.page_map.now)
            self._write_editors_page(writer)
            self.page_map.editors = set(self.page_map.now) - before
        self._write_shown(writer, VERDICT_CSS, lambda handle: handle.write(export.verdict_css(self.ratings)))
        parts = export.factcheck_parts(analysis, self.settings, annotated, retired)
        self._write_shown(writer, self.settings["CROSSCHECK_API_SAVE_AS"], functools.partial(export.write_json, parts))
        self._write_sitemap(writer)
        self._fail_when_strict()

    def _write_public_pages(self, writer, retired: dict[str, str], cards: dict, stories: list) -> None:
        """Every page but the editors': what a build whose pages show what the last build's showed takes whole."""
        analysis, annotated, titles = self.analysis, self.annotated, self.titles
        # a story's pages are indexed for search in one part, which a source added to the story indexes again
        story_of = {source_id: story.id for story in analysis.stories for source_id in story.sources}
        self._write_pages(writer, self.settings["CROSSCHECK_INDEX_SAVE_AS"], "", "crosscheck/index", {"stories": stories},
                          self.settings["CROSSCHECK_STORIES_PER_PAGE"], all_stories=len(stories),
                          open_disputes=sum(len(view.open_disputes) for view in stories))
        for view in stories:
            self._write_pages(writer, self.settings["CROSSCHECK_STORY_SAVE_AS"].format(id=view.story.id),
                              urls.story_page(view.story.id, self.settings), "crosscheck/story",
                              {"disputes": view.disputes, "facts": view.facts, "sources": view.sources}, view=view,
                              search_kind="Story", search_group=view.story.id,
                              description=f"{view.title}: what {len(view.sources)} sources say, fact by fact, and where they differ.")
        for entry in self.context["crosscheck_sources"]:
            source = entry["source"]
            self._write(
                writer,
                self.settings["CROSSCHECK_SOURCE_SAVE_AS"].format(id=source.id),
                "crosscheck/source",
                page_name=entry["url"],
                source=source,
                paragraphs=sentences_by_block(source, analysis.sentences[source.id]),
                claims={claim.sentence: claim for claim in analysis.claims[source.id]},
                entities=self.tracked["lookup"].entities,
                conflicts=self.lookup.conflicts_of_source.get(source.id, []),
                # a clipped page's kept versions and what changed between them (docs/sources.md)
                history=analysis.histories.get(source.id, ((), ())),
                search_kind="Source",
                search_group=story_of.get(source.id, ""),
                description=f"{source.title}: the text of this source, sentence by sentence, with its checkable claims.",
            )
        for group in analysis.groups:
            members = [self.lookup.claims[claim_id] for claim_id in group.claims]
            note = annotated.published_of.get(group.id)
            self._write(
                writer,
                self.settings["CROSSCHECK_CLAIM_SAVE_AS"].format(id=group.id),
                "crosscheck/claim",
                page_name=urls.group_page(group.id, self.settings),
                group=group,
                title=titles[group.id],
                members=members,
                wordings=views.wordings(members, group.id, self.lookup.groups_of, self.lookup.group_of, self.lookup.sources),
                rows=value_rows([self.lookup.facts[fact_id] for fact_id in group.facts], self.lookup.sources),
                discrepancies=self.lookup.discrepancies_of.get(group.id, []),
                changed=views.changes_by_claim(self.lookup.discrepancies_of.get(group.id, []), annotated.dismissed),
                # its own differences, else those of the facts its sentences state
                disputes=[cards[found] for found in dict.fromkeys(
                    [group.id] + [other for claim in members for other in self.lookup.groups_of[claim.id]]) if found in cards],
                story=self.tracked["stories"].get(group.story),  # its title and address: not every source of it
                verdict=annotated.verdict_of.get(group.id),
                note=note,
                claim_review=self._claim_review(group),
                search_kind=views.search_kind(group),
                search_group=group.story,
                description=group.statement,
            )
        for old, new in retired.items():
            self._write(writer, self.settings["CROSSCHECK_CLAIM_SAVE_AS"].format(id=old), "crosscheck/moved",
                        page_name=urls.group_page(old, self.settings), old_id=old, group=self.lookup.groups[new],
                        by_editors=old in annotated.retired,
                        unlisted=True, description=f"This claim page moved: {self.lookup.groups[new].statement}")
        ordered_cards = sorted(cards.values(), key=lambda card: (DISCREPANCY_KINDS.index(card.kind), card.group.id))
        by_kind = {kind: [card for card in ordered_cards if any(kind in ("all", item.kind) for item in card.discrepancies)]
                   for kind in ("all",) + DISCREPANCY_KINDS}
        for kind, chosen in by_kind.items():
            # every kind keeps its page (its address is stable), but the filters offer only kinds the site has
            self._write_pages(
                writer,
                self.settings["CROSSCHECK_DISCREPANCIES_SAVE_AS"].format(kind=kind),
                urls.discrepancies_page(kind, self.settings),
                "crosscheck/discrepancies",
                {"discrepancies": chosen},
                kind=kind,
                kinds=[each for each, found in by_kind.items() if found or each in ("all", kind)],
            )
        claims_by_entity = export.claims_by_entity(analysis)
        for entity in analysis.entities:
            claims = claims_by_entity.get(entity.id, [])
            self._write_pages(
                writer,
                self.settings["CROSSCHECK_ENTITY_SAVE_AS"].format(id=entity.id),
                urls.entity_page(entity.id, self.settings),
                "crosscheck/entity",
                {"sources": list(dict.fromkeys(claim.source for claim in claims)),
                 "facts": self.lookup.facts_of_entity.get(entity.id, []),
                 "claims": [(status, claim) for status, in_status in export.by_status(claims, self.lookup) for claim in in_status]},
                entity=entity,
                source_count=len({claim.source for claim in claims}),
                claim_count=len(claims),
                search_kind=views.search_kind(entity),
                description=f"What the sources say about {entity.name}.",
            )
        for what, items in (("sources", self.context["crosscheck_sources"]),
                            ("entities", [{"entity": entity, "url": urls.entity_page(entity.id, self.settings)}
                                          for entity in sorted(analysis.entities, key=lambda entity: entity.name.casefold())])):
            self._write_pages(writer, self.settings["CROSSCHECK_BROWSE_SAVE_AS"].format(what=what),
                              urls.browse_page(what, self.settings), "crosscheck/browse", {"items": items}, what=what,
                              description=f"Every one of the {len(items)} {what}, in pages.")
        tallies = export.outlet_tallies(analysis, annotated.dismissed)
        for outlet in analysis.outlets:
            self._write_pages(writer, self.settings["CROSSCHECK_OUTLET_SAVE_AS"].format(id=outlet.id),
                              urls.outlet_page(outlet.id, self.settings), "crosscheck/outlet", {"sources": list(outlet.sources)},
                              outlet=outlet, tally=tallies[outlet.id], source_count=len(outlet.sources), search_kind="Outlet",
                              description=f"The sources {outlet.name} published, and how often their facts "
                                          "agree with, contradict or stand apart from the other sources.")
        self._write_reader_pages(writer)

    def _write_sitemap(self, writer) -> None:
        """sitemap.xml of the HTML pages the Writer has written in this build (Pelican's pages and ours), and robots.txt."""
        # The Writer's own record of this build: each path made by sanitised_join, so absolute, and inside the
        # output folder as os.path.abspath names it (resolving every path's links cost a stat per page).
        output = os.path.abspath(writer.output_path)
        inside = [path for path in writer._written_files if path.startswith(output + os.sep)]
        # a page taken from the last build is the file whose tag that build read back
        root = os.path.join(output, "")
        known = {root + name.replace("/", os.sep): listed for name, listed in self.page_map.listed().items()}
        listed = sitemap.listing(inside, known)
        self.page_map.note_listed({path.removeprefix(root).replace(os.sep, "/"): shown for path, shown in listed.items()})
        pages = sitemap.listed_urls(output, listed)
        for name, xml in sitemap.sitemap_files(pages, self.settings["SITEURL"]):
            write_text(writer, name, xml)
        write_text(writer, "robots.txt", sitemap.robots_txt(self.settings["SITEURL"]))

    def _fail_when_strict(self) -> None:
        """In strict mode, fail on any problem, once every page is written: all of them are listed."""
        reported = [problem for problem in self.analysis.problems + self.annotation_problems if problem.severity != "info"]
        if self.settings.get("CROSSCHECK_STRICT") and reported:
            _fail_strictly(reported)

    def _claim_review(self, group) -> str:
        """ClaimReview JSON-LD for a group with a published verdict, safe inside a <script> element."""
        verdict = self.annotated.verdict_of.get(group.id)
        if verdict is None:
            return ""
        review = export.claim_review(group, verdict, self.ratings, self.lookup, self.settings.get("SITEURL", ""), self.settings)
        return json.dumps(review, ensure_ascii=False, indent=1, allow_nan=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

    def _write_editors_page(self, writer) -> None:
        annotated = self.annotated
        drafts = [annotation for annotation in annotated.annotations if annotation.status == "draft"]
        self._write_pages(
            writer,
            self.settings["CROSSCHECK_EDITORS_SAVE_AS"],
            urls.editors_page(self.settings),
            "crosscheck/editors",
            {"awaiting": export.awaiting_verdict(self.analysis, self.lookup, annotated)},
            attention=needing_attention(annotated.annotations, self.annotation_problems),
            annotation_problems=self.annotation_problems,
            other_problems=[problem for problem in self.analysis.problems if problem.severity != "info"],
            drafts=drafts,
            # the first page lists every draft; the others mark only those of the claims they list
            later_pages=lambda chunk: {"drafts": [draft for draft in drafts
                                                  if draft.target in {group.id for group, _ in chunk["awaiting"]}]},
            unlisted=True,
        )

    def _write_reader_pages(self, writer) -> None:
        """Timeline, matrix and search page: views.py computes them."""
        analysis, settings, found = self.analysis, self.settings, self.lookup
        timeline = views.timeline(analysis.all_claims(), self._shown_discrepancies(), found.sources,
                                  {group.id: [found.facts[fact_id] for fact_id in group.facts] for group in analysis.groups},
                                  self.titles)
        self._write_pages(writer, settings["CROSSCHECK_TIMELINE_SAVE_AS"], urls.timeline_page(settings), "crosscheck/timeline",
                          {"rows": timeline.rows, "entries": timeline.entries}, timeline=timeline,
                          description="Every dated claim on one time axis, with conflicting dates joined.")
        columns, shared = views.matrix_scope(analysis.sources, analysis.groups, found.claims,
                                             settings["CROSSCHECK_MATRIX_MAX_SOURCES"])
        made = views.matrix(columns, shared, found.claims, found.discrepancies_of, views.MATRIX_ORDERS[0])
        for order in views.MATRIX_ORDERS:
            rows = views.matrix_in_order(made, order)
            kept = rows[: settings["CROSSCHECK_MATRIX_MAX_ROWS"]]
            self._write_pages(writer, settings["CROSSCHECK_MATRIX_SAVE_AS"].format(order=order), urls.matrix_page(order, settings),
                              "crosscheck/matrix", {"rows": kept}, order=order,
                              columns=[{"source": source, "name": name, "url": urls.source_page(source.id, settings)}
                                       for source, name in views.matrix_columns(columns)],
                              fits=len(columns) <= views.MATRIX_FITS,
                              hidden_rows=len(rows) - len(kept), hidden_sources=len(analysis.sources) - len(columns),
                              totals=views.matrix_totals(kept, columns),
                              description="Which source corroborates, contradicts or is silent on each claim.")
        if settings["CROSSCHECK_SEARCH"]:
            self._write(writer, settings["CROSSCHECK_SEARCH_SAVE_AS"], "crosscheck/search",
                        page_name=urls.search_page(settings),
                        search_base=urls.root_path(settings["SITEURL"]),
                        description="Search the sources, claims and entities.")

    def _shown_discrepancies(self) -> list:
        # Discrepancies an editor dismissed are left out of the lookup, so out of the reader's pages and feeds too.
        return [item for item in self.analysis.discrepancies if item in self.lookup.discrepancies_of.get(item.group, ())]

    def _write_feeds(self, writer) -> None:
        """The Atom feeds (feeds.py)."""
        analysis, settings, found = self.analysis, self.settings, self.lookup
        fallback = feeds.build_date(analysis.sources)
        entries = {
            "claims": lambda: feeds.claim_entries(analysis.groups, found.claims, found.sources, settings, fallback,
                                                  settings.get("FEED_MAX_ITEMS")),
            "conflicts": lambda: feeds.conflict_entries(self._shown_discrepancies(), found.groups, found.claims, found.sources,
                                                        settings, fallback),
            "verdicts": lambda: feeds.verdict_entries(self.annotated.verdict_of, found.groups, settings, fallback,
                                                      settings["SITEURL"]),
            "changes": lambda: feeds.change_entries(analysis.histories, found.sources, settings, fallback),
        }
        for name, chosen in entries.items():
            path = urls.feed_path(name, settings)
            self._write_shown(writer, path, lambda handle, name=name, chosen=chosen, path=path: handle.write(feeds.atom(
                name, chosen(), settings["SITEURL"], path, settings["SITENAME"], fallback, settings.get("FEED_MAX_ITEMS"))))

    def _write_shown(self, writer, save_as: str, write: Callable[[TextIO], None]) -> None:
        """A file that is no page and is made only from what the public pages are (the export, the feeds, the
        verdicts' stylesheet): written and recorded in the page map, unless take_all took the last build's."""
        if save_as not in self.page_map.now:
            write_through(writer, save_as, write)
            self.page_map.record(save_as, self.page_map.shown, sanitised_join(self.output_path, save_as))


def write_through(writer, save_as: str, write: Callable[[TextIO], None]) -> None:
    """A file that is no template (the JSON export, feeds, CSS, _redirects, sitemap.xml, robots.txt) written as
    the Writer writes pages: inside the output folder (sanitised_join), and never twice in one build. Pelican has
    no public call for such a file; _open_w is the guard its write_file and write_feed use."""
    path = sanitised_join(writer.output_path, save_as)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with writer._open_w(path, "utf-8") as handle:
        write(handle)


def write_text(writer, save_as: str, text: str) -> None:
    write_through(writer, save_as, lambda handle: handle.write(text))


def _fail_strictly(problems: Sequence[Problem]) -> None:
    lines = "\n".join(f"  {problem}" for problem in problems)
    logger.error("strict mode: %d problem(s) in the content:\n%s", len(problems), lines, extra=PROBLEM)
    raise SystemExit(1)


def previous_build(settings, output_path) -> tuple[tuple, dict[str, str]]:
    """The last build's groups and retired ids (export.previous_build); none without a readable export."""
    path = Path(settings["CROSSCHECK_PREVIOUS_OUTPUT_PATH"] or output_path) / settings["CROSSCHECK_API_SAVE_AS"]
    try:
        return export.read_previous_build(path)
    except (OSError, ValueError, RecursionError) as error:  # none yet, or damaged: a JSON or encoding error is a ValueError
        logger.debug("no last build's export read from %s: %s", path, error)
        return (), {}


def page_addresses(save_as: str, url: str, count: int, settings) -> list[tuple[str, str]]:
    """(save_as, url) of each of ``count`` pages of one list, as PAGINATION_PATTERNS names them."""
    paginator = Paginator(save_as, url, range(count), settings, 1)
    paginator.orphans = 0  # one entry a page: DEFAULT_ORPHANS would fold the last pages into others
    return [(page.save_as, page.url) for page in map(paginator.page, range(1, count + 1))]


def reader_context(settings) -> dict:
    """What every page's layout needs: the menu, the feeds, the page's canonical address."""
    matrix_pages = [settings["CROSSCHECK_MATRIX_SAVE_AS"].format(order=order) for order in views.MATRIX_ORDERS]
    kinds = ("all",) + DISCREPANCY_KINDS
    menu = [
        ("Sources", "", [settings["CROSSCHECK_INDEX_SAVE_AS"]]),
        ("Differences", urls.discrepancies_page("all", settings),
         [settings["CROSSCHECK_DISCREPANCIES_SAVE_AS"].format(kind=kind) for kind in kinds]),
        ("Timeline", urls.timeline_page(settings), [settings["CROSSCHECK_TIMELINE_SAVE_AS"]]),
        ("Matrix", urls.matrix_page(views.MATRIX_ORDERS[0], settings), matrix_pages),
    ]
    if settings["CROSSCHECK_SEARCH"]:
        menu.append(("Search", urls.search_page(settings), [settings["CROSSCHECK_SEARCH_SAVE_AS"]]))
    base = urls.absolute_base(settings["SITEURL"])
    return {
        "crosscheck_menu": [{"title": title, "url": url, "pages": pages} for title, url, pages in menu],
        # Only a local build has the editors' page; the footer links to it there.
        "crosscheck_editors_url": urls.editors_page(settings) if settings["CROSSCHECK_EDITORS_PAGE"] else "",
        "crosscheck_livereload_csp": (f"; script-src 'self'; connect-src 'self' ws://{settings['CROSSCHECK_LIVERELOAD']}"
                                      if settings["CROSSCHECK_LIVERELOAD"] else ""),
        "crosscheck_feeds": [{"title": title, "url": urls.feed_path(name, settings)} for name, title in feeds.FEEDS.items()],
        # The absolute address of a page (for og:url and rel=canonical); "" without an absolute SITEURL.
        "canonical_url": lambda output_file: f"{base}/{urls.page_url(output_file)}" if base else "",
    }


def _return_freed_memory() -> None:
    """Give the system back the heap the analysis freed (its linking, its cache's pickles): glibc keeps freed
    blocks for reuse, so the pages would otherwise run with the analysis's peak as their floor. Elsewhere, nothing."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # musl has no malloc_trim
            pass


# The pages each build's generator wrote or took (rendered.PageMap.written), by output folder, for the search index
# that Pelican's finalized signal makes once every file is written: it is handed the Pelican object, not the generator.
_WRITTEN: dict[str, dict[str, tuple[bool | None, str, str, int]]] = {}


def finalized(pelican) -> None:
    """Index the site for search, once every file is written; in strict mode, fail if it cannot."""
    settings = pelican.settings
    if not settings.get("CROSSCHECK_SEARCH"):
        return
    output = Path(pelican.output_path).resolve()
    # the last build's index, whose parts this build takes where their pages did not change
    previous = Path(settings["CROSSCHECK_PREVIOUS_OUTPUT_PATH"]).resolve() if settings["CROSSCHECK_PREVIOUS_OUTPUT_PATH"] else output
    indexing = search.index_site(output, settings.get("DEFAULT_LANG") or "en", settings["CROSSCHECK_SEARCH_PART_BYTES"], previous,
                                 _WRITTEN.pop(str(output), None), settings["CROSSCHECK_WORKERS"] or worker_count())
    logger.info("search: %d page(s) indexed; %d of %d part(s) of the index taken from the last build",
                indexing.indexed_pages, indexing.reused_parts, indexing.parts)
    failure = indexing.failure
    if failure:
        logger.warning("search: %s", failure)
        if settings.get("CROSSCHECK_STRICT"):
            _fail_strictly([Problem(str(output), f"search index: {failure}")])


def register() -> None:
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)
