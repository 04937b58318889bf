"""A warm build takes the pages whose inputs did not change from the last build (publish/rendered.py).

Builds the seed articles, then again after a draft annotation is added, after a published one is, and after
a source is edited, each into a new folder with the last one as CROSSCHECK_PREVIOUS_OUTPUT_PATH (as
`invoke build` does). Taken pages are hard links to the last build's files; every warm site must be
byte-identical to a site rendered from scratch with the same inputs.
"""

import filecmp
import json
import shutil
from pathlib import Path

import pytest

from crosscheck.publish import rendered

ROOT = Path(__file__).resolve().parent.parent


def build(content: Path, output: Path, cache: Path, previous: Path | None = None) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(output.parent / "pelican-cache"),
        "CROSSCHECK_CACHE_PATH": str(cache), "CROSSCHECK_EXECUTOR": "serial",
        "CROSSCHECK_PREVIOUS_OUTPUT_PATH": str(previous or ""),
    })
    Pelican(settings).run()


def same_file(one: Path, other: Path) -> bool:
    return one.stat().st_ino == other.stat().st_ino


def differences(one: Path, other: Path) -> list[str]:
    """Files that are in one folder and not the other, or differ in bytes."""
    found = []
    compared = filecmp.dircmp(one, other)
    stack = [(compared, "")]
    while stack:
        entry, prefix = stack.pop()
        found += [prefix + name for name in entry.left_only + entry.right_only + entry.diff_files]
        stack += [(sub, f"{prefix}{name}/") for name, sub in entry.subdirs.items()]
    return sorted(found)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    folder = tmp_path_factory.mktemp("warm")
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.rmtree(content / "annotations", ignore_errors=True)
    (content / "annotations").mkdir()
    cache = folder / "crosscheck.sqlite3"
    build(content, folder / "cold", cache)
    source = sorted((content / "sources").glob("*.txt"))[0]
    group = json.loads((folder / "cold" / "api" / "factcheck.json").read_text(encoding="utf-8"))["groups"][0]["id"]
    (content / "annotations" / "draft.md").write_text(
        f"Title: A draft note\nClaim: {group}\nStatus: draft\n\nTo be checked.\n", encoding="utf-8")
    build(content, folder / "draft", cache, folder / "cold")
    fresh = folder / "fresh-draft"
    build(content, fresh, folder / "other-cache.sqlite3")
    (content / "annotations" / "draft.md").write_text(
        f"Title: A published note\nClaim: {group}\nStatus: published\n\nChecked.\n", encoding="utf-8")
    build(content, folder / "published", cache, folder / "draft")
    with source.open("a", encoding="utf-8") as handle:
        handle.write("\nOfficials said on Friday that 12 more people had been evacuated.\n")
    build(content, folder / "edited", cache, folder / "published")
    return folder, source


def test_a_draft_annotation_renders_only_the_editors_page_and_keeps_the_search_index(builds):
    folder, _ = builds
    cold, draft = folder / "cold", folder / "draft"
    # Pelican's own pages (pages/) are Pelican's to write
    pages = [path.relative_to(draft) for path in draft.rglob("*.html") if not {"pagefind", "pages"} & set(path.parts)]
    taken = [page for page in pages if same_file(cold / page, draft / page)]
    editors = [page for page in pages if page.parts[0] == "editors"]
    assert editors and sorted(set(pages) - set(taken)) == sorted(editors)
    assert "A draft note" in (draft / "editors" / "index.html").read_text(encoding="utf-8")
    index = [path.relative_to(draft) for path in (draft / "pagefind").rglob("*") if path.is_file()]
    assert index and all(same_file(cold / "pagefind" / path.relative_to("pagefind"), draft / path) for path in index)


def test_a_warm_site_is_the_site_a_fresh_build_renders(builds):
    folder, _ = builds
    assert differences(folder / "draft", folder / "fresh-draft") == []


def test_a_published_annotation_or_an_edited_source_renders_the_pages_again(builds):
    folder, source = builds
    published, edited = folder / "published", folder / "edited"
    home = Path("index.html")
    assert not same_file(folder / "draft" / home, published / home)
    assert "A published note" in "".join(path.read_text(encoding="utf-8") for path in published.rglob("claims/*/index.html"))
    assert not same_file(published / home, edited / home)
    page = next(path for path in edited.glob("sources/*/index.html") if source.stem in path.parent.name)
    assert "12 more people had been evacuated" in page.read_text(encoding="utf-8")
    assert not (edited / "pagefind").samefile(published / "pagefind") and not same_file(
        next((edited / "pagefind").glob("pagefind-entry.json")), published / "pagefind" / "pagefind-entry.json")


def test_settings_that_say_where_a_build_writes_do_not_change_what_a_page_shows():
    assert rendered.settings_digest({"OUTPUT_PATH": "a", "SITENAME": "x"}) == rendered.settings_digest({"OUTPUT_PATH": "b", "SITENAME": "x"})
    assert rendered.settings_digest({"SITENAME": "x"}) != rendered.settings_digest({"SITENAME": "y"})
    # a function's repr names its address, which differs in every process: left out, not a new key every build
    assert rendered.settings_digest({"SITENAME": "x", "JINJA_FILTERS": {"f": len}}) == rendered.settings_digest({"SITENAME": "x"})
