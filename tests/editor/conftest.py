"""Fixtures for the editor's workflow: drafted runs (drafted once per session, copied per test so
each test owns its run) and fake writer/critic scripts. The PostgreSQL fixtures are in
tests/postgres.py (shared with tests/server and tests/reliability)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from agent.llm.router import LLMRouter
from agent.session import DeskSession
from tests.fakes import draft_router
from tests.helpers import start_input


@dataclass
class DraftedRun:
    """A run paused at editor review, in this test's own data and out directories."""

    date: str
    data_dir: Path
    out_dir: Path
    env: dict[str, str]

    def session(self, router: LLMRouter | None = None, command: str | None = None
                ) -> DeskSession:
        """A session on the run; with ``command`` it holds the date's lock like the CLI."""
        return DeskSession(date=self.date, data_dir=self.data_dir, out_dir=self.out_dir,
                           router=router or LLMRouter(), env=self.env, create=False,
                           command=command)

    @property
    def package(self) -> Path:
        return self.out_dir / self.date


@pytest.fixture(scope="session")
def run_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """Draft each (date, mode) once: mode ``baseline`` (no key) or ``llm`` (scripted models)."""
    made: dict[tuple[str, str], Path] = {}

    def make(date: str, mode: str) -> Path:
        if (date, mode) not in made:
            root = tmp_path_factory.mktemp(f"run-{date}-{mode}")
            router = LLMRouter() if mode == "baseline" else draft_router(date)
            with DeskSession(date=date, data_dir=root / "data", out_dir=root / "out",
                             router=router, env={}) as session:
                session.run(start_input(date))
            made[(date, mode)] = root
        return made[(date, mode)]

    return make


@pytest.fixture
def drafted(run_templates: Callable[[str, str], Path],
            tmp_path: Path) -> Callable[..., DraftedRun]:
    def copy(date: str = "2026-04-21", mode: str = "baseline") -> DraftedRun:
        source = run_templates(date, mode)
        for part in ("data", "out"):
            shutil.copytree(source / part, tmp_path / part, dirs_exist_ok=True)
        return DraftedRun(date=date, data_dir=tmp_path / "data", out_dir=tmp_path / "out", env={})

    return copy
