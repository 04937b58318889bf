"""pipeline.py, the orchestration: which files are sources, ids that never collide, and the cache reused."""

import hashlib
import shutil
from pathlib import Path

import pytest
from crosscheck import pipeline
from crosscheck.cache import AnalysisCache
from crosscheck.ingest.source import ingest_bytes, unique_ids
from crosscheck.pipeline import analyse, find_source_files

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "The bridge closed on Monday, May 6, after 14 cracks were found, officials said.\n"


def write(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"Title: {name}\n\n{ARTICLE}", encoding="utf-8")


def test_sources_folders_are_read_when_there_are_any(tmp_path):
    write(tmp_path, "sources/b.txt", "sources/a/deep.md", "sources/c.html", "sources/notes.docx", "sources/.drafts/x.txt",
          "news/n.txt", "pages/about.md")
    found = find_source_files(tmp_path, ["sources", "news", "missing"])
    assert [relpath for _, relpath in found] == ["sources/a/deep.md", "sources/b.txt", "sources/c.html", "news/n.txt"]
    assert all(path == tmp_path / relpath for path, relpath in found)


def test_without_a_sources_folder_the_whole_tree_is_read_but_the_editors_folders(tmp_path):
    write(tmp_path, "a.txt", "2024/b.md", "annotations/g-1.md", "entities/x.md", "pages/about.md", ".git/c.txt")
    found = find_source_files(tmp_path, ["sources"], ["annotations", "entities", "pages"])
    assert [relpath for _, relpath in found] == ["2024/b.md", "a.txt"]


def ingested(path: str, slug: str = ""):
    header = f"Slug: {slug}\n" if slug else ""
    return ingest_bytes(f"Title: T\n{header}\n{ARTICLE}".encode(), path)


def test_colliding_ids_are_reported_and_each_gets_a_suffix_from_its_own_path():
    sources, problems = unique_ids([ingested("sources/floods.txt"), ingested("sources/floods.md"), ingested("news/floods.txt")])
    ids = [source.id for source in sources]
    assert ids[0] == "floods" and len(set(ids)) == 3
    for source in sources[1:]:
        assert source.id == "floods-" + hashlib.sha1(source.path.encode()).hexdigest()[:6]
    assert [problem.path for problem in problems] == ["sources/floods.md", "news/floods.txt"]
    assert all("'floods' is taken by sources/floods.txt" in problem.message for problem in problems)


def test_a_file_added_renames_no_source_that_had_an_id():
    before = {source.path: source.id for source in unique_ids([ingested("b/x.txt"), ingested("c/x.txt")])[0]}
    after = {source.path: source.id for source in unique_ids([ingested("a/y.txt", "x"), ingested("b/x.txt"),
                                                              ingested("c/x.txt"), ingested("d/x.txt")])[0]}
    assert {path: after[path] for path in before} == before


def test_a_slug_never_takes_the_id_a_file_name_gives():
    sources, [problem] = unique_ids([ingested("sources/a.txt", "b"), ingested("sources/b.txt")])
    assert {source.path: source.id for source in sources}["sources/b.txt"] == "b"
    assert problem.path == "sources/a.txt" and "choose another Slug:" in problem.message


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "sources", folder / "sources")
    return folder


def test_a_second_analysis_comes_from_the_cache_without_reading_or_extracting(content, tmp_path, monkeypatch):
    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    first = analyse(content, ["sources"], cache=cache)

    def must_not_run(*args, **kwargs):
        raise AssertionError("computed again although nothing changed")

    monkeypatch.setattr(pipeline, "read_file", must_not_run)
    monkeypatch.setattr(pipeline, "extract_source", must_not_run)
    assert analyse(content, ["sources"], cache=cache) == first
    monkeypatch.undo()
    # a file edited is read again, and only that one
    edited = content / "sources" / "004_9dd83f3904ce7482.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThe talks lasted 3 hours, he said.\n", encoding="utf-8")
    read = []
    real_read = pipeline.read_file
    monkeypatch.setattr(pipeline, "read_file", lambda relpath, *rest: read.append(relpath) or real_read(relpath, *rest))
    again = analyse(content, ["sources"], cache=cache)
    assert read == ["sources/004_9dd83f3904ce7482.txt"]
    assert [source.id for source in again.sources] == [source.id for source in first.sources]
