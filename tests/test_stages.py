"""Stage timings and progress bars."""

from __future__ import annotations

import time

from generator import progress
from generator.stages import NoStages, Stages


def test_stages_record_time_and_memory_in_order_and_add_up_repeats():
    stages = Stages()
    with stages.stage("read"):
        time.sleep(0.01)
    with stages.stage("render"):
        pass
    stages.add("read", 1.0)
    assert [r.name for r in stages.records] == ["read", "render"]
    assert stages.records[0].seconds >= 1.01 and stages.records[0].peak_mb > 0
    assert abs(stages.total - sum(r.seconds for r in stages.records)) < 1e-9
    assert "read" in stages.table() and "total" in stages.table()


def test_a_stage_added_piecewise_reads_memory_once_another_stage_comes(monkeypatch):
    from generator import stages as module

    readings = []
    monkeypatch.setattr(module, "rss_mb", lambda: readings.append(1) or 10.0)
    stages = Stages()
    for _ in range(100):
        stages.add("render", 0.01)
    assert len(readings) <= 2  # not once per piece
    monkeypatch.setattr(module, "rss_mb", lambda: readings.append(1) or 20.0)
    stages.add("feeds", 0.5)
    assert [(r.name, r.rss_mb) for r in stages.records] == [("render", 20.0), ("feeds", 20.0)]
    assert abs(stages.records[0].seconds - 1.0) < 1e-9


def test_no_stages_keeps_nothing():
    stages = NoStages()
    with stages.stage("read"):
        pass
    assert stages.records == []


def test_progress_is_silent_off_a_terminal_and_in_ci(monkeypatch, capsys):
    monkeypatch.delenv("PAPER_ATLAS_PROGRESS", raising=False)
    monkeypatch.setenv("CI", "true")
    assert list(progress.progress(range(5000), "render")) == list(range(5000))
    monkeypatch.delenv("CI")
    assert not progress.wanted(5000)  # pytest captures stderr: not a terminal
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("PAPER_ATLAS_PROGRESS", "1")
    assert progress.wanted(10)
    assert list(progress.progress(range(3), "render")) == [0, 1, 2]
    assert "render" in capsys.readouterr().err
