"""``desk draft --sample 2026-04-21 --model writer=openai-compatible:NAME`` with OPENAI_BASE_URL
pointing at the loopback server: the whole graph runs, the writer's calls go over real HTTP, and
the ledger, run.json and ``desk cost`` account for them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.paths import ARCHIVE_DIR
from agent.schemas import DaySnapshot, NewsItem
from agent.sources.snapshots import load_snapshot, sample_path
from tests.llm.loopback_server import Answer, LoopbackLLMServer
from tests.llm.sdk_mocks import FAKE_COMPATIBLE_KEY

DATE = "2026-04-21"
MODEL = "loopback-llama"
WRITER_SCHEMAS = {"SectionEssayDecision", "PaperSelection", "ThesisProposals", 
                  "EssayDraftDecision"}


def writer_answers(snapshot: DaySnapshot) -> dict[str, Answer]:
    """Structured answers built from the day's real items and its published lead essay."""
    assert snapshot.published is not None
    essay = snapshot.published.lead_essay
    news = [item for item in snapshot.items if isinstance(item, NewsItem)]
    opening = essay[0].split(". ")[0].rstrip(".") + "."

    def section(body: dict[str, Any]) -> dict[str, Any]:
        kind = "lab" if "Write the labs section essay" in _user(body) else "wire"
        picks = [item for item in news if item.kind == kind][:3]
        return {"reasoning": "The day's leading stories, most consequential first.",
                "item_ids": [item.id for item in picks],
                "paragraph": " ".join(f"{item.title}." for item in picks)}

    proposals = [{"statement": opening, "reasoning": "Compute commitments dominate the day.",
                  "supporting_item_ids": [item.id for item in news[:4]],
                  "fit_reasoning": "Who captures value in the stack."}
                 for n in range(3)]
    return {
        "SectionEssayDecision": section,
        "PaperSelection": {"reasoning": "Papers that fit the day's storylines.",
                           "picks": [{"item_id": paper_id, "reason": "Fits the thesis."}
                                     for paper_id in snapshot.published.paper_ids[:5]]},
        "ThesisProposals": {"reasoning": "Three readings of the day.", "candidates": proposals},
        "EssayDraftDecision": {"reasoning": "Thesis first, then the sections in order.",
                               "paragraph_plans": [p.split(". ")[0] for p in essay],
                               "paragraphs": essay},
        "RevisionDecision": {"reasoning": "Tightened to the rubric.", "paragraphs": essay},
    }


def _user(body: dict[str, Any]) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


@pytest.fixture
def snapshot() -> DaySnapshot:
    return load_snapshot(sample_path(DATE, ARCHIVE_DIR))


def test_draft_with_a_local_writer_makes_real_http_calls(tmp_path, monkeypatch, snapshot):
    data_dir, out_dir = tmp_path / "data", tmp_path / "out"
    with LoopbackLLMServer(writer_answers(snapshot)) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_COMPATIBLE_API_KEY", FAKE_COMPATIBLE_KEY)
        result = CliRunner().invoke(app, [
            "draft", "--sample", DATE, "--model", f"writer=openai-compatible:{MODEL}",
            "--data-dir", str(data_dir), "--out", str(out_dir)])
        requested = server.schemas_requested()
        models = {body["model"] for body in server.requests}

    assert result.exit_code == 0, result.output
    assert set(requested) >= WRITER_SCHEMAS
    assert models == {MODEL}

    package = out_dir / DATE
    for name in ("draft.md", "draft.html", "claims.json", "review.json", "run.json"):
        assert (package / name).exists(), name
    assert snapshot.published is not None
    assert snapshot.published.lead_essay[0][:60] in (package / "draft.md").read_text()
    run = json.loads((package / "run.json").read_text())
    assert run["models"]["writer"] == f"openai-compatible:{MODEL}"
    assert run["models"]["critic"] == "baseline"
    assert run["llm_calls"] == len(requested)

    cost = CliRunner().invoke(app, ["cost", DATE, "--data-dir", str(data_dir), "--json"])
    assert cost.exit_code == 0, cost.output
    report = json.loads(cost.output)
    assert report["by_role"]["writer"]["calls"] == len(requested)
    assert report["totals"]["cost_usd"] == 0.0 and report["unpriced_models"] == []

    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert all(FAKE_COMPATIBLE_KEY not in path.read_bytes().decode("utf-8", "replace")
               for path in written)
