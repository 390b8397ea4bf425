"""The kill matrix: real ``desk`` processes SIGKILLed at every crash point of their path (node
boundaries, store writes, migration statements, the stored decision; see agent/crashpoints.py),
then the natural next command, then the checks an editor cares about.

Each scenario starts from a template data directory (drafted once, copied per point). Its points
are enumerated by running the command once with ``DESK_TEST_TRACE`` (the labels it passes, in
order), so the matrix follows the code: a new node or store write is a new point. Each point runs
in its own directory; points run in parallel processes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from agent.crashpoints import KILL_AT_ENV, TRACE_ENV
from agent.llm.router import LLMRouter
from agent.render.package import PACKAGE_FILES
from agent.persistence.runs import canonical_json
from agent.schemas import EditorDecision
from agent.session import DeskSession
from agent.state import DeskState, decisions_of, draft_version_of, versions_of

DATE = "2026-04-21"
NOTES = "Lead with the compute contracts, not the model launches."
EDITED_ESSAY = ("Compute contracts decide who ships next, a split that reveals where leverage "
                "sits.\n\nThe constraint is silicon. Meanwhile, the labs keep announcing.\n")
PROCESS_TIMEOUT_S = 180


@dataclass(frozen=True)
class Scenario:
    """One editor-facing command, the template it starts from and what a finished run shows."""

    name: str
    args: tuple[str, ...]
    template: str
    """``fresh`` (no data dir), ``drafted`` (baseline draft awaiting review), ``drafted-llm``
    (drafted with the simulated model) or ``regenerated`` (drafted, then papers regenerated)."""
    llm: bool = False
    """The command calls the simulated model (its env is set for every process of the point)."""
    request: EditorDecision | None = None
    """The editor's request (None for ``desk draft``)."""
    finished: str = "awaiting_review"
    """The run's status once the command has finished."""

    def command(self) -> list[str]:
        return list(self.args)


SCENARIOS: dict[str, Scenario] = {s.name: s for s in (
    Scenario("draft", ("draft", "--sample", DATE), "fresh"),
    Scenario("review-notes", ("review", DATE, "--notes", NOTES), "drafted-llm", llm=True,
             request=EditorDecision(type="response", notes=NOTES)),
    Scenario("review-approve", ("review", DATE, "--approve"), "drafted",
             request=EditorDecision(type="accept"), finished="published"),
    Scenario("review-edit", ("review", DATE, "--edit", "edit.txt"), "drafted",
             request=EditorDecision(type="edit", edited_paragraphs=[
                 p.strip() for p in EDITED_ESSAY.split("\n\n")])),
    Scenario("regen-papers", ("regen", DATE, "--section", "papers"), "drafted",
             request=EditorDecision(type="regen", section="papers")),
    Scenario("regen-essay.p2", ("regen", DATE, "--section", "essay.p2"), "drafted",
             request=EditorDecision(type="regen", section="essay.p2")),
    Scenario("restore", ("restore", DATE, "papers", "1"), "regenerated",
             request=EditorDecision(type="restore", section="papers", version=1)),
)}


@dataclass(frozen=True)
class Point:
    scenario: str
    label: str
    then_draft: bool = False
    """Recover with ``desk draft --date D`` first, then run the same command again."""

    @property
    def kind(self) -> str:
        return self.label.split(":")[0]


@dataclass
class PointResult:
    point: Point
    outcome: str
    """``recovered``, or what went wrong: ``not reached``, ``resume failed``, ``next command
    failed``, ``check failed``."""
    detail: str = ""


# -- running desk --------------------------------------------------------------------------------
DESK = ("-m", "agent.cli")
WRITES_PACKAGES = ("draft", "review", "regen", "restore", "serve")
"""The commands that take ``--out``."""


def desk(root: Path, args: Sequence[str], env: dict[str, str], *, kill_at: str = "",
         trace: Path | None = None, entry: Sequence[str] = DESK
         ) -> subprocess.CompletedProcess[str]:
    """``python -m agent.cli ARGS --data-dir root/data [--out root/out]`` in ``root``
    (``entry`` replaces ``-m agent.cli``)."""
    command = [sys.executable, *entry, *args, "--data-dir", str(root / "data")]
    if args[0] in WRITES_PACKAGES:
        command += ["--out", str(root / "out")]
    run_env = {**os.environ, **env, KILL_AT_ENV: kill_at, TRACE_ENV: str(trace or "")}
    return subprocess.run(command, env=run_env, cwd=root, capture_output=True, text=True,
                          timeout=PROCESS_TIMEOUT_S, check=False)


def must(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise AssertionError(f"{what} exited {result.returncode}: {result.stderr[-2000:]}")


class Templates:
    """Template data dirs, each made once (``env`` reaches the simulated model)."""

    def __init__(self, root: Path, llm_env: dict[str, str]) -> None:
        self.root, self.llm_env = root, llm_env
        self._made: dict[str, Path] = {}

    def get(self, name: str) -> Path:
        if name not in self._made:
            target = self.root / f"template-{name}"
            target.mkdir(parents=True)
            self._build(name, target)
            self._made[name] = target
        return self._made[name]

    def _build(self, name: str, target: Path) -> None:
        if name == "fresh":
            return
        if name == "regenerated":
            copy_tree(self.get("drafted"), target)
            must(desk(target, ["regen", DATE, "--section", "papers"], {}), "template regen")
            return
        env = self.llm_env if name == "drafted-llm" else {}
        must(desk(target, ["draft", "--sample", DATE], env), f"template {name}")

    def env_for(self, scenario: Scenario) -> dict[str, str]:
        return self.llm_env if scenario.llm else {}


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, dirs_exist_ok=True)
    (target / "edit.txt").write_text(EDITED_ESSAY, encoding="utf-8")


# -- enumerating the points ----------------------------------------------------------------------
def trace_labels(scenario: Scenario, templates: Templates, work: Path) -> list[str]:
    """The crash points the command passes from its template, once each, in order."""
    root = work / f"trace-{scenario.name}"
    copy_tree(templates.get(scenario.template), root)
    trace = root / "trace.txt"
    must(desk(root, scenario.command(), templates.env_for(scenario), trace=trace),
         f"tracing {scenario.name}")
    return list(dict.fromkeys(trace.read_text(encoding="utf-8").split()))


# -- one point -------------------------------------------------------------------------------
def run_point(point: Point, templates: Templates, work: Path) -> PointResult:
    scenario = SCENARIOS[point.scenario]
    suffix = "-then-draft" if point.then_draft else ""
    root = work / f"{scenario.name}-{point.label.replace(':', '_')}{suffix}"
    copy_tree(templates.get(scenario.template), root)
    env = templates.env_for(scenario)
    before = decisions_in(root) if scenario.request is not None else None
    killed = desk(root, scenario.command(), env, kill_at=point.label)
    if killed.returncode != -signal.SIGKILL:
        return PointResult(point, "not reached", f"exit {killed.returncode}: "
                                                 f"{killed.stderr[-500:]}")
    if point.then_draft:
        resumed = desk(root, ["draft", "--date", DATE], env)
        if resumed.returncode != 0:
            return PointResult(point, "resume failed", resumed.stderr[-1500:])
    again = desk(root, scenario.command(), env)
    if again.returncode != 0:
        return PointResult(point, "next command failed", again.stderr[-1500:])
    try:
        check_finished(root, scenario, before)
    except AssertionError as error:
        return PointResult(point, "check failed", str(error)[:1500])
    return PointResult(point, "recovered")


# -- what a finished run shows -------------------------------------------------------------------
def decisions_in(root: Path) -> int:
    with open_run(root) as session:
        return len(decisions_of(session.state().values))


def open_run(root: Path) -> DeskSession:
    """The run in ``root`` as a reader (no lock, no model)."""
    return DeskSession(date=DATE, data_dir=root / "data", out_dir=root / "out",
                       router=LLMRouter(), env={}, create=False)


def check_finished(root: Path, scenario: Scenario, before: int | None) -> None:
    """The run is at rest with a complete package, nothing applying, no duplicate version,
    sound SQLite files, and the editor's request applied exactly once and kept in the log
    (``before``: the decisions the run had before the command)."""
    with open_run(root) as session:
        snapshot = session.state()
        values = snapshot.values
        actions = session.store.actions(DATE)
        stored_versions = session.store.versions(session.thread_id)
    at_rest = () if scenario.finished == "published" else ("editor_review",)
    assert snapshot.next == at_rest, f"not at rest: next {snapshot.next}"
    assert values.get("status") == scenario.finished, values.get("status")
    assert not [a.id for a in actions if a.status == "applying"], "an action left applying"
    check_package(root, values, published=scenario.finished == "published")
    check_no_duplicate_versions(values)
    assert len(stored_versions) == len(versions_of(values)), "the store's mirror lags the state"
    for path in sorted((root / "data").glob("*.sqlite")):
        assert integrity(path) == "ok", f"{path.name}: {integrity(path)}"
    if scenario.request is None or before is None:
        assert draft_version_of(values) == 1
        return
    same = [d for d in decisions_of(values) if d.same_request(scenario.request)]
    assert len(same) == 1, f"{scenario.name} applied {len(same)} times"
    assert len(decisions_of(values)) == before + 1, "another decision was taken"
    kept = [a for a in actions
            if EditorDecision.model_validate(a.decision).same_request(scenario.request)]
    assert kept and all(a.status == "applied" for a in kept if a.decision_id == same[0].id), \
        [(a.id, a.status) for a in kept]
    assert any(a.decision_id == same[0].id for a in kept), "the decision is not in the log"


def check_package(root: Path, values: DeskState, *, published: bool) -> None:
    """The package shows the run's last draft (and, once published, the final issue)."""
    package = root / "out" / DATE
    for name in (*PACKAGE_FILES, *(("final.md", "final.html") if published else ())):
        assert (package / name).is_file() and (package / name).stat().st_size > 0, name
    review = json.loads((package / "review.json").read_text(encoding="utf-8"))
    shown = [d["id"] for d in review["editor_decisions"]]
    drafted = decisions_of(values)[:-1] if published else decisions_of(values)
    assert shown == [d.id for d in drafted], "the package is not the current draft"
    for name in ("final.md",) if published else ("draft.md",):
        # Source-derived text is markdown-escaped (it cannot form links): read it back unescaped.
        text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", (package / name).read_text(encoding="utf-8"))
        for paragraph in values["essay"]["paragraphs"]:
            assert paragraph in text, f"{name} does not show the current essay"


def check_no_duplicate_versions(values: DeskState) -> None:
    keys = Counter((v.section, canonical_json(v.content), v.origin, v.decision_id)
                   for v in versions_of(values))
    repeated = [key[:1] + key[2:] for key, n in keys.items() if n > 1]
    assert not repeated, f"duplicate versions: {repeated}"
    numbers = Counter((v.section, v.version) for v in versions_of(values))
    assert all(n == 1 for n in numbers.values()), "two versions share a number"


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


# -- the matrix ----------------------------------------------------------------------------------
def points_for(scenario: Scenario, labels: Sequence[str], *, then_draft: bool) -> list[Point]:
    """A point per label; with ``then_draft``, editor commands are also recovered through ``desk
    draft`` at each point from the stored decision on (before it nothing is stored, and the
    draft has nothing to recover)."""
    points = [Point(scenario.name, label) for label in labels]
    if then_draft and scenario.request is not None and "action-stored" in labels:
        stored = list(labels).index("action-stored")
        points += [Point(scenario.name, label, then_draft=True) for label in labels[stored:]]
    return points


def run_points(points: Sequence[Point], templates: Templates, work: Path,
               workers: int) -> list[PointResult]:
    for name in {SCENARIOS[p.scenario].template for p in points}:
        templates.get(name)  # built once, before the workers share it
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda p: run_point(p, templates, work), points))


def tally(results: Sequence[PointResult]) -> str:
    """commands x point kinds x outcome, as a plain table."""
    rows: Counter[tuple[str, str, str]] = Counter(
        (r.point.scenario + (" (then draft)" if r.point.then_draft else ""), r.point.kind,
         r.outcome) for r in results)
    width = max([len(key[0]) for key in rows] + [8])
    lines = [f"{'command':<{width}}  {'point':<14} {'outcome':<20} {'n':>4}"]
    lines += [f"{c:<{width}}  {k:<14} {o:<20} {n:>4}" for (c, k, o), n in sorted(rows.items())]
    ok = sum(r.outcome == "recovered" for r in results)
    share = 100 * ok / max(len(results), 1)
    lines.append(f"total: {len(results)} kills, {ok} recovered ({share:.0f}%)")
    return "\n".join(lines)


KILL_PROPERTY = "kill_points"


class KillTally:
    """Records a test's kill results on its report (``record_property``) for the run's tally."""

    def __init__(self, record_property: Callable[[str, object], None]) -> None:
        self._record = record_property

    def extend(self, results: Sequence[PointResult]) -> None:
        self._record(KILL_PROPERTY, [(r.point.scenario, r.point.label, r.point.then_draft,
                                      r.outcome) for r in results])


def tally_of_reports(reports: Sequence[object]) -> str | None:
    """The tally of every kill result the run's test reports carry (None when there are none)."""
    results = [PointResult(Point(scenario, label, then_draft), outcome)
               for report in reports
               for name, value in getattr(report, "user_properties", ())
               if name == KILL_PROPERTY for scenario, label, then_draft, outcome in value]
    return tally(results) if results else None


def failures(results: Sequence[PointResult]) -> list[str]:
    return [f"{r.point}: {r.outcome}: {r.detail}" for r in results if r.outcome != "recovered"]


def work_dir(prefix: str = "desk-kills-") -> Path:
    return Path(tempfile.mkdtemp(prefix=prefix))

