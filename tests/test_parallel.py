"""Per-source analysis on worker processes and on a dask cluster gives what the serial path gives."""

import concurrent.futures
import io
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from crosscheck import pipeline
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
    real = pipeline.extract_claims

    def extract_claims(source, *args):
        if source.id == broken.id:
            raise ValueError("a bug")
        return real(source, *args)

    monkeypatch.setattr(pipeline, "extract_claims", extract_claims)
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
