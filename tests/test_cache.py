"""The analysis cache: a cached build is the cold build, byte for byte, and misses exactly when an input changed."""

import shutil
from pathlib import Path

import pytest
from crosscheck import cache as analysis_cache
from crosscheck import pipeline
from crosscheck.cache import AnalysisCache
from crosscheck.pipeline import analyse
from test_build import build

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (["sources"], ["annotations", "entities", "pages"], ["entities"])


def files_of(output: Path) -> dict[str, bytes]:
    return {path.relative_to(output).as_posix(): path.read_bytes() for path in sorted(output.rglob("*")) if path.is_file()}


@pytest.fixture
def content(tmp_path):
    """A copy of the demo content, so that tests may edit it."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


def cached_analysis(content: Path, cache_path: Path):
    cache = AnalysisCache(cache_path)
    try:
        return analyse(content, *FOLDERS, cache=cache), (cache.hits, cache.misses)
    finally:
        cache.close()


def test_a_cached_build_equals_a_cold_build_byte_for_byte(content, tmp_path):
    cache_path = tmp_path / "cache.sqlite3"
    cold = files_of(build(content, tmp_path / "cold", CROSSCHECK_CACHE_PATH=""))
    first = files_of(build(content, tmp_path / "first", CROSSCHECK_CACHE_PATH=str(cache_path)))
    assert AnalysisCache(cache_path).get_many([]) == {} and cache_path.stat().st_size > 0
    warm = files_of(build(content, tmp_path / "warm", CROSSCHECK_CACHE_PATH=str(cache_path)))
    assert first == cold
    assert warm == cold


def test_the_default_cache_sits_beside_the_content_folder(content, tmp_path):
    build(content, tmp_path / "out", CROSSCHECK_CACHE_PATH=".cache/crosscheck.sqlite3")
    assert (content.parent / ".cache" / "crosscheck.sqlite3").is_file()


def test_every_per_source_result_comes_from_the_cache_when_nothing_changed(content, tmp_path):
    cold, (hits, misses) = cached_analysis(content, tmp_path / "c.sqlite3")
    assert (hits, misses) == (0, 12)  # 5 sources: reading, then claims; then linking them all, and the last linking's state
    warm, (hits, misses) = cached_analysis(content, tmp_path / "c.sqlite3")
    assert (hits, misses) == (11, 0)
    assert warm == cold


def test_an_edited_source_misses_and_the_rest_hit(content, tmp_path):
    cached_analysis(content, tmp_path / "c.sqlite3")
    edited = sorted((content / "sources").glob("*.txt"))[2]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\n\n", "\n\nOfficials said 42 people attended on Friday.\n\n", 1), encoding="utf-8")
    warm, (hits, misses) = cached_analysis(content, tmp_path / "c.sqlite3")
    # its reading and its claims, and the linking; the last linking's state is found, but one source of
    # five is more drift than CROSSCHECK_LINK_STATISTICS_DRIFT allows: all is linked again, as from scratch
    assert (hits, misses) == (9, 3)
    assert warm == analyse(content, *FOLDERS)
    assert any("42 people" in claim.text for claim in warm.all_claims())


def test_an_edited_entity_file_reextracts_the_claims_that_name_it(content, tmp_path):
    cold, _ = cached_analysis(content, tmp_path / "c.sqlite3")
    entity_file = content / "entities" / "institute-for-the-study-of-war.md"
    entity_file.write_text(entity_file.read_text(encoding="utf-8").replace(
        "Title: Institute for the Study of War", "Title: Institute for the Study of War\nSlug: war-studies"), encoding="utf-8")
    naming = len({source for (source, *_), entity in cold.entity_of.items() if entity == "institute-for-the-study-of-war"})
    assert 0 < naming < 5
    warm, (hits, misses) = cached_analysis(content, tmp_path / "c.sqlite3")
    # every reading hits (and the last linking's state); the claims of sources naming it miss
    assert (hits, misses) == (11 - naming, naming + 1)
    assert warm == analyse(content, *FOLDERS)
    assert "war-studies" in {entity_id for claim in warm.all_claims() for entity_id in claim.entities}
    assert "war-studies" not in {entity_id for claim in cold.all_claims() for entity_id in claim.entities}


def test_new_analysis_code_misses_everything(content, tmp_path, monkeypatch):
    cached_analysis(content, tmp_path / "c.sqlite3")
    monkeypatch.setattr(analysis_cache, "analysis_version", lambda: "another version")
    _, (hits, misses) = cached_analysis(content, tmp_path / "c.sqlite3")
    assert (hits, misses) == (0, 12)


def test_new_linking_code_relinks_and_reuses_every_source(content, tmp_path, monkeypatch):
    cold, _ = cached_analysis(content, tmp_path / "c.sqlite3")
    monkeypatch.setattr(pipeline, "linking_version", lambda: "another linker")
    warm, (hits, misses) = cached_analysis(content, tmp_path / "c.sqlite3")
    assert (hits, misses) == (10, 2)  # the linking and the last linking's state, which other code made
    assert warm == cold


def test_the_analysis_version_follows_the_code(tmp_path, monkeypatch):
    package = tmp_path / "crosscheck"
    shutil.copytree(analysis_cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    versions = []
    for edit in (None, "segment.py", "pelican_glue.py"):
        if edit:
            (package / edit).write_text((package / edit).read_text() + "\n# edited\n")
        monkeypatch.setattr(analysis_cache, "PACKAGE", package)
        analysis_cache.analysis_version.cache_clear()
        versions.append(analysis_cache.analysis_version())
    analysis_cache.analysis_version.cache_clear()
    original, after_segment, after_glue = versions
    assert original != after_segment  # a stage that is cached changed
    assert after_segment == after_glue  # the Pelican glue is not part of what is cached


def test_a_damaged_entry_is_a_miss(tmp_path):
    store = AnalysisCache(tmp_path / "c.sqlite3")
    store.put_many({"good": (1, "one"), "bad": "x"})
    store.connection.execute("UPDATE results SET value = ? WHERE key = 'bad'", (b"not zlib",))
    assert store.get_many(["good", "bad", "absent"]) == {"good": (1, "one")}
    assert (store.hits, store.misses) == (1, 2)


def test_entries_no_recent_build_used_are_pruned(tmp_path):
    store = AnalysisCache(tmp_path / "c.sqlite3")
    store.put_many({"old": 1, "kept": 2})
    store.close()
    for _ in range(analysis_cache.KEEP_BUILDS):
        store = AnalysisCache(tmp_path / "c.sqlite3")
        store.get_many(["kept"])
        store.prune()
        store.close()
    assert AnalysisCache(tmp_path / "c.sqlite3").get_many(["old", "kept"]) == {"kept": 2}


def test_a_value_is_packed_a_frame_at_a_time_into_what_pickle_and_zlib_give_whole():
    """cache.packed compresses the pickle as it is made, so that a large linking state is never held twice."""
    import pickle
    import zlib

    from crosscheck.cache import packed

    value = {"claims": [(f"c-{number:06d}", "words " * (number % 50)) for number in range(20_000)], "none": None}
    whole = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    assert len(whole) > 4 * 65_536  # several of pickle's frames
    assert zlib.decompress(packed(value)) == whole


def test_the_analysis_of_the_seeds_pickles_back_equal_field_by_field():
    """The cache pickles the model's slots dataclasses as their fields in order (model._pickled_by_position):
    every object must come back equal, with every field in its place."""
    import pickle

    from crosscheck import model

    analysis = analyse(ROOT / "content", *FOLDERS)
    again = pickle.loads(pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == analysis and again.sources[0].text == analysis.sources[0].text
    claim = next(claim for claim in analysis.all_claims() if claim.values and claim.speaker)
    assert pickle.loads(pickle.dumps(claim)).__reduce__() == (model.Claim, tuple(getattr(claim, name) for name in model.Claim.__slots__))


def test_a_value_stored_in_pieces_comes_back_whole_or_not_at_all(tmp_path, monkeypatch):
    monkeypatch.setattr(analysis_cache, "PIECE_ITEMS", 3)
    store = AnalysisCache(tmp_path / "c.sqlite3")
    numbers = {str(number): number for number in range(10)}
    store.put_pieces("value", [dict(piece) for piece in analysis_cache.in_pieces(numbers.items())])
    pieces = list(store.get_pieces("value"))
    assert [len(piece) for piece in pieces] == [3, 3, 3, 1]
    assert {key: number for piece in pieces for key, number in piece.items()} == numbers
    # a later value in fewer pieces: the pieces left over from the first are not taken for it
    store.put_pieces("value", [{"a": 1}])
    assert list(store.get_pieces("value")) == [{"a": 1}]
    # a piece lost, or one of another call's, and the value is a miss once it is reached
    store.put_pieces("value", ["x", "y"])
    store.connection.execute("DELETE FROM results WHERE key = 'value:1'")
    pieces = store.get_pieces("value")
    assert next(pieces) == "x"
    with pytest.raises(analysis_cache.MissingPiece):
        next(pieces)
    store.put_pieces("other", ["z", "w"])
    store.connection.execute("UPDATE results SET key = 'value:1' WHERE key = 'other:1'")
    with pytest.raises(analysis_cache.MissingPiece):
        list(store.get_pieces("value"))
    assert store.get_pieces("nothing") is None
    assert (store.hits, store.misses) == (2, 3)



def claims_values_are_shared(analysis) -> bool:
    """Whether each fact holds its claim's very value (a quote's is its own), id and source."""
    claim_of = {claim.id: claim for claim in analysis.all_claims()}
    values = {id(value) for claim in claim_of.values() for value in claim.values}
    return (all(id(fact.value) in values for fact in analysis.facts if fact.value.kind != "quote")
            and all(fact.claim is claim_of[fact.claim].id and fact.source is claim_of[fact.claim].source for fact in analysis.facts))


def test_facts_read_back_hold_their_claims_very_values(content, tmp_path):
    """The facts of the last linking's result, read back from another cache entry than the claims', are not held
    as equal copies."""
    cold, _ = cached_analysis(content, tmp_path / "c.sqlite3")
    warm, (hits, _) = cached_analysis(content, tmp_path / "c.sqlite3")
    assert hits == 11 and warm.facts == cold.facts and len(warm.facts) > 20
    assert claims_values_are_shared(cold) and claims_values_are_shared(warm)
