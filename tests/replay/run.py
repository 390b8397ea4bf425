"""Run one replay day through the whole graph: the real provider adapters and SDK clients, built by
the desk's own factory, over ``ReplayTransport``; the run stops at the editor's review like a
morning draft. Shared by the replay test and ``tests/replay/report.py``."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from agent.llm.factory import build_router
from agent.persistence.ledger import MemoryLedger
from agent.paths import ARCHIVE_DIR
from agent.session import DeskSession
from agent.sources.snapshots import sample_path
from tests.replay.loader import ReplayDay, load_day
from tests.replay.transport import OutputBudget, ReplayTransport

Provider = Literal["openai", "anthropic"]
REPLAY_KEYS: dict[Provider, dict[str, str]] = {
    "openai": {"OPENAI_API_KEY": "sk-replay-not-a-real-key"},
    "anthropic": {"ANTHROPIC_API_KEY": "sk-ant-replay-not-a-real-key"},
}
REJECTED_CITATIONS = frozenset({"quote_not_found", "unknown_item"})


@dataclass
class ReplayResult:
    day: ReplayDay
    transport: ReplayTransport
    package: Path
    next_nodes: tuple[str, ...]
    problems: list[dict[str, Any]]

    def package_json(self, name: str) -> dict[str, Any]:
        """One JSON file of the handoff package (``review.json``, ``run.json``...)."""
        return json.loads((self.package / name).read_text(encoding="utf-8"))

    @cached_property
    def claims(self) -> list[dict[str, Any]]:
        return self.package_json("claims.json")["claims"]

    @property
    def paused_for_editor(self) -> bool:
        return self.next_nodes == ("editor_review",)

    @property
    def claims_problems(self) -> list[dict[str, Any]]:
        return [p for p in self.problems if p["node"] == "claims"]

    @property
    def rejected_quotes(self) -> list[dict[str, Any]]:
        return [p for p in self.claims_problems if p["kind"] in REJECTED_CITATIONS]

    @property
    def essay_claims(self) -> list[dict[str, Any]]:
        return [c for c in self.claims if c["section"] == "essay"]

    @property
    def factual_essay_claims(self) -> list[dict[str, Any]]:
        return [c for c in self.essay_claims if c["kind"] != "analysis"]

    @property
    def unsupported_share(self) -> float:
        factual = self.factual_essay_claims
        unsupported = sum(1 for c in factual if c["status"] == "unsupported")
        return unsupported / len(factual) if factual else 0.0

    def summary(self) -> str:
        """One line of figures per day, for the test output and the report."""
        kinds = Counter(c["kind"] for c in self.essay_claims)
        statuses = Counter(c["status"] for c in self.essay_claims)
        return (f"{self.day.date}: {len(self.essay_claims)} essay claims "
                f"({_counts(kinds)}; {_counts(statuses)}), unsupported share of "
                f"{len(self.factual_essay_claims)} factual claims {self.unsupported_share:.1%}, "
                f"{len(self.rejected_quotes)} quotes rejected, "
                f"{len(self.transport.requests)} model requests")


def replay_day(date: str, workdir: Path, *, provider: Provider = "openai",
               output_budget: OutputBudget = "record", stream: bool = False) -> ReplayResult:
    """Draft ``date`` on its day file's answers, up to the editor's review."""
    day = load_day(date)
    transport = ReplayTransport(day, output_budget=output_budget)
    router = build_router(overrides=[], env=REPLAY_KEYS[provider], ledger=MemoryLedger(),
                          run_id="pending", http_client=transport.http_client(),
                          on_token=(lambda text: None) if stream else None,
                          sleeper=lambda seconds: None)
    out_dir = workdir / "out"
    with DeskSession(date=date, data_dir=workdir / "data", out_dir=out_dir,
                     router=router) as session:
        state = session.run({"date": date, "review": True, "source": {
            "kind": "snapshot", "path": str(sample_path(date, ARCHIVE_DIR))}})
    return ReplayResult(day=day, transport=transport, package=out_dir / date,
                        next_nodes=tuple(state.next), problems=state.values.get("problems", []))


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{n} {name}" for name, n in sorted(counter.items()))
