"""The layers never point up: import-linter's contracts in pyproject.toml, run on the package as it
is (they must hold) and on a copy with one deliberate upward import (they must break), so the
check is known to be able to fail."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def lint_imports(config: Path, cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
         "sys.exit(lint_imports_command())", str(config), "--no-cache"],
        cwd=cwd, env={"PYTHONPATH": str(pythonpath), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=120, check=False)


def test_the_package_keeps_every_layer_contract():
    result = lint_imports(REPO / "pyproject.toml", REPO, REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("module,upward,contract", [
    ("render/view.py", "from deskcopy.nodes import assemble", "never reach into the nodes"),
    ("persistence/runs.py", "from deskcopy.llm import router", "persistence -> core BROKEN"),
    ("nodes/gather.py", "from deskcopy.render import package", "persistence -> core BROKEN"),
])
def test_an_upward_import_breaks_the_contract(tmp_path, module, upward, contract):
    copy = tmp_path / "deskcopy"
    shutil.copytree(REPO / "agent", copy, ignore=shutil.ignore_patterns("__pycache__"))
    for path in copy.rglob("*.py"):
        path.write_text(re.sub(r"\bagent\.", "deskcopy.", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{upward}  # noqa\n",
                      encoding="utf-8")
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["tool"]["importlinter"]["root_package"] == "agent"
    contracts = re.sub(r'\bagent\b(?=[."])', "deskcopy", text[text.index("[tool.importlinter]"):])
    (tmp_path / "contracts.toml").write_text(contracts, encoding="utf-8")
    result = lint_imports(tmp_path / "contracts.toml", tmp_path, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert contract in result.stdout.replace("\n", " ")
