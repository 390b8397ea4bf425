"""Shared pieces of the fault matrix: the simulated LLM server (tests/sim/server.py) behind every
role, a retry policy fast enough for tests, and the checks every case ends with."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

from agent.persistence.ledger import CallRecord
from agent.llm.router import LLMRouter
from agent.paths import CONFIG_DIR
from agent.render.package import PACKAGE_FILES
from agent.session import DeskSession
from tests.sim.server import SimLLMServer

DATE = "2026-04-21"
SIM_KEY = "sim-not-a-real-key"
CALL_TIMEOUT_S = 0.5
STALL_S = 1.0
"""A ``timeout`` fault stalls past the client's deadline."""

# Each LLM node, as the simulated server sees it: the requested schema, plus text from the task
# where two nodes share a schema (the wire and labs desks).
NODE_REQUESTS: dict[str, tuple[str, str]] = {
    "desk_wire": ("SectionEssayDecision", "Write the wire section essay"),
    "desk_labs": ("SectionEssayDecision", "Write the labs section essay"),
    "desk_papers": ("PaperSelection", ""),
    "thesis": ("ThesisProposals", ""),
    "draft": ("EssayDraftDecision", ""),
    "critique": ("JudgeDecision", ""),
    "claims_extract": ("ClaimExtraction", ""),
    "claims_verify": ("EntailmentDecision", ""),
}
LEDGER_NODES = {"desk_wire", "desk_labs", "desk_papers", "thesis", "draft", "critique",
                "claims"}

_FAST_RETRY = {"max_attempts": "3", "initial_backoff_s": "0.01", "max_backoff_s": "0.02",
               "jitter_s": "0.0", "call_timeout_s": str(CALL_TIMEOUT_S),
               "run_sleep_ceiling_s": "5.0"}


def fast_config_dir(root: Path) -> Path:
    """config/ with a test-speed [retry] section (same models, prices and budgets)."""
    target = root / "config"
    shutil.copytree(CONFIG_DIR, target)
    models = target / "models.toml"
    text = models.read_text(encoding="utf-8")
    for key, value in _FAST_RETRY.items():
        text, count = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, flags=re.MULTILINE)
        assert count == 1, f"models.toml has no single [retry] {key}"
    models.write_text(text, encoding="utf-8")
    return target


def sim_router(sim: SimLLMServer, config_dir: Path, *, stream: bool = True) -> LLMRouter:
    """Every role on the sim's Anthropic Messages API, streamed like the CLI (or not)."""
    from agent.llm.factory import build_router
    from agent.persistence.ledger import MemoryLedger

    env = {"ANTHROPIC_API_KEY": SIM_KEY, "ANTHROPIC_BASE_URL": sim.anthropic_base_url}
    return build_router(overrides=[], env=env,
                        ledger=MemoryLedger(), run_id="pending", config_dir=config_dir,
                        on_token=(lambda text: None) if stream else None,
                        sleeper=lambda seconds: None)


def open_session(root: Path, router: LLMRouter, date: str = DATE) -> DeskSession:
    return DeskSession(date=date, data_dir=root / "data", out_dir=root / "out", router=router)


def sim_env(sim: SimLLMServer) -> dict[str, str]:
    """A ``desk`` subprocess with every role on the sim's OpenAI-compatible endpoint."""
    return {"OPENAI_BASE_URL": sim.openai_base_url, "OPENAI_COMPATIBLE_API_KEY": SIM_KEY}


SIM_MODEL_FLAGS = ["--model", "all=openai-compatible:sim-model"]


# -- what every case must end with ----------------------------------------------------------
def request_fingerprint(call: CallRecord) -> str:
    """The request part of the router's replay key (task scope | request | occurrence)."""
    return call.fingerprint.split("|")[1]


def assert_no_completed_call_repeated(calls: list[CallRecord]) -> None:
    """A completed call is never paid for twice: resumed tasks replay it from the ledger."""
    completed = [c for c in calls if c.outcome == "ok"]
    repeated = {fp: n for fp, n in Counter(map(request_fingerprint, completed)).items() if n > 1}
    assert not repeated, f"completed LLM calls repeated: {repeated}"
    assert {c.node for c in completed} == LEDGER_NODES, {c.node for c in completed}


def assert_complete_package(out_dir: Path, date: str = DATE) -> None:
    """The handoff package is all there, its claims hold, and run.json counts every LLM node."""
    target = out_dir / date
    for name in PACKAGE_FILES:
        assert (target / name).stat().st_size > 0, name
    claims = json.loads((target / "claims.json").read_text())["claims"]
    assert claims and all(c["status"] != "unsupported" for c in claims if c["kind"] != "analysis")
    run = json.loads((target / "run.json").read_text())
    assert run["llm_calls"] >= len(LEDGER_NODES)
