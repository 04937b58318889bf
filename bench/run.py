"""The scale benchmark behind `invoke bench --docs 1000,10000`.

For each size it makes a corpus (bench/corpus.py), then, each in a fresh
process so that times and peak memory are those of a real build:

1. plain Pelican builds the same documents as ordinary Markdown articles;
2. Crosscheck builds the site with an empty analysis cache (cold);
3. it builds again after one annotation is edited (warm);
4. again after one source is added to a story (warm);
5. and again after one source is edited (warm).

Each warm build writes a new folder with the last one as CROSSCHECK_PREVIOUS_OUTPUT_PATH, as `invoke build`
does, so it can take the pages that did not change. The corpus holds one wire story carried by
WIRE_OUTLETS outlets, some with changed numbers (bench/wire_facts.py), besides the generated stories.

It prints the figures and appends a dated row to docs/benchmarks.md.

    python bench/run.py 1000,10000          # what `invoke bench` runs
    python bench/run.py 10000 --skip-matrix # without the source x claim matrix page
    python bench/run.py 10000,100000 --analysis-only
                                             # the analysis without Pelican or pages: how it scales
    python bench/run.py build ...            # one build (used by the above)
    python bench/run.py analyse ...          # one analysis (used by --analysis-only)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

WORK = ROOT / ".cache" / "bench"
TABLE = ROOT / "docs" / "benchmarks.md"
FACT_KINDS = ("conflict", "minor", "change")  # "wording" is the same fact in other words


WIRE_OUTLETS = 60


def build(content: Path, output: Path, cache: str, plants: Path | None, plain: bool, skip_matrix: bool = False,
          previous: str = "") -> dict:
    """One Pelican build in this process; what it cost and, for Crosscheck, what it found."""
    from pelican import Pelican
    from pelican.settings import read_settings

    if skip_matrix:  # its page has a cell per source and claim group: no use beyond a few hundred sources
        from crosscheck.publish import views

        views.matrix = lambda *arguments, **options: []  # the pages stay, empty

    measured: dict = {}
    if plain:
        settings = read_settings(None, override={
            "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / "pelican-cache"),
            "SITEURL": "", "TIMEZONE": "UTC", "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None,
            "TRANSLATION_FEED_ATOM": None, "AUTHOR_FEED_ATOM": None, "AUTHOR_FEED_RSS": None,
        })
    else:
        from crosscheck import pelican_glue

        def keep(generator, analysis, progress):
            measured["stages"] = dict(progress.seconds)
            measured["sources"] = len(analysis.sources)
            measured["claims"] = len(analysis.all_claims())
            measured["discrepancies"] = len(analysis.discrepancies)
            measured["peak_rss_mb_analysed"] = peak_rss_mb()
            if plants is not None:
                measured["plants"] = score_plants(analysis, json.loads(plants.read_text(encoding="utf-8")))

        pelican_glue.analysed.connect(keep)
        index_site = pelican_glue.search.index_site

        def timed_index_site(*arguments):
            measured["peak_rss_mb_paged"] = peak_rss_mb()  # the pages are written: what follows is the search index
            started = time.perf_counter()
            try:
                found = index_site(*arguments)
                # what it indexed again and what it took from the last build's index (an older index_site says neither)
                measured.update({name: getattr(found, name) for name in ("indexed_pages", "parts", "reused_parts")
                                 if hasattr(found, name)})
                return found
            finally:
                measured["search_seconds"] = time.perf_counter() - started

        pelican_glue.search.index_site = timed_index_site
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={
            "PATH": str(content), "OUTPUT_PATH": str(output), "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(output.parent / "pelican-cache"),
            "CROSSCHECK_CACHE_PATH": cache, "CROSSCHECK_PREVIOUS_OUTPUT_PATH": previous,
        })
    with children_watched() as workers:
        started = time.perf_counter()
        Pelican(settings).run()
        measured["seconds"] = time.perf_counter() - started
    # CPU time, which the other processes on shared cores inflate far less than the wall clock
    for name, who in (("cpu_seconds", resource.RUSAGE_SELF), ("children_cpu_seconds", resource.RUSAGE_CHILDREN)):
        usage = resource.getrusage(who)
        measured[name] = usage.ru_utime + usage.ru_stime
    measured["peak_rss_mb"] = peak_rss_mb()
    measured["worker_peak_rss_mb"] = workers["peak"] / 2**20
    measured.update(output_size(output))
    return measured


def peak_rss_mb() -> float:
    """The largest resident size of this process so far, in MiB: read at each stage's end, it tells which stage
    set the build's peak (the analysis, the pages, or what follows them)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def rss_by_stage(measured: dict) -> str:
    stages = [f"{measured[key]:,.0f}" for key in ("peak_rss_mb_analysed", "peak_rss_mb_paged", "peak_rss_mb") if key in measured]
    return f"peak RSS {' / '.join(stages)} MiB (analysed / paged / at the end)"


def output_size(output: Path) -> dict:
    """The bytes of the site (a hard link taken from the last build counts in full) and its largest page."""
    files = [path for path in output.rglob("*") if path.is_file()]
    html = [path for path in files if path.suffix == ".html" and not path.relative_to(output).parts[0].startswith("pagefind")]
    pages = [(path.stat().st_size, path.relative_to(output).as_posix()) for path in html]
    largest = max(pages, default=(0, ""))
    # a page taken from the last build is a hard link to its file there (which is still there while this runs)
    taken = sum(1 for path in html if path.stat().st_nlink > 1)
    return {"output_bytes": sum(path.stat().st_size for path in files), "largest_page_bytes": largest[0],
            "largest_page": largest[1], "html_pages": len(pages), "taken_pages": taken, "rendered_pages": len(pages) - taken}


def analyse_only(content: Path, plants: Path) -> dict:
    """The cold analysis alone, as a build runs it (one worker per core, no cache), without Pelican or pages."""
    from crosscheck.pipeline import analyse
    from crosscheck.progress import Progress

    progress = Progress()
    with children_watched() as workers:
        started = time.perf_counter()
        analysis = analyse(content, ["sources"], (), ["entities"], executor="auto", progress=progress)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds, "stages": dict(progress.seconds), "sources": len(analysis.sources),
        "claims": len(analysis.all_claims()), "discrepancies": len(analysis.discrepancies),
        "plants": score_plants(analysis, json.loads(plants.read_text(encoding="utf-8"))),
        "peak_rss_mb": peak_rss_mb(),
        "worker_peak_rss_mb": workers["peak"] / 2**20,
    }


@contextlib.contextmanager
def children_watched() -> Iterator[dict]:
    """While the block runs, the largest resident size a child process reached, in bytes, under "peak"."""
    stop, workers = threading.Event(), {"peak": 0}
    watcher = threading.Thread(target=_watch_workers, args=(stop, workers), daemon=True)
    watcher.start()
    try:
        yield workers
    finally:
        stop.set()
        watcher.join()


def _watch_workers(stop: threading.Event, workers: dict) -> None:
    """The largest resident size a child process reached: an analysis worker, or the search indexer. A child is
    measured from the second time it is seen: between its fork and its exec a child started by subprocess shares the
    build's memory, and its resident size is the build's: 1.5 GB at 10,000 documents, where the largest child
    measured this way is 290 MB (docs/benchmarks.md, "Twelfth session at 10,000 documents")."""
    import psutil

    me = psutil.Process()
    seen: set[tuple[int, float]] = set()
    while not stop.wait(0.5):
        for child in me.children(recursive=True):
            try:
                known = (child.pid, child.create_time())
                if known in seen:
                    workers["peak"] = max(workers["peak"], child.memory_info().rss)
                seen.add(known)
            except psutil.Error:
                pass


def score_plants(analysis, plants: list[dict]) -> dict:
    """Planted-discrepancy recall and precision; for transliterations, whether both spellings are one entity."""
    source_of_file = {source.path: source.id for source in analysis.sources}
    story_of_source = {source.id: source.path.split("/")[-1].split("-")[0] for source in analysis.sources}
    claims = {claim.id: claim for claim in analysis.all_claims()}
    facts = [plant for plant in plants if plant["kind"] != "transliteration"]
    planted_claims: dict[str, dict] = {}
    for plant in facts:
        source_id = source_of_file.get(plant["file"])
        for claim in analysis.claims.get(source_id, ()):
            if plant["probe"] in claim.text:
                planted_claims[claim.id] = plant
    # the wire story's changed figures are differences too, but no plants: they are left out of both scores
    wire = {source.id for source in analysis.sources if source.path.startswith("sources/wire/")}
    reported = [item for item in analysis.discrepancies if item.kind in FACT_KINDS
                and not any(claims[claim_id].source in wire for claim_id in item.claims if claim_id in claims)]
    found_plants, true_reports = set(), 0
    for item in reported:
        members = [claims[claim_id] for claim_id in item.claims if claim_id in claims]
        stories = {story_of_source[claim.source] for claim in members}
        hit = [planted_claims[claim.id] for claim in members if claim.id in planted_claims]
        if hit and len(stories) == 1 and len({claim.source for claim in members}) > 1:
            true_reports += 1
            found_plants.update(id(plant) for plant in hit)
    by_kind: dict[str, list[int]] = {}
    for plant in facts:
        by_kind.setdefault(plant["kind"], [0, 0])
        by_kind[plant["kind"]][0] += id(plant) in found_plants
        by_kind[plant["kind"]][1] += 1
    names = [plant for plant in plants if plant["kind"] == "transliteration"]
    by_story: dict[str, list] = {}
    for source in analysis.sources:
        by_story.setdefault(story_of_source[source.id], []).append(source)
    same = sum(bool(_entities_named(analysis, by_story, plant, plant["planted"], planted=True)
                    & _entities_named(analysis, by_story, plant, plant["original"], planted=False)) for plant in names)
    return {
        "planted": len(facts),
        "found": len(found_plants),
        "recall": len(found_plants) / len(facts) if facts else None,
        "reported": len(reported),
        "true_reports": true_reports,
        "precision": true_reports / len(reported) if reported else None,
        "by_kind": by_kind,
        "transliterations": len(names),
        "transliterations_resolved": same,
    }


def _entities_named(analysis, by_story: dict, plant: dict, word: str, planted: bool) -> set[str]:
    """Entities of the mentions containing ``word``: in the planted document, or in the rest of its story."""
    found = set()
    for source in by_story.get(plant["story"], ()):
        if (source.path == plant["file"]) != planted:
            continue
        for mention in analysis.mentions.get(source.id, ()):
            entity = analysis.entity_of.get((mention.source, mention.start, mention.end))
            if entity and word in mention.name.split():
                found.add(entity)
    return found


def build_in_process(*arguments: str) -> dict:
    """Run `build` in a fresh Python, so that its time and peak memory are its own."""
    out = WORK / "last-build.json"
    command = [sys.executable, str(Path(__file__)), "build", *arguments, "--json", str(out)]
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "CI": "true"})
    return json.loads(out.read_text(encoding="utf-8"))


def make_corpus(size: int, plain: bool = True) -> Path:
    """A fresh corpus of ``size`` documents (and its plain-Pelican twin); its folder."""
    from corpus import as_markdown_articles, generate
    from wire_facts import write_outlets

    folder = WORK / str(size)
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    generate(size, folder / "content")
    wire = folder / "content" / "sources" / "wire"
    wire.mkdir()
    write_outlets(WIRE_OUTLETS, wire)
    if plain:
        as_markdown_articles(folder / "content", folder / "plain")
    print(f"[{size}] corpus made in {time.perf_counter() - started:.0f} s", flush=True)
    return folder


def measure(size: int, skip_matrix: bool = False) -> dict:
    folder = make_corpus(size)
    content = folder / "content"
    plants = content / "plants.json"
    cache = str(folder / "crosscheck.sqlite3")
    plain = build_in_process("--content", str(folder / "plain"), "--output", str(folder / "out-plain"), "--plain")
    ours = ("--skip-matrix",) if skip_matrix else ()
    print(f"[{size}] plain Pelican: {plain['seconds']:.1f} s", flush=True)
    cold = build_in_process("--content", str(content), "--output", str(folder / "out-cold"), "--cache", cache,
                            "--plants", str(plants), *ours)
    print(f"[{size}] cold: {cold['seconds']:.1f} s {cold.get('stages')}, largest page {cold['largest_page']} "
          f"({cold['largest_page_bytes']:,} bytes), {rss_by_stage(cold)}", flush=True)
    sources = sorted((content / "sources").glob("*.txt"))
    first = sources[0]
    annotations = content / "annotations"
    annotations.mkdir(exist_ok=True)
    note = annotations / "bench-note.md"
    last_line = [line for line in first.read_text(encoding="utf-8").splitlines() if line.strip()][-1]
    quote = " ".join(last_line.split()[:6])
    note.write_text(f"Title: A note\nSource: sources/{first.name}\nQuote: {quote}\nStatus: draft\n\nTo be checked.\n",
                    encoding="utf-8")
    steps = {}
    previous = folder / "out-cold"

    def warm(name: str) -> dict:
        nonlocal previous
        output = folder / f"out-{name}"
        steps[name] = build_in_process("--content", str(content), "--output", str(output), "--cache", cache,
                                       "--previous", str(previous), *ours)
        print(f"[{size}] after {name.replace('-', ' ')}: {steps[name]['seconds']:.1f} s, {rss_by_stage(steps[name])}", flush=True)
        shutil.rmtree(previous)
        previous = output
        return steps[name]

    warm("annotation-edit")
    # another outlet of the first story, a figure changed: a new source linked into a story that exists
    added = content / "sources" / (first.stem.split("-")[0] + "-added.txt")
    added.write_text(first.read_text(encoding="utf-8").replace(" 1", " 2", 1), encoding="utf-8")
    warm("source-added")
    with first.open("a", encoding="utf-8") as handle:
        handle.write("\nOfficials said on Friday that 12 more people had been evacuated.\n")
    warm("source-edit")
    words = sum(len(path.read_text(encoding="utf-8").split()) for path in (content / "sources").rglob("*.txt"))
    documents = sum(1 for _ in (content / "sources").rglob("*.txt"))
    shutil.rmtree(folder, ignore_errors=True)
    return {"size": size, "documents": documents, "words": words, "plain": plain, "cold": cold,
            "warm_note": steps["annotation-edit"], "warm_added": steps["source-added"], "warm_source": steps["source-edit"],
            "skip_matrix": skip_matrix}


def measure_analysis(size: int) -> dict:
    folder = make_corpus(size, plain=False)
    content = folder / "content"
    out = WORK / "last-analysis.json"
    command = [sys.executable, str(Path(__file__)), "analyse", "--content", str(content),
               "--plants", str(content / "plants.json"), "--json", str(out)]
    subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "CI": "true"})
    result = json.loads(out.read_text(encoding="utf-8"))
    print(f"[{size}] analysis: {result['seconds']:.1f} s {result['stages']}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    return {"size": size, **result}


def analysis_row(result: dict, smallest: dict) -> str:
    stages = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in result["stages"].items())
    plants = result["plants"]
    cells = [
        dt.date.today().isoformat(),
        f"{result['size']:,}",
        f"{result['seconds']:.1f} s",
        stages,
        f"{result['peak_rss_mb']:.0f} MB / {result['worker_peak_rss_mb']:.0f} MB",
        f"{result['claims']:,}",
        f"{result['discrepancies']:,}",
        f"{plants['recall']:.2f}",
        f"{plants['precision']:.2f}",
        f"{result['seconds'] / smallest['seconds']:.1f}× for {result['size'] / smallest['size']:.0f}× the documents",
    ]
    return "| " + " | ".join(cells) + " |"


def summary_row(result: dict) -> str:
    cold, plain = result["cold"], result["plain"]
    stages = cold.get("stages", {})
    analysis = sum(stages.values())
    shares = ", ".join(f"{name} {100 * seconds / cold['seconds']:.0f}%" for name, seconds in stages.items())
    search = cold.get("search_seconds", 0.0)
    if search:
        shares += f", search index {100 * search / cold['seconds']:.0f}%"
    shares += f", pages and the rest {100 * (cold['seconds'] - analysis - search) / cold['seconds']:.0f}%"
    plants = cold.get("plants", {})
    recall = plants.get("recall")
    precision = plants.get("precision")
    documents = result.get("documents", result["size"])

    def warm(step: dict) -> str:
        return f"{step['seconds']:.1f} s ({100 * step['seconds'] / cold['seconds']:.0f}%)"

    cells = [
        dt.date.today().isoformat(),
        f"{documents:,}" + (" (no matrix page)" if result.get("skip_matrix") else ""),
        f"{result['words'] // documents}",
        f"{cold['seconds']:.1f} s",
        warm(result["warm_note"]),
        warm(result["warm_added"]),
        warm(result["warm_source"]),
        f"{max(cold['peak_rss_mb'], *(result[k]['peak_rss_mb'] for k in ('warm_note', 'warm_added', 'warm_source'))):.0f} MB / "
        f"{max(cold['worker_peak_rss_mb'], *(result[k]['worker_peak_rss_mb'] for k in ('warm_note', 'warm_added', 'warm_source'))):.0f} MB",
        f"{documents / cold['seconds']:.0f}",
        shares,
        f"{recall:.2f}" if recall is not None else "–",
        f"{precision:.2f}" if precision is not None else "–",
        f"{plants.get('transliterations_resolved', 0)}/{plants.get('transliterations', 0)}",
        f"{cold['output_bytes'] / 2**20:,.0f} MB, {cold['output_bytes'] / documents / 1024:,.0f} kB/doc "
        f"(plain {plain['output_bytes'] / documents / 1024:,.0f})",
        f"{cold['largest_page_bytes'] / 1024:,.0f} kB `{cold['largest_page']}`",
        f"{plain['seconds']:.1f} s",
        f"{cold['seconds'] / plain['seconds']:.1f}×",
    ]
    return "| " + " | ".join(cells) + " |"


def incremental_rows(result: dict, commit: str) -> list[str]:
    """One row per build: what it rendered and indexed again, and what that cost."""
    rows = []
    for name, step in (("cold", result["cold"]), ("annotation edit (draft)", result["warm_note"]),
                       ("source added", result["warm_added"]), ("source edited", result["warm_source"])):
        indexed = (f"{step['indexed_pages']:,} ({step['reused_parts']} of {step['parts']} parts reused)" if "indexed_pages" in step
                   else "all" if "search_seconds" in step else "none (index taken)")
        rows.append("| " + " | ".join([
            dt.date.today().isoformat(), commit, f"{result.get('documents', result['size']):,}", name,
            f"{step['rendered_pages']:,} / {step['taken_pages']:,}", indexed,
            f"{step['cpu_seconds']:.1f} s + {step['children_cpu_seconds']:.1f} s", f"{step['seconds']:.1f} s",
            f"{step.get('search_seconds', 0.0):.1f} s",
        ]) + " |")
    return rows


INCREMENTAL_HEADER = (
    "| date | commit | docs | build | HTML pages rendered / taken from the last build | pages indexed for search "
    "| CPU: build process + children (Pagefind, workers) | wall | of which search indexing (wall) |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
)


HEADER = (
    "| date | docs | words/doc | cold build | warm, annotation edit | warm, source added | warm, source edit "
    "| peak RSS of any build (main / largest child) | docs/s | time share of stages (cold) | planted recall "
    "| planted precision | transliterations as one entity | output (cold) | largest page | plain Pelican | ratio |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
)


ANALYSIS_HEADER = (
    "| date | docs | analysis | stages | peak RSS (main / largest worker) | claims | discrepancies "
    "| planted recall | planted precision | growth |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
)


def append_rows(rows: list[str], marker: str = "<!-- bench rows -->\n", header: str = HEADER) -> None:
    text = TABLE.read_text(encoding="utf-8") if TABLE.exists() else "# Benchmarks\n"
    if marker not in text:
        text += "\n## `invoke bench` runs\n\n" + header + marker
    TABLE.write_text(text.replace(marker, "".join(row + "\n" for row in rows) + marker), encoding="utf-8")


def main(argv: list[str]) -> None:
    if argv and argv[0] == "build":
        parser = argparse.ArgumentParser(prog="bench/run.py build")
        parser.add_argument("--content", type=Path, required=True)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--cache", default="")
        parser.add_argument("--plants", type=Path)
        parser.add_argument("--plain", action="store_true")
        parser.add_argument("--skip-matrix", action="store_true")
        parser.add_argument("--previous", default="")
        parser.add_argument("--json", type=Path, required=True)
        options = parser.parse_args(argv[1:])
        result = build(options.content, options.output, options.cache, options.plants, options.plain, options.skip_matrix,
                       options.previous)
        options.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
        return
    if argv and argv[0] == "analyse":
        parser = argparse.ArgumentParser(prog="bench/run.py analyse")
        parser.add_argument("--content", type=Path, required=True)
        parser.add_argument("--plants", type=Path, required=True)
        parser.add_argument("--json", type=Path, required=True)
        options = parser.parse_args(argv[1:])
        options.json.write_text(json.dumps(analyse_only(options.content, options.plants), indent=1), encoding="utf-8")
        return
    skip_matrix = "--skip-matrix" in argv
    analysis_only = "--analysis-only" in argv
    argv = [argument for argument in argv if argument not in ("--skip-matrix", "--analysis-only")]
    sizes = [int(size) for size in (argv[0] if argv else "1000,10000").split(",")]
    WORK.mkdir(parents=True, exist_ok=True)
    if analysis_only:
        results = []
        for size in sizes:
            results.append(measure_analysis(size))
            (WORK / f"analysis-{size}.json").write_text(json.dumps(results[-1], indent=1), encoding="utf-8")
        rows = [analysis_row(result, results[0]) for result in results]
        print(ANALYSIS_HEADER + "".join(row + "\n" for row in rows), flush=True)
        append_rows(rows, "<!-- analysis rows -->\n", ANALYSIS_HEADER)
        print(f"appended {len(rows)} row(s) to {TABLE.relative_to(ROOT)}")
        return
    rows = []
    for size in sizes:
        result = measure(size, skip_matrix)
        (WORK / f"result-{size}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        rows.append(summary_row(result))
        print(HEADER + rows[-1], flush=True)
    append_rows(rows, "<!-- scale rows -->\n")
    commit = os.environ.get("CROSSCHECK_BENCH_COMMIT") or subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    steps = [row for size in sizes for row in incremental_rows(json.loads((WORK / f"result-{size}.json").read_text(
        encoding="utf-8")), commit)]
    print(INCREMENTAL_HEADER + "".join(row + "\n" for row in steps), flush=True)
    append_rows(steps, "<!-- incremental rows -->\n", INCREMENTAL_HEADER)
    print(f"appended {len(rows)} row(s) to {TABLE.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
