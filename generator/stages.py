"""Per-stage wall time and memory of a generator run: a cheap hook the pipeline calls.

    stages = Stages()
    with stages.stage("read"):
        ...
    print(stages.table())

Memory is the process's resident set as the kernel reports it (no tracing, so no
slow-down): `peak_mb` is the high-water mark of the whole process once the stage ends
(it rises in the stage that needed more memory than any before it), `rss_mb` what the
process holds right after the stage.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

PAGE_MB = resource.getpagesize() / 2**20


def peak_rss_mb() -> float:
    """The process's peak resident set so far, in MiB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def rss_mb() -> float:
    """The process's resident set now, in MiB (Linux /proc; the peak elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * PAGE_MB
    except OSError:
        return peak_rss_mb()


@dataclass
class StageRecord:
    name: str
    seconds: float
    peak_mb: float
    rss_mb: float


@dataclass
class Stages:
    """Records stages in the order they ran; a stage run twice adds up.

    A stage timed piecewise (once per page) reads the memory figures once, when another
    stage is recorded or the records are read: reading them per piece cost seconds.
    """

    records: list[StageRecord] = field(default_factory=list)
    # The record added to last, whose memory figures are not read yet.
    _stale: StageRecord | None = field(default=None, init=False, repr=False)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        """Add `seconds` to stage `name` (for stages timed piecewise, e.g. inside a loop)."""
        if self._stale is not None and self._stale.name == name:
            self._stale.seconds += seconds
            return
        self._sample()
        for record in self.records:
            if record.name == name:
                record.seconds += seconds
                self._stale = record
                return
        self.records.append(StageRecord(name, seconds, peak_rss_mb(), rss_mb()))

    def _sample(self) -> None:
        """Read the memory figures of the record added to last."""
        if self._stale is not None:
            self._stale.peak_mb, self._stale.rss_mb = peak_rss_mb(), rss_mb()
            self._stale = None

    @property
    def total(self) -> float:
        return sum(record.seconds for record in self.records)

    def as_dicts(self) -> list[dict]:
        self._sample()
        return [asdict(record) for record in self.records]

    def table(self) -> str:
        self._sample()
        lines = [f"{'stage':<14} {'seconds':>8} {'peak MiB':>9} {'RSS MiB':>8}"]
        for r in self.records:
            lines.append(f"{r.name:<14} {r.seconds:>8.2f} {r.peak_mb:>9.0f} {r.rss_mb:>8.0f}")
        lines.append(f"{'total':<14} {self.total:>8.2f} {peak_rss_mb():>9.0f} {rss_mb():>8.0f}")
        return "\n".join(lines)


class NoStages(Stages):
    """The default when nobody asked for timings: the same calls, nothing kept."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        yield

    def add(self, name: str, seconds: float) -> None:
        pass
