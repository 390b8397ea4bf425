"""Every editor-facing command SIGKILLed at every crash point of its path, then the natural next
command: ``desk draft``, ``desk review --notes`` (with the simulated model), ``--edit`` and
``--approve``, ``desk regen --section papers`` and ``essay.p2``, and ``desk restore`` (the engine
is tests/reliability/killing.py). Each point must end with the run at rest and its package
complete, no action left applying, the editor's request applied exactly once and kept in the
action log, no duplicate version and every SQLite file passing ``PRAGMA integrity_check``.

The default run kills a representative point of each kind (a node boundary, a saved task, a store
write before and after its commit, a migration statement, the stored decision) across the
commands; ``-m slow`` (run by CI through ``make test-slow``) enumerates every point of every
command from a traced run and also recovers each editor command through ``desk draft`` first.
Both print the tally (command x point kind x outcome)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sim.server import SimLLMServer, SimSettings
from tests.reliability.killing import (
    SCENARIOS, KillTally, Point, PointResult, Templates, failures, points_for, run_points,
    trace_labels,
)
from tests.reliability.support import SIM_KEY

WORKERS = 4

REPRESENTATIVE = [
    Point("draft", "migration:runs:4:0"),
    Point("draft", "task-saved:12"),
    Point("review-notes", "after-node:critique"),
    Point("review-approve", "after-node:publish"),
    Point("review-edit", "task-saved:3"),
    Point("regen-papers", "after-node:assemble"),
    Point("regen-papers", "action-stored", then_draft=True),
    Point("regen-essay.p2", "before-node:critique"),
    Point("restore", "store-written:8"),
]


@pytest.fixture
def templates(tmp_path: Path) -> Iterator[Templates]:
    """Template runs; the simulated model serves every process of the review-notes points."""
    settings = SimSettings(lifetime_s=3600, max_requests=1_000_000, tokens_per_event=128)
    with SimLLMServer(settings) as sim:
        yield Templates(tmp_path / "templates", {"ANTHROPIC_API_KEY": SIM_KEY,
                                                 "ANTHROPIC_BASE_URL": sim.anthropic_base_url})


def _report(results: list[PointResult], tally: KillTally) -> None:
    tally.extend(results)
    assert not failures(results), "\n".join(failures(results))


def test_a_kill_at_a_representative_point_of_each_kind_recovers(tmp_path, templates, kill_tally):
    results = run_points(REPRESENTATIVE, templates, tmp_path, workers=WORKERS)
    _report(results, kill_tally)


@pytest.mark.slow
@pytest.mark.parametrize("name", SCENARIOS)
def test_a_kill_at_every_point_of_the_command_recovers(tmp_path, templates, kill_tally, name):
    scenario = SCENARIOS[name]
    labels = trace_labels(scenario, templates, tmp_path)
    kinds = {label.split(":")[0] for label in labels}
    assert {"before-node", "after-node", "task-saved", "store-write"} <= kinds, kinds
    points = points_for(scenario, labels, then_draft=True)
    results = run_points(points, templates, tmp_path, workers=WORKERS)
    _report(results, kill_tally)
