"""How long each stage of the analysis takes, shown as a progress bar on a terminal.

The pipeline reports stages to a ``Progress``; ``Progress`` itself only
measures, so tests and the benchmark can read the stage times.  ``BarProgress``
draws a rich bar with the stage, the count and the time left, unless the build
runs under CI (``CI=true``) or its output is not a terminal.  Either way the
build ends with one summary line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)


class Progress:
    """Measures stages; shows nothing."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}  # stage -> wall time, in the order the stages ran
        self.counts: dict[str, int] = {}

    @contextlib.contextmanager
    def stage(self, name: str, total: int = 0) -> Iterator[Callable[[int], None]]:
        """Time a stage of ``total`` items; the caller calls the yielded function as items finish."""
        started = time.perf_counter()
        try:
            yield lambda count=1: None
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started
            self.counts[name] = self.counts.get(name, 0) + total

    def summary(self, sources: int, cached: int) -> str:
        total = sum(self.seconds.values())
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.seconds.items())
        return f"analysed {sources} sources ({cached} from the cache) in {total:.1f} s: {stages}"


class BarProgress(Progress):
    """Measures stages and draws a rich progress bar while the longer ones run."""

    def __init__(self, console=None) -> None:
        super().__init__()
        from rich.console import Console

        self.console = console or Console(stderr=True)

    @staticmethod
    def wanted(console) -> bool:
        quiet = os.environ.get("CI", "").lower() in ("1", "true", "yes")
        return not quiet and console.is_terminal

    @contextlib.contextmanager
    def stage(self, name: str, total: int = 0) -> Iterator[Callable[[int], None]]:
        """With a ``total``, a bar with the count and the time left; without, a moving bar and the time so far."""
        if not self.wanted(self.console):
            with super().stage(name, total) as advance:
                yield advance
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as RichProgress

        counted = (MofNCompleteColumn(), TimeRemainingColumn()) if total else (TimeElapsedColumn(),)
        columns = (TextColumn("{task.description}"), BarColumn(), *counted)
        with super().stage(name, total), RichProgress(*columns, console=self.console, transient=True) as bar:
            task = bar.add_task(name, total=total or None)
            yield lambda count=1: bar.advance(task, count)
