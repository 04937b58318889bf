"""Per-source analysis on worker processes and on a dask cluster gives what the serial path gives."""

import concurrent.futures
import io
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from crosscheck import pipeline
from crosscheck.link import groups
from crosscheck.parallel import (
    ExecutorError,
    Pool,
    SerialExecutor,
    map_batched,
    open_pool,
)
from crosscheck.pipeline import analyse
from crosscheck.progress import BarProgress, Progress
from crosscheck.settings import SettingsError, resolve
from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus2"


@pytest.fixture(scope="module")
def serial():
    return analyse(CORPUS, ["sources"], executor="serial")


def test_worker_processes_give_the_serial_analysis(serial):
    assert analyse(CORPUS, ["sources"], executor="processes", workers=2) == serial


def test_a_dask_cluster_gives_the_serial_analysis(serial):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        assert analyse(CORPUS, ["sources"], executor=f"dask://{address}") == serial


def test_auto_runs_a_small_corpus_in_this_process():
    pool = open_pool("auto", pending=5)
    assert isinstance(pool.executor, SerialExecutor)


def test_an_unknown_executor_is_refused():
    with pytest.raises(ExecutorError, match="dask://host:port"):
        open_pool("threads", pending=500)
    with pytest.raises(SettingsError, match="CROSSCHECK_EXECUTOR"):
        resolve({"CROSSCHECK_EXECUTOR": "dask:/"})
    with pytest.raises(SettingsError, match="CROSSCHECK_WORKERS"):
        resolve({"CROSSCHECK_WORKERS": -1})


def test_results_come_back_for_every_item_in_any_batch_size():
    items = [(number,) for number in range(103)]
    found = dict(map_batched(open_pool("serial", len(items)), str, items))
    assert found == {index: str(index) for index in range(103)}


def test_a_source_whose_claims_fail_is_reported_and_the_rest_is_analysed(monkeypatch, serial):
    broken = serial.sources[1]
    real = pipeline.extract_source

    def extract_source(source, *args):
        if source.id == broken.id:
            raise ValueError("a bug")
        return real(source, *args)

    monkeypatch.setattr(pipeline, "extract_source", extract_source)
    analysis = analyse(CORPUS, ["sources"], executor="serial")
    assert [source.id for source in analysis.sources] == [source.id for source in serial.sources if source != broken]
    assert any(problem.path == broken.path and "ValueError: a bug" in problem.message for problem in analysis.problems)


def test_stage_times_are_measured_in_order(serial):
    progress = Progress()
    analyse(CORPUS, ["sources"], executor="serial", progress=progress)
    assert list(progress.seconds) == ["reading", "entities", "claims", "linking"]
    assert progress.counts["reading"] == len(list(CORPUS.glob("*.txt")))
    assert progress.summary(6, 0).startswith("analysed 6 sources (0 from the cache) in ")


def test_the_bar_shows_stage_count_and_time_left_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    screen = io.StringIO()
    progress = BarProgress(Console(file=screen, force_terminal=True, width=100))
    with progress.stage("claims", 4) as advance:
        advance(4)
    shown = screen.getvalue()
    assert "claims" in shown and "4/4" in shown and "0:00:00" in shown
    with progress.stage("linking"):  # no count: a moving bar and the time it has taken
        pass
    assert "linking" in screen.getvalue()[len(shown):] and "0:00:00" in screen.getvalue()[len(shown):]


@pytest.mark.parametrize("terminal, ci", [(True, "true"), (False, "")])
def test_the_bar_stays_quiet_under_ci_or_without_a_terminal(monkeypatch, terminal, ci):
    monkeypatch.setenv("CI", ci)
    screen = io.StringIO()
    progress = BarProgress(Console(file=screen, force_terminal=terminal, width=100))
    with progress.stage("claims", 4) as advance:
        advance(4)
    assert screen.getvalue() == ""
    assert progress.seconds["claims"] >= 0


def test_a_dead_worker_says_what_to_do():
    class Dying(SerialExecutor):
        def submit(self, fn, /, *args, **kwargs):
            future = concurrent.futures.Future()
            future.set_exception(BrokenProcessPool("terminated abruptly"))
            return future

    with pytest.raises(ExecutorError, match="__name__ == '__main__'"):
        list(map_batched(Pool(Dying(), 2, lambda: None), str, [(1,), (2,)]))


# ---------------------------------------------------------------- the steps across sources, guarded


def _in_a_fact_group(analysis, count: int = 1) -> list:
    """Sources whose claims are compared in one fact group (the first with ``count`` sources)."""
    by_claim = {claim.id: claim.source for claim in analysis.all_claims()}
    for group in analysis.groups:
        found = list(dict.fromkeys(by_claim[claim_id] for claim_id in group.claims))
        if group.basis == "fact" and len(found) >= count:
            return found[:count]
    raise AssertionError("no fact group of that many sources")


def test_a_source_that_breaks_linking_costs_that_source_only(monkeypatch, serial, tmp_path):
    """An exception in comparing one source's facts stopped the whole build: linking had no guard."""
    [broken_id] = _in_a_fact_group(serial)
    broken = next(source for source in serial.sources if source.id == broken_id)
    real = groups.compare_facts

    def compare_facts(gid, mentions, *args):
        if any(fact.source == broken_id for fact in mentions):
            raise OverflowError("a hostile value")
        return real(gid, mentions, *args)

    monkeypatch.setattr(groups, "compare_facts", compare_facts)
    analysis = analyse(CORPUS, ["sources"], executor="serial")
    assert broken_id not in {source.id for source in analysis.sources} | set(analysis.claims)
    [problem] = [problem for problem in analysis.problems if problem.path == broken.path]
    assert "linking it with the other sources: OverflowError: a hostile value" in problem.message
    monkeypatch.setattr(groups, "compare_facts", real)
    rest = tmp_path / "rest"
    rest.mkdir()
    for path in CORPUS.iterdir():
        if path.is_file() and path.name != Path(broken.path).name:
            (rest / path.name).write_bytes(path.read_bytes())
    without = analyse(rest, ["sources"], executor="serial")
    assert (analysis.groups, analysis.discrepancies, analysis.facts) == (without.groups, without.discrepancies, without.facts)
    assert len(analysis.sources) == len(serial.sources) - 1


def test_a_pair_of_sources_that_breaks_linking_costs_one_of_them(monkeypatch, serial):
    first, second = _in_a_fact_group(serial, 2)
    real = groups.compare_facts

    def compare_facts(gid, mentions, *args):  # fails only when the two meet
        if {first, second} <= {fact.source for fact in mentions}:
            raise ValueError("two sources together")
        return real(gid, mentions, *args)

    monkeypatch.setattr(groups, "compare_facts", compare_facts)
    analysis = analyse(CORPUS, ["sources"], executor="serial")
    kept = {source.id for source in analysis.sources}
    assert len(kept) == len(serial.sources) - 1 and len({first, second} & kept) == 1
    assert sum("ValueError: two sources together" in problem.message for problem in analysis.problems) == 1


def test_when_no_few_sources_break_linking_each_is_linked_on_its_own(monkeypatch, serial):
    real = groups.compare_facts

    def compare_facts(gid, mentions, *args):  # every comparison across sources fails
        if len({fact.source for fact in mentions}) > 1:
            raise ValueError("across sources")
        return real(gid, mentions, *args)

    monkeypatch.setattr(groups, "compare_facts", compare_facts)
    analysis = analyse(CORPUS, ["sources"], executor="serial")
    assert analysis.sources == serial.sources
    assert [str(problem) for problem in analysis.problems if "linking" in problem.message] == [
        "sources: linking the sources failed (ValueError: across sources); each source is linked on its own, so nothing is "
        "compared across sources. Please report it"]
    by_claim = {claim.id: claim.source for claim in analysis.all_claims()}
    assert analysis.groups and all(len({by_claim[claim_id] for claim_id in group.claims}) == 1 for group in analysis.groups)


def test_a_source_that_breaks_settling_dates_or_entities_keeps_its_place(monkeypatch, serial):
    broken = serial.sources[2]
    settle, resolve = pipeline.settle_references, pipeline.resolve_entities

    def settle_references(sources):
        if any(source.id == broken.id for source in sources):
            raise RecursionError("deep")
        return settle(sources)

    def resolve_entities(mentions, editors):
        if any(mention.source == broken.id for mention in mentions):
            raise ZeroDivisionError("a name")
        return resolve(mentions, editors)

    monkeypatch.setattr(pipeline, "settle_references", settle_references)
    monkeypatch.setattr(pipeline, "resolve_entities", resolve_entities)
    analysis = analyse(CORPUS, ["sources"], executor="serial")
    assert [source.id for source in analysis.sources] == [source.id for source in serial.sources]
    messages = [problem.message for problem in analysis.problems if problem.path == broken.path]
    assert any("reference date could not be settled with the others' (RecursionError: deep); it keeps its own" in m for m in messages)
    assert any("could not be resolved to entities (ZeroDivisionError: a name); they are left unlinked" in m for m in messages)
    assert not any(key[0] == broken.id for key in analysis.entity_of)
    assert any(key[0] != broken.id for key in analysis.entity_of)
