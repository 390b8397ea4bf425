"""The run report: regressions against the previous run, the previous run found on disk, and the
summary / plot files."""

from __future__ import annotations

import datetime as dt

from evals import report
from evals.metrics.base import MetricSpec
from evals.metrics.gates import GateResult
from evals.metrics.judges import JudgeStats
from evals.metrics.results import CandidateResult, DayResult, EvalResults, summarise

F1 = MetricSpec(name="source_f1", family="coverage", tier=1, higher_is_better=True,
                reference="gold",
                must_beat=("baseline",), description="")
DELTA = MetricSpec(name="function_word_delta", family="voice", tier=1, higher_is_better=False,
                   reference="house",
                   must_beat=("baseline",), description="")


def results(run_id: str, *, f1: float, delta: float, byline_ok: bool = True) -> EvalResults:
    date = dt.date(2026, 4, 21)
    gates = [GateResult(name="byline", passed=byline_ok)]
    systems = {
        "baseline": CandidateResult(system="baseline", text_date=date, gates=gates,
                                    metrics={"source_f1": f1, "function_word_delta": delta}),
        "gold": CandidateResult(system="gold", text_date=date, gates=[],
                                metrics={"source_f1": 0.95, "function_word_delta": 0.5}),
    }
    days = [DayResult(date=date, wrong_day_source=None, systems=systems)]
    metrics = summarise([F1, DELTA], days)
    return EvalResults(run_id=run_id, started_at=dt.datetime(2026, 4, 21, tzinfo=dt.UTC),
                       archive="a", system_under_test="baseline", elapsed_s=1.0, days=days,
                       metrics=metrics, validity={n: s.validity for n, s in metrics.items()},
                       tier0_failures=[], judge=JudgeStats())


def test_a_worse_mean_of_the_system_under_test_is_a_regression():
    previous = results("r1", f1=0.50, delta=0.80)
    worse = report.compare(previous, results("r2", f1=0.40, delta=0.90))
    assert {(r.kind, r.name) for r in worse.regressions} == {("metric", "source_f1"),
                                                            ("metric", "function_word_delta")}
    better = report.compare(previous, results("r2", f1=0.60, delta=0.70))
    assert better.regressions == []
    assert abs(better.deltas["source_f1"]["baseline"] - 0.10) < 1e-9
    noise = report.compare(previous, results("r2", f1=0.495, delta=0.805))
    assert noise.regressions == []


def test_a_gate_that_stopped_passing_is_a_regression():
    comparison = report.compare(results("r1", f1=0.5, delta=0.8),
                                results("r2", f1=0.5, delta=0.8, byline_ok=False))
    assert [(r.kind, r.name, r.previous, r.current) for r in comparison.regressions] == [
        ("gate", "byline", 1.0, 0.0)]


def test_the_previous_run_is_the_newest_readable_one(tmp_path):
    for run_id, f1 in (("20260101T000000Z", 0.1), ("20260102T000000Z", 0.2)):
        (tmp_path / run_id).mkdir()
        (tmp_path / run_id / report.RESULTS_FILE).write_text(
            results(run_id, f1=f1, delta=0.8).model_dump_json())
    (tmp_path / "20260103T000000Z").mkdir()
    (tmp_path / "20260103T000000Z" / report.RESULTS_FILE).write_text('{"old": "format"}')
    current = tmp_path / "20260104T000000Z"
    current.mkdir()
    (current / report.RESULTS_FILE).write_text(results("x", f1=0.9, delta=0.8).model_dump_json())
    previous = report.load_previous(tmp_path, exclude=current)
    assert previous is not None and previous.run_id == "20260102T000000Z"


def test_outputs_mark_regressions_and_verdicts(tmp_path):
    current = results("r2", f1=0.4, delta=0.8)
    current = current.model_copy(update={"comparison": report.compare(
        results("r1", f1=0.5, delta=0.8), current)})
    report.write_outputs(current, tmp_path)
    summary = (tmp_path / report.SUMMARY_FILE).read_text()
    assert "**REGRESSION** metric source_f1 (baseline): 0.500 -> 0.400" in summary
    assert "- **pass**: source_f1, function_word_delta" in summary
    assert (tmp_path / report.PLOT_FILE).read_bytes().startswith(b"\x89PNG")
    assert EvalResults.model_validate_json((tmp_path / report.RESULTS_FILE).read_text()) == current
