"""``desk eval``: replay every archived day through the graph without the editor pause, score the
draft against the issue published that day, and score the controls beside it.

Offline the system under test is the baseline writer (the graph with no keys); with a model key
the graph runs twice per day, once with the configured models (``agent``, the system under test)
and once without (``baseline``). Each replay gets a throwaway data directory under the run
directory; the handoff packages are kept there under ``drafts/<system>/<date>/``. Days are
independent, so they replay and score in forked worker processes, one per core; the LLM judges
run afterwards in this process, which owns the judge cache.

Outputs go to ``<runs-dir>/<timestamp>/``: results.json, summary.md, scores.png (see
``evals.report``). The exit code is 1 only when the system under test fails a tier-0 gate (or its
replay raises) on some day.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import shutil
import sys
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from agent.errors import SnapshotError
from agent.llm.router import LLMRouter
from agent.paths import ARCHIVE_DIR, REPO_ROOT
from agent.schemas import Claim, LeadEssay, SectionEssay
from evals import controls, report
from evals.metrics import ALL_SPECS, coverage, division, grounding, judges, voice
from evals.metrics.base import Candidate, EvalDay, SystemName
from evals.metrics.gates import failed, run_gates
from evals.metrics.judges import DEFAULT_CACHE_PATH, Judge, JudgeCache
from evals.metrics.results import (
    CandidateResult,
    DayResult,
    EvalResults,
    ReplayFailure,
    summarise,
)
from evals.metrics.voice import VoiceReference

DEFAULT_RUNS_DIR = REPO_ROOT / "evals" / "runs"
MODEL_KEY_ENV = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY")
"""The keys that select a model family (agent.llm.factory); read here by name so an offline run
never imports the provider SDKs."""
_CLAIMS = TypeAdapter(list[Claim])

Progress = Callable[[str], None]


@dataclass(kw_only=True)
class EvalOptions:
    archive: Path = ARCHIVE_DIR
    runs_dir: Path = DEFAULT_RUNS_DIR
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    judge_cache: Path = DEFAULT_CACHE_PATH
    judge_router: LLMRouter | None = None
    """The judges' router; None builds one from ``env`` when a key is present."""
    workers: int | None = None
    """Days replayed in parallel (forked processes); None = one per CPU core."""
    agent_router: Callable[[dt.date], LLMRouter] | None = None
    """Builds the agent's router per day instead of reading keys from ``env`` (tests, benches);
    injected routers live in this process, so the days then replay in order."""
    progress: Progress = lambda message: None  # noqa: E731


def run_eval(options: EvalOptions) -> tuple[EvalResults, Path]:
    """Replay, score, compare with the previous run, and write the run directory."""
    started, started_at = time.perf_counter(), dt.datetime.now(dt.UTC)
    days = load_days(options.archive)
    run_dir = new_run_dir(options.runs_dir, started_at)
    with_agent = options.agent_router is not None or has_model_key(options.env)
    systems: tuple[SystemName, ...] = ("agent", "baseline") if with_agent else ("baseline",)
    reference = VoiceReference.from_days(days)
    jobs = [DayJob(day=day, other=controls.wrong_day_source(days, day), systems=systems,
                   archive=options.archive, env=dict(options.env), run_dir=run_dir,
                   reference=reference, agent_router=options.agent_router) for day in days]
    try:
        work = run_jobs(jobs, options)
    finally:
        shutil.rmtree(run_dir / "work", ignore_errors=True)
    judge = Judge(JudgeCache(options.judge_cache),
                  options.judge_router or judge_router(options.env))
    day_results = [with_judges(job, done, judge) for job, done in zip(jobs, work, strict=True)]
    metrics = summarise(ALL_SPECS, day_results)
    sut = systems[0]
    results = EvalResults(
        run_id=run_dir.name, started_at=started_at, archive=str(options.archive),
        system_under_test=sut, elapsed_s=round(time.perf_counter() - started, 3),
        days=day_results, metrics=metrics,
        validity={name: s.validity for name, s in metrics.items() if not s.spec.diagnostic},
        tier0_failures=tier0_failures(day_results, sut), judge=judge.stats)
    previous = report.load_previous(options.runs_dir, exclude=run_dir)
    if previous is not None:
        results = results.model_copy(update={"comparison": report.compare(previous, results)})
    report.write_outputs(results, run_dir)
    return results, run_dir


def load_days(archive: Path) -> list[EvalDay]:
    """Every ``<date>/snapshot.json`` of the archive; each must carry its published issue."""
    from agent.sources.snapshots import SNAPSHOT_FILE, archive_days, load_snapshot

    days = []
    for date in archive_days(archive):
        path = archive / date.isoformat() / SNAPSHOT_FILE
        snapshot = load_snapshot(path)
        if snapshot.published is None:
            raise SnapshotError(f"archive day {path} has no published issue to score against")
        days.append(EvalDay(snapshot=snapshot, path=path))
    if not days:
        raise SnapshotError(f"no archive days (<date>/{SNAPSHOT_FILE}) under {archive}")
    return days


def new_run_dir(runs_dir: Path, started_at: dt.datetime) -> Path:
    stamp = started_at.strftime("%Y%m%dT%H%M%SZ")
    candidate, suffix = runs_dir / stamp, 1
    while candidate.exists():
        suffix += 1
        candidate = runs_dir / f"{stamp}-{suffix}"
    candidate.mkdir(parents=True)
    return candidate


def has_model_key(env: Mapping[str, str]) -> bool:
    return any(env.get(name) for name in MODEL_KEY_ENV)


def judge_router(env: Mapping[str, str]) -> LLMRouter | None:
    if not has_model_key(env):
        return None
    from agent.llm.factory import build_router
    from agent.persistence.ledger import MemoryLedger

    return build_router(overrides=[], env=env, ledger=MemoryLedger(), run_id="eval-judges")


# -- one day: replay and offline scoring (runs in a worker process) --------------------------


@dataclass(frozen=True)
class DayJob:
    """Everything one day needs; picklable, so days can run in parallel processes."""

    day: EvalDay
    other: EvalDay | None
    systems: tuple[SystemName, ...]
    archive: Path
    env: dict[str, str]
    run_dir: Path
    reference: VoiceReference
    agent_router: Callable[[dt.date], LLMRouter] | None = None

    def router_for(self, system: SystemName) -> LLMRouter | None:
        """The baseline has no models; the agent's come from the factory or the environment."""
        if system == "baseline":
            return LLMRouter()
        return self.agent_router(self.day.date) if self.agent_router is not None else None


@dataclass(frozen=True)
class DayWork:
    candidates: list[Candidate]
    results: dict[SystemName, CandidateResult]
    """Tier 0 and tier 1 only: the judges run in the parent, which owns the cache."""
    failures: list[ReplayFailure]
    seconds: float


def run_jobs(jobs: Sequence[DayJob], options: EvalOptions) -> list[DayWork]:
    """Days in parallel (forked workers, one per core) or in order; results in day order."""
    workers = min(len(jobs), options.workers or os.cpu_count() or 1)
    if options.agent_router is not None:
        workers = 1
    for job in jobs:
        options.progress(f"replaying and scoring {job.day.date} ({', '.join(job.systems)})")
    if workers <= 1:
        return [report_done(run_day(job), job, options.progress) for job in jobs]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        done = list(pool.map(run_day, jobs))
    return [report_done(work, job, options.progress) for work, job in zip(done, jobs, strict=True)]


def report_done(work: DayWork, job: DayJob, progress: Progress) -> DayWork:
    progress(f"{job.day.date} done in {work.seconds:.1f}s")
    return work


def run_day(job: DayJob) -> DayWork:
    started = time.perf_counter()
    candidates: list[Candidate] = []
    failures: list[ReplayFailure] = []
    for system in job.systems:
        try:
            candidates.append(replay_day(job, system))
        except Exception as error:  # recorded as a tier-0 failure; the other days still run
            traceback.print_exc(file=sys.stderr)
            failures.append(ReplayFailure(date=job.day.date, system=system,
                                          error_type=type(error).__name__, message=str(error)))
    candidates += [controls.gold(job.day), controls.shuffled(job.day)]
    if job.other is not None:
        candidates.append(controls.wrong_day(job.day, job.other))
    results = {c.system: score_offline(c, job.day, job.reference) for c in candidates}
    return DayWork(candidates=candidates, results=results, failures=failures,
                   seconds=time.perf_counter() - started)


def replay_day(job: DayJob, system: SystemName) -> Candidate:
    """The graph on the day's snapshot, no editor pause; checkpoints in a throwaway directory."""
    from agent.session import DeskSession

    date = job.day.date.isoformat()
    out_dir = job.run_dir / "drafts" / system
    payload = {"date": date, "source": {"kind": "snapshot", "path": str(job.day.path)},
               "review": False}
    # Replays are throwaway: never write them into a shared store (DESK_DATABASE_URL).
    env = {k: v for k, v in job.env.items() if k != "DESK_DATABASE_URL"}
    with DeskSession(date=date, data_dir=job.run_dir / "work" / system / date, out_dir=out_dir,
                     router=job.router_for(system), env=env, published_dir=job.archive,
                     fresh=True) as session:
        values = session.run(payload).values
    return candidate_from_package(system, job.day, values, out_dir / date)


def candidate_from_package(system: SystemName, day: EvalDay, values: Mapping[str, Any],
                           package: Path) -> Candidate:
    """The draft as the editor would receive it: the essay and sections from the final state,
    claims and markdown from the handoff package on disk."""
    essay = LeadEssay.model_validate(values["essay"])
    sections = {name: SectionEssay.model_validate(s)
                for name, s in dict(values.get("sections") or {}).items()}
    claims, problem = read_claims(package / "claims.json")
    return Candidate(system=system, date=day.date, text_date=day.date,
                     paragraphs=list(essay.paragraphs), byline=essay.byline, claims=claims,
                     sections=sections, markdown=(package / "draft.md").read_text("utf-8"),
                     claims_error=problem)


def read_claims(path: Path) -> tuple[list[Claim], str | None]:
    """claims.json as written by the package step, or the reason it is not a valid ledger."""
    try:
        payload = json.loads(path.read_text("utf-8"))
        return _CLAIMS.validate_python(payload["claims"]), None
    except OSError as error:
        return [], f"cannot read {path.name}: {error.strerror}"
    except json.JSONDecodeError as error:
        return [], f"{path.name} is not JSON: {error.msg} at line {error.lineno}"
    except (KeyError, TypeError):
        return [], f"{path.name} has no 'claims' list"
    except ValidationError as error:
        return [], f"{path.name} does not validate: {error.error_count()} problem(s)"


def score_offline(candidate: Candidate, day: EvalDay, reference: VoiceReference) -> CandidateResult:
    metrics = {**grounding.score(candidate, day), **coverage.score(candidate, day),
               **division.score(candidate, day), **voice.score(candidate, day, reference)}
    return CandidateResult(system=candidate.system, text_date=candidate.text_date,
                           metrics=metrics, gates=run_gates(candidate, day))


# -- in the parent: judges, tier-0 verdict ----------------------------------------------------


def with_judges(job: DayJob, work: DayWork, judge: Judge) -> DayResult:
    systems: dict[str, CandidateResult] = {}
    for candidate in work.candidates:
        offline = work.results[candidate.system]
        extra = judges.score(candidate, job.day, judge)
        metrics = {**offline.metrics, **extra}
        systems[candidate.system] = offline.model_copy(update={"metrics": metrics})
    return DayResult(date=job.day.date, wrong_day_source=job.other.date if job.other else None,
                     systems=systems, replay_failures=work.failures)


def tier0_failures(days: Sequence[DayResult], system: SystemName) -> list[str]:
    lines = [f"{f.date} {system}: replay raised {f.error_type}: {f.message}"
             for day in days for f in day.replay_failures if f.system == system]
    for day in days:
        result = day.systems.get(system)
        if result is not None:
            lines += [f"{day.date} {system}: {g.name} failed ({g.detail})"
                      for g in failed(result.gates)]
    return lines
