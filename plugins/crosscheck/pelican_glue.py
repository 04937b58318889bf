"""The only module that knows about Pelican: settings, a generator, signals."""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

import markdown
from blinker import signal
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator
from pelican.log import console

from . import export, settings as crosscheck_settings
from .cache import AnalysisCache
from .dates import ORIGIN_WORDS
from .extract.values import describe
from .pipeline import Analysis, analyse
from .progress import BarProgress
from .segment import sentences_by_block

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# Problems reported during the current build; cleared when a build starts, read when it ends.
_reported: list = []
# Sent once the analysis is done, with analysis= and progress= (stage times): for benchmarks and plugins.
analysed = signal("crosscheck_analysed")


def initialized(pelican) -> None:
    """Fill in CROSSCHECK_* defaults and keep sources out of Pelican's own generators."""
    pelican.settings.update(crosscheck_settings.resolve(pelican.settings))
    ours = (
        pelican.settings["CROSSCHECK_SOURCE_PATHS"]
        + pelican.settings["CROSSCHECK_ANNOTATION_PATHS"]
        + pelican.settings["CROSSCHECK_ENTITY_PATHS"]
    )
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES", "STATIC_EXCLUDES"):
        pelican.settings[key] = list(dict.fromkeys(list(pelican.settings.get(key, [])) + ours))
    if pelican.settings["CROSSCHECK_INDEX_SAVE_AS"] == "index.html" and "index" in pelican.settings["DIRECT_TEMPLATES"]:
        # Our home page takes index.html; Pelican's blog index would overwrite it.
        pelican.settings["DIRECT_TEMPLATES"] = [name for name in pelican.settings["DIRECT_TEMPLATES"] if name != "index"]
    if not any((Path(pelican.settings["PATH"]) / name).is_dir() for name in pelican.settings["CROSSCHECK_SOURCE_PATHS"]):
        # A bare folder of news files: all of it is sources, none of it blog posts.
        pelican.settings["ARTICLE_PATHS"] = []
        pelican.settings["STATIC_PATHS"] = []
        pelican.settings["PAGE_PATHS"] = [path for path in pelican.settings.get("PAGE_PATHS", []) if path]
    _reported.clear()


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
        self.env.filters["describe_value"] = describe
        self.env.filters["origin_words"] = lambda origin: ORIGIN_WORDS.get(origin, origin)
        self.env.filters["long_date"] = lambda day: f"{day.day} {day:%B %Y}"  # %-d is glibc-only
        # Page addresses come from one place (export.py), for the templates as for the JSON.
        self.env.globals.update(
            source_url=lambda source_id: export.source_page(source_id, self.settings),
            claim_url=lambda group_id: export.group_page(group_id, self.settings),
            entity_url=lambda entity_id: export.entity_page(entity_id, self.settings),
            discrepancies_url=lambda kind: export.discrepancies_page(kind, self.settings),
        )
        # Editors' Markdown is trusted (SECURITY.md); sources' text is never passed through this.
        self.env.filters["markdown"] = lambda text: Markup(markdown.markdown(text, extensions=["extra"]))
        self.analysis: Analysis | None = None

    def generate_context(self) -> None:
        skip = (
            self.settings["CROSSCHECK_ANNOTATION_PATHS"]
            + self.settings["CROSSCHECK_ENTITY_PATHS"]
            + [path for path in self.settings["PAGE_PATHS"] if path]
        )
        progress = BarProgress(console)
        cache = self._open_cache()
        try:
            self.analysis = analyse(
                Path(self.path), self.settings["CROSSCHECK_SOURCE_PATHS"], skip, self.settings["CROSSCHECK_ENTITY_PATHS"],
                cache=cache, executor=self.settings["CROSSCHECK_EXECUTOR"], workers=self.settings["CROSSCHECK_WORKERS"],
                progress=progress,
            )
            if cache is not None:
                cache.prune()
        finally:
            if cache is not None:
                cache.close()
        # Printed like Pelican's own "Done:" line, so a quiet (CI) build still says what the analysis did.
        console.print(f"Crosscheck: {progress.summary(len(self.analysis.sources), cache.hits if cache else 0)}")
        analysed.send(self, analysis=self.analysis, progress=progress)
        for problem in self.analysis.problems:
            log = logger.info if problem.severity == "info" else logger.warning
            log("%s", problem)
        _reported.extend(problem for problem in self.analysis.problems if problem.severity != "info")
        self.context["crosscheck"] = self.analysis
        self.context["crosscheck_sources"] = [self._source_url_context(source) for source in self.analysis.sources]

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
        return {"source": source, "url": export.source_page(source.id, self.settings)}

    def _write(self, writer, save_as: str, template: str, **page) -> None:
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            crosscheck=self.analysis,
            crosscheck_sources=self.context["crosscheck_sources"],
            lookup=self.lookup,
            **page,
        )

    def generate_output(self, writer) -> None:
        analysis = self.analysis
        self.lookup = export.lookup(analysis)
        entities = self.lookup.entities
        conflicts = [item for item in analysis.discrepancies if item.kind == "conflict"]
        self._write(writer, self.settings["CROSSCHECK_INDEX_SAVE_AS"], "crosscheck/index", page_name="index",
                    conflicts=conflicts)
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
                entities=entities,
                conflicts=self.lookup.conflicts_of_source.get(source.id, []),
            )
        for group in analysis.groups:
            self._write(
                writer,
                self.settings["CROSSCHECK_CLAIM_SAVE_AS"].format(id=group.id),
                "crosscheck/claim",
                page_name=export.group_page(group.id, self.settings),
                group=group,
                members=[self.lookup.claims[claim_id] for claim_id in group.claims],
                discrepancies=self.lookup.discrepancies_of.get(group.id, []),
            )
        for kind in ("all",) + export.DISCREPANCY_KINDS:
            chosen = [item for item in analysis.discrepancies if kind in ("all", item.kind)]
            self._write(
                writer,
                self.settings["CROSSCHECK_DISCREPANCIES_SAVE_AS"].format(kind=kind),
                "crosscheck/discrepancies",
                page_name=export.discrepancies_page(kind, self.settings),
                kind=kind,
                kinds=("all",) + export.DISCREPANCY_KINDS,
                discrepancies=chosen,
            )
        claims_by_entity = export.claims_by_entity(analysis)
        for entity in analysis.entities:
            self._write(
                writer,
                self.settings["CROSSCHECK_ENTITY_SAVE_AS"].format(id=entity.id),
                "crosscheck/entity",
                page_name=export.entity_page(entity.id, self.settings),
                entity=entity,
                claims=claims_by_entity.get(entity.id, []),
                claims_by_status=export.by_status(claims_by_entity.get(entity.id, []), self.lookup),
            )
        self._write_json(export.factcheck(analysis, self.settings))

    def _write_json(self, data: dict) -> None:
        path = Path(self.output_path) / self.settings["CROSSCHECK_API_SAVE_AS"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")


def finalized(pelican) -> None:
    """In strict mode, any problem reported during the build fails it."""
    if not pelican.settings.get("CROSSCHECK_STRICT") or not _reported:
        return
    lines = "\n".join(f"  {problem}" for problem in _reported)
    logger.error("strict mode: %d problem(s) in the content:\n%s", len(_reported), lines)
    raise SystemExit(1)


def register() -> None:
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finalized)
