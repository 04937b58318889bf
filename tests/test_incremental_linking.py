"""Incremental linking: a build that adds, edits or removes a source links only what changed, under the
statistics frozen at the generation, and gets what linking everything under those statistics gets."""

import re
import shutil
import sys
from pathlib import Path

import pytest
from crosscheck import lexicon
from crosscheck.cache import AnalysisCache
from crosscheck.link import sentences
from crosscheck.link.groups import entity_spans, link_corpus, names_by_source
from crosscheck.pipeline import analyse, linking_state_key, read_linking_state
from test_cache import claims_values_are_shared

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
FIGURE = re.compile(r" (\d{2,3}) (?=[a-z])")  # "12 people"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from corpus import generate

    content = tmp_path_factory.mktemp("incremental") / "content"
    generate(40, content)
    shutil.copytree(ROOT / "content" / "sources", content / "sources" / "seeds")
    shutil.copytree(ROOT / "tests" / "data" / "corpus2", content / "sources" / "corpus2")
    return content


def _analysed(content: Path, cache: AnalysisCache):
    analysis = analyse(content, ["sources"], (), ["entities"], cache=cache)
    state = read_linking_state(cache, linking_state_key(content, ["sources"]))
    return analysis, state


def _last_figure_changed(text: str) -> str:
    last = list(FIGURE.finditer(text))[-1]
    return text[: last.start()] + f" {int(last[1]) + 3} " + text[last.end():]


def _from_scratch(analysis, statistics):
    """Everything linked again, with no earlier result, under the given statistics."""
    claims = [claim for source in analysis.sources for claim in analysis.claims[source.id]]
    names = names_by_source(analysis.mentions, analysis.entity_of)
    linked, _ = link_corpus(claims, analysis.sources, names, spans=entity_spans(analysis.mentions, analysis.entity_of),
                            lexicon=lexicon.load(), statistics=statistics)
    return linked


# A small bound on a blocking key's block makes keys that the changes bring past it or back under it (their pairs
# are scored again, or their earlier links void: sentences._pairs_again).
@pytest.mark.parametrize("max_block", [sentences.MAX_BLOCK, 3])
def test_adding_editing_and_removing_a_source_links_as_a_full_relink_under_the_same_statistics(corpus, tmp_path, monkeypatch,
                                                                                               max_block):
    monkeypatch.setattr(sentences, "MAX_BLOCK", max_block)
    corpus = shutil.copytree(corpus, tmp_path / "content")  # changed below
    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    first, generation = _analysed(corpus, cache)
    sources = sorted((corpus / "sources").glob("*.txt"))
    # another outlet of a story, one figure changed
    carried = next(path for path in sources if FIGURE.search(path.read_text(encoding="utf-8")))
    added = corpus / "sources" / (carried.stem + "-added.txt")
    text = carried.read_text(encoding="utf-8")
    steps = [
        ("added", lambda: added.write_text(FIGURE.sub(lambda m: f" {int(m[1]) + 7} ", text, count=1), encoding="utf-8")),
        ("edited", lambda: carried.write_text(_last_figure_changed(text), encoding="utf-8")),
        ("removed", lambda: sources[-2].unlink()),
    ]
    previous = first
    for name, change in steps:
        change()
        analysis, state = _analysed(corpus, cache)
        # the same generation: the statistics were not counted again
        assert state.statistics.sources == generation.statistics.sources, name
        assert state.statistics.claim_terms == generation.statistics.claim_terms, name
        assert {source.id for source in analysis.sources} != {source.id for source in previous.sources} or name == "edited"
        groups, discrepancies, links, stories, facts = _from_scratch(analysis, state.statistics)
        assert analysis.stories == stories, name
        assert analysis.links == links, name
        assert analysis.facts == facts, name
        assert [group for group in analysis.groups if group.basis == "fact"] == [g for g in groups if g.basis == "fact"], name
        assert analysis.groups == groups, name
        # the changes outside the text (versions) are none here: every discrepancy comes from linking
        assert analysis.discrepancies == discrepancies, name
        assert analysis.facts != previous.facts, name
        assert claims_values_are_shared(analysis), name  # the facts of claims left as they were come from the state
        previous = analysis
    # the added outlet, a figure changed, is linked into its story and differs from it
    added_id = next(source.id for source in previous.sources if source.path.endswith("-added.txt"))
    assert any(added_id in story.sources and len(story.sources) > 1 for story in previous.stories)
    source_of = {claim.id: claim.source for claim in previous.all_claims()}
    assert any(added_id in {source_of[claim_id] for claim_id in d.claims} for d in previous.discrepancies)
    cache.close()


def test_the_linking_state_read_back_equals_the_state_stored_in_many_pieces(corpus, tmp_path, monkeypatch):
    from crosscheck import cache as analysis_cache
    from crosscheck.link.statistics import statistics_of
    from crosscheck.pipeline import store_linking_state

    analysis = analyse(corpus, ["sources"], (), ["entities"])
    claims = analysis.all_claims()
    names = names_by_source(analysis.mentions, analysis.entity_of)
    digests = {source.id: f"digest of {source.id}" for source in analysis.sources}
    _, state = link_corpus(claims, analysis.sources, names, spans=entity_spans(analysis.mentions, analysis.entity_of),
                           lexicon=lexicon.load(), statistics=statistics_of(claims, analysis.sources, names, digests),
                           digests=digests)
    monkeypatch.setattr(analysis_cache, "PIECE_ITEMS", 50)
    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    store_linking_state(cache, "state", state)
    assert len(list(cache.get_pieces("state"))) > 20
    read = read_linking_state(cache, "state")
    assert read == state
    assert read.scored.links == state.scored.links and list(read.facts) == list(state.facts)
    # a piece lost (a build stopped while it wrote them, a damaged file): no state, so the next build links all
    cache.connection.execute("DELETE FROM results WHERE key = 'state:7'")
    assert read_linking_state(cache, "state") is None
    cache.close()


def test_the_facts_of_a_state_read_back_with_the_claims_hold_their_claims_values(corpus, tmp_path):
    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    analysis = analyse(corpus, ["sources"], (), ["entities"], cache=cache)
    claim_of = {claim.id: claim for claim in analysis.all_claims()}
    state_key = linking_state_key(corpus, ["sources"])
    plain, shared = read_linking_state(cache, state_key), read_linking_state(cache, state_key, claim_of)
    assert shared == plain
    facts = [fact for found in shared.facts.values() for fact in found if fact.value.kind != "quote"]  # a quote's value is its own
    assert len(facts) > 20
    assert all(fact.claim is claim_of[fact.claim].id and fact.source is claim_of[fact.claim].source
               and any(fact.value is value for value in claim_of[fact.claim].values) for fact in facts)
    assert not any(fact.claim is claim_of[fact.claim].id for found in plain.facts.values() for fact in found)
    cache.close()


def test_a_corpus_that_drifted_past_the_bound_gets_a_new_generation(corpus, tmp_path):
    from crosscheck.model import Limits

    cache = AnalysisCache(tmp_path / "cache.sqlite3")
    analyse(corpus, ["sources"], (), ["entities"], cache=cache)
    generation = read_linking_state(cache, linking_state_key(corpus, ["sources"]))
    extra = corpus / "sources" / "drift-extra.txt"
    extra.write_text(sorted((corpus / "sources").glob("*.txt"))[0].read_text(encoding="utf-8"), encoding="utf-8")
    try:
        analyse(corpus, ["sources"], (), ["entities"], cache=cache, limits=Limits(statistics_drift=0.0))
        state = read_linking_state(cache, linking_state_key(corpus, ["sources"]))
        [extra_id] = set(state.statistics.sources) - set(generation.statistics.sources)
        assert extra_id.startswith("drift-extra")
        assert state.statistics.claim_terms.total > generation.statistics.claim_terms.total
    finally:
        extra.unlink()
        cache.close()
