"""What a fresh process loads (docs/design.md §7: `desk --help` under 0.3 s, an offline draft under 3 s).
The timings themselves are measured by bench/run.py; these tests pin the causes: `desk --help`
never imports LangGraph, a keyless draft never imports a provider SDK, and a run that uses one
provider's SDK never imports the other's."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("langgraph", "anthropic", "openai", "numpy")

HELP = f"""
import json, sys
from agent.cli import main
sys.argv = ["desk", "--help"]
try:
    main()
except SystemExit:
    pass
print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)
"""

KEYLESS_DRAFT = """
import json, sys
from pathlib import Path
from agent.commands.draft import draft_command
draft_command(date=None, live=False, snapshot=None, sample="2026-04-21", out=Path("out"),
              data_dir=Path("data"), no_review=True, model_overrides=[], fresh=False)
print(json.dumps([m for m in ("anthropic", "openai") if m in sys.modules]), file=sys.stderr)
"""

COMPATIBLE_ROUTER = """
import json, sys
from agent.llm.factory import build_router
from agent.persistence.ledger import MemoryLedger
router = build_router(overrides=["all=openai-compatible:local-model"],
                      env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"},
                      ledger=MemoryLedger(), run_id="r")
assert router.has("writer")
print(json.dumps([m for m in ("anthropic", "openai") if m in sys.modules]), file=sys.stderr)
"""


def _loaded(script: str, cwd) -> str:
    result = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True,
                            text=True, timeout=60, env={"PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_desk_help_imports_none_of_the_heavy_libraries(tmp_path):
    assert json.loads(_loaded(HELP, tmp_path)) == []


def test_a_keyless_draft_never_imports_a_provider_sdk(tmp_path):
    assert json.loads(_loaded(KEYLESS_DRAFT, tmp_path)) == []
    assert (tmp_path / "out" / "2026-04-21" / "draft.md").exists()


def test_a_run_on_one_provider_never_imports_the_other_sdk(tmp_path):
    assert json.loads(_loaded(COMPATIBLE_ROUTER, tmp_path)) == ["openai"]
