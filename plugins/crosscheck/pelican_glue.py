"""The only module that knows about Pelican: settings, a generator, signals."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from pelican.generators import Generator

from . import export, settings as crosscheck_settings
from .pipeline import Analysis, analyse
from .segment import sentences_by_block

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# Problems seen in this process, by build; read when the build finishes.
_reported: list = []


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
        self.analysis: Analysis | None = None

    def generate_context(self) -> None:
        skip = self.settings["CROSSCHECK_ANNOTATION_PATHS"] + self.settings["CROSSCHECK_ENTITY_PATHS"] + ["pages"]
        self.analysis = analyse(Path(self.path), self.settings["CROSSCHECK_SOURCE_PATHS"], skip)
        for problem in self.analysis.problems:
            log = logger.info if problem.severity == "info" else logger.warning
            log("%s", problem)
        _reported.extend(problem for problem in self.analysis.problems if problem.severity != "info")
        self.context["crosscheck"] = self.analysis
        self.context["crosscheck_sources"] = [self._source_url_context(source) for source in self.analysis.sources]

    def _source_url_context(self, source):
        return {"source": source, "url": self.settings["CROSSCHECK_SOURCE_URL"].format(id=source.id)}

    def generate_output(self, writer) -> None:
        analysis = self.analysis
        common = {"crosscheck": analysis, "crosscheck_sources": self.context["crosscheck_sources"]}
        writer.write_file(
            self.settings["CROSSCHECK_INDEX_SAVE_AS"],
            self.get_template("crosscheck/index"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            page_name="index",
            **common,
        )
        for entry in self.context["crosscheck_sources"]:
            source = entry["source"]
            writer.write_file(
                self.settings["CROSSCHECK_SOURCE_SAVE_AS"].format(id=source.id),
                self.get_template("crosscheck/source"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                page_name=entry["url"],
                source=source,
                source_url=entry["url"],
                paragraphs=sentences_by_block(source, analysis.sentences[source.id]),
                **common,
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
