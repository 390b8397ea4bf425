"""`desk eval` end to end: the offline run over the archive (plus a synthetic fifth day, with no
code change), the exit code on a tier-0 failure, and judge verdicts replayed from the cache."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scripted_llm import ScriptedLLM
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR
from agent.sources.snapshots import SNAPSHOT_FILE
from evals import controls, report, runner
from evals.metrics.base import CONTROLS
from evals.metrics.gates import GATE_NAMES
from tests.evals.helpers import add_synthetic_day
from tests.evals.test_judges import gold_aware
from tests.fakes import judge as complete_judgement

DESK = Path(sys.executable).with_name("desk")


def copy_archive(target: Path, dates: tuple[str, ...] | None = None) -> Path:
    for source in sorted(ARCHIVE_DIR.glob(f"*/{SNAPSHOT_FILE}")):
        if dates is None or source.parent.name in dates:
            (target / source.parent.name).mkdir(parents=True)
            shutil.copy(source, target / source.parent.name / SNAPSHOT_FILE)
    return target


def test_offline_eval_of_the_archive_with_a_synthetic_fifth_day(tmp_path):
    archive = copy_archive(tmp_path / "archive")
    fifth = add_synthetic_day(archive, "2026-04-24", "2026-04-28")
    runs = tmp_path / "runs"
    done = subprocess.run([str(DESK), "eval", "--archive", str(archive), "--json",
                           "--runs-dir", str(runs)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    payload = json.loads(done.stdout)  # stdout is exactly one JSON object
    assert set(payload) == {"days", "metrics", "validity"}
    assert [d["date"] for d in payload["days"]][-1] == fifth.isoformat()
    assert len(payload["days"]) == 5
    for day in payload["days"]:
        assert set(day["systems"]) == {"baseline", "gold", "shuffled", "wrong_day"}
        gates = day["systems"]["baseline"]["gates"]
        assert [g["name"] for g in gates] == list(GATE_NAMES)
        assert all(g["passed"] for g in gates), (day["date"], gates)
    new_day = payload["days"][-1]["systems"]["baseline"]["metrics"]
    assert new_day["source_f1"] is not None and new_day["function_word_delta"] is not None
    for metric, fractions in payload["validity"].items():
        assert set(fractions) == set(CONTROLS), metric
    assert payload["metrics"]["entity_recall"]["verdict"] == "pass"
    (run_dir,) = runs.iterdir()
    for name in (report.RESULTS_FILE, report.SUMMARY_FILE, report.PLOT_FILE):
        assert (run_dir / name).stat().st_size > 0
    assert (run_dir / "drafts" / "baseline" / fifth.isoformat() / "draft.md").exists()
    assert not (run_dir / "work").exists()  # throwaway checkpoints are removed


def test_a_broken_claims_ledger_of_the_system_under_test_exits_1(tmp_path, monkeypatch, capsys):
    archive = copy_archive(tmp_path / "archive", ("2026-04-21",))
    real = runner.candidate_from_package

    def corrupt_then_read(system, day, values, package):
        (package / "claims.json").write_text('{"date": "2026-04-21", "claims": [{"id": 1}]}')
        return real(system, day, values, package)

    monkeypatch.setattr(runner, "candidate_from_package", corrupt_then_read)
    from agent.commands.eval import eval_command

    code = eval_command(archive=archive, as_json=True, runs_dir=tmp_path / "runs")
    out = capsys.readouterr().out
    assert code == 1
    payload = json.loads(out)
    gates = {g["name"]: g for g in payload["days"][0]["systems"]["baseline"]["gates"]}
    assert gates["claims_valid"]["passed"] is False
    assert "does not validate" in gates["claims_valid"]["detail"]


def test_judge_verdicts_recorded_with_a_model_replay_without_one(tmp_path, monkeypatch):
    # The graph is exercised by the tests above; here the draft is a stand-in so the test is
    # about the judges: recorded once with a model, replayed by a later run without one.
    archive = copy_archive(tmp_path / "archive", ("2026-04-21",))
    monkeypatch.setattr(runner, "replay_day", lambda job, system: controls.wrong_day(
        job.day, job.day).model_copy(update={"system": system}))
    cache, runs = tmp_path / "judge_cache.jsonl", tmp_path / "runs"
    critic = LLMRouter({"critic": ScriptedLLM([gold_aware] * 5)})
    first, first_dir = runner.run_eval(runner.EvalOptions(
        archive=archive, runs_dir=runs, env={}, judge_cache=cache, judge_router=critic))
    # The stand-in repeats the gold text, so its prompts equal gold's: asked once, then cached.
    assert (first.judge.calls, first.judge.cache_hits, first.judge.skipped) == (5, 2, 0)
    judged = first.days[0].systems
    assert judged["baseline"].metrics["pairwise_vs_gold"] == 0.5  # the gold text itself: a tie
    assert judged["shuffled"].metrics["pairwise_vs_gold"] == 0.0
    assert judged["gold"].metrics["pairwise_vs_gold"] == 0.5
    assert judged["shuffled"].metrics["rubric_judge"] == pytest.approx((6 * 4 + 3) / 7)
    second, _ = runner.run_eval(runner.EvalOptions(archive=archive, runs_dir=runs, env={},
                                                   judge_cache=cache))
    assert second.judge.calls == 0 and second.judge.cache_hits == 7
    assert second.days[0].systems["shuffled"].metrics == judged["shuffled"].metrics
    assert second.comparison is not None and second.comparison.previous_run == first_dir.name
    assert second.comparison.regressions == []


def scripted_agent(paragraphs: list[str]):
    """A writer that drafts ``paragraphs`` (and revises to the same text), and a lenient critic."""
    from agent.schemas import (
        EssayDraftDecision,
        PaperPick,
        PaperSelection,
        RevisionDecision,
        SectionEssayDecision,
        ThesisProposal,
        ThesisProposals,
    )
    from agent.sources.snapshots import load_snapshot

    def build(date):
        snapshot = load_snapshot(ARCHIVE_DIR / date.isoformat() / SNAPSHOT_FILE)
        ids = {kind: [i.id for i in snapshot.items if i.kind == kind]
               for kind in ("wire", "lab", "paper")}
        proposal = ThesisProposal(statement="Compute owners gain leverage over model makers.",
                                  reasoning="r", supporting_item_ids=ids["wire"][:2],
                                  fit_reasoning="f")
        section = lambda kind: SectionEssayDecision(  # noqa: E731
            reasoning="r", item_ids=ids[kind][:3], paragraph="Today is about compute. " * 8)
        writer = ScriptedLLM(provider="fake-writer", by_node={
            "desk_wire": [section("wire")], "desk_labs": [section("lab")],
            "desk_papers": [PaperSelection(reasoning="r", picks=[
                PaperPick(item_id=p, reason="fits") for p in ids["paper"][:5]])],
            "thesis": [ThesisProposals(reasoning="r", candidates=[proposal] * 3)],
            "draft": [EssayDraftDecision(reasoning="r", paragraph_plans=["thesis", "close"],
                                         paragraphs=paragraphs)],
            "revise": [RevisionDecision(reasoning="r", paragraphs=paragraphs)] * 3,
        })
        critic = ScriptedLLM([complete_judgement()] * 4, provider="fake-critic")
        return LLMRouter({"writer": writer, "critic": critic})

    return build


def test_with_models_the_agent_is_under_test_and_only_its_gates_decide(tmp_path):
    archive = copy_archive(tmp_path / "archive", ("2026-04-21",))
    short = ["Amazon committed $100 billion to Anthropic, and the lock-in is the point."]
    results, _ = runner.run_eval(runner.EvalOptions(
        archive=archive, runs_dir=tmp_path / "runs", env={}, judge_cache=tmp_path / "cache.jsonl",
        agent_router=scripted_agent(short)))
    assert results.system_under_test == "agent"
    (day,) = results.days
    assert set(day.systems) == {"agent", "baseline", "gold", "shuffled"}
    assert results.tier0_failures and all(" agent: " in line for line in results.tier0_failures)
    assert any("length_bounds" in line for line in results.tier0_failures)
    assert all(g.passed is not False for g in day.systems["baseline"].gates)
    assert day.systems["agent"].metrics["rouge_1"] < day.systems["gold"].metrics["rouge_1"]
