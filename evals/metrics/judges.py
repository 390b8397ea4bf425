"""Tier 2: LLM judges, replayable without a key.

* ``rubric_judge``: the rubric's anchored 1-5 criteria (``prompts/rubric.toml``), judged with the
  product's own critique prompt; the score is the mean over criteria.
* ``pairwise_vs_gold``: the essay against the issue published that day, anonymised as A/B and
  asked in **both orders**. Only a verdict that survives the swap counts; a verdict that flips
  with the order is a tie. 1 = win, 0.5 = tie, 0 = loss. The gold row is a tie with itself by
  construction (no call is made).
* ``position_consistency``: 1 when the two orders agreed, else 0 (about the judge, not the draft).

Every answer is cached in a JSONL file keyed by the sha256 of the prompt (system blocks, user
turn, schema, token limit, ``JUDGE_VERSION``), so a later run without a key replays it. A cache
miss without a key is *skipped* (``None``), never a failure. The judge uses the ``critic`` role,
which ``config/models.toml`` puts on a different family from the writer when both keys exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError

from agent.errors import DeskError
from agent.llm.base import LLMRequest, PromptBlock, Role
from agent.llm.router import LLMRouter
from agent.paths import REPO_ROOT
from evals.metrics.base import Candidate, EvalDay, Frozen, MetricSpec, MetricValues

JUDGE_VERSION = "1"
"""Bump to invalidate every cached verdict (the prompt hash already covers prompt changes)."""
DEFAULT_CACHE_PATH = REPO_ROOT / "evals" / "judge_cache.jsonl"
PROMPTS_DIR = Path(__file__).resolve().parent / "prompts"
JUDGE_ROLE: Role = "critic"
RECENT_ISSUES = 3
T = TypeVar("T", bound=BaseModel)
JudgeKind = Literal["rubric", "pairwise"]

SPECS: tuple[MetricSpec, ...] = (
    MetricSpec(name="rubric_judge", reference="free", family="judge", tier=2, higher_is_better=True,
               must_beat=("baseline", "shuffled"),
               description="LLM rubric judge: mean of the anchored 1-5 criteria."),
    MetricSpec(name="pairwise_vs_gold", family="judge", tier=2, higher_is_better=True,
               reference="gold",
               must_beat=("baseline", "shuffled", "wrong_day"),
               description="Pairwise vs the published issue, both orders "
                           "(1 win, 0.5 tie, 0 loss)."),
    MetricSpec(name="position_consistency", family="judge", tier=2, higher_is_better=True,
               reference="gold",
               must_beat=(), diagnostic=True,
               description="Pairwise verdict unchanged when the essays swap places."),
)


class JudgeCacheError(DeskError):
    """The judge cache file cannot be read."""


class PairwiseVerdict(BaseModel):
    """The pairwise judge's answer: reasons first, then the verdict."""

    reasoning: str = Field(description="Compare the essays on the criteria before deciding.")
    winner: Literal["A", "B", "tie"]


class CacheEntry(Frozen):
    key: str
    kind: JudgeKind
    model: str = Field(description="provider:model that produced the response.")
    judge_version: str
    response: dict[str, Any]
    created_at: dt.datetime


class JudgeStats(BaseModel):
    calls: int = 0
    cache_hits: int = 0
    skipped: int = 0


class JudgeCache:
    """Append-only JSONL of judge responses, loaded once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries = self._load()

    def __len__(self) -> int:
        return len(self._entries)

    def _load(self) -> dict[str, CacheEntry]:
        if not self.path.exists():
            return {}
        entries = {}
        for number, line in enumerate(self.path.read_text("utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = CacheEntry.model_validate_json(line)
            except ValidationError as error:
                raise JudgeCacheError(f"judge cache {self.path} line {number} is malformed: "
                                      f"{error.errors()[0]['msg']}") from None
            entries[entry.key] = entry
        return entries

    def get(self, key: str) -> CacheEntry | None:
        return self._entries.get(key)

    def put(self, entry: CacheEntry) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(entry.model_dump_json() + "\n")
        self._entries[entry.key] = entry


def request_key(request: LLMRequest, schema: type[BaseModel]) -> str:
    payload = {"judge_version": JUDGE_VERSION, "schema": schema.__name__,
               "system": [block.text for block in request.system], "user": request.user,
               "max_tokens": request.max_tokens}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class Judge:
    """Asks the critic model through the cache; without a model, replays or skips."""

    def __init__(self, cache: JudgeCache, router: LLMRouter | None = None) -> None:
        self.cache = cache
        self.router = router if router is not None and router.has(JUDGE_ROLE) else None
        self.stats = JudgeStats()

    @property
    def enabled(self) -> bool:
        """A model is configured, or earlier verdicts can be replayed."""
        return self.router is not None or len(self.cache) > 0

    def ask(self, kind: JudgeKind, request: LLMRequest, schema: type[T]) -> T | None:
        key = request_key(request, schema)
        entry = self.cache.get(key)
        if entry is not None:
            self.stats.cache_hits += 1
            return schema.model_validate(entry.response)
        if self.router is None:
            self.stats.skipped += 1
            return None
        parsed = self.router.call(request, schema)
        self.stats.calls += 1
        self.cache.put(CacheEntry(
            key=key, kind=kind, model=self.router.model_id(JUDGE_ROLE),
            judge_version=JUDGE_VERSION, response=parsed.model_dump(mode="json"),
            created_at=dt.datetime.now(dt.UTC)))
        return parsed


def score(candidate: Candidate, day: EvalDay, judge: Judge) -> MetricValues:
    values: MetricValues = {"rubric_judge": rubric_judge(candidate, day, judge)}
    values.update(pairwise(candidate, day, judge))
    return values


def rubric_judge(candidate: Candidate, day: EvalDay, judge: Judge) -> float | None:
    """Mean of the criteria; a judgement that does not score every criterion exactly once is
    asked again (the product's own validating schema), never averaged."""
    from agent.rubric.rubric import load_rubric
    from agent.writing.judge import judgement_schema

    decision = judge.ask("rubric", rubric_request(candidate, day),
                         judgement_schema(load_rubric()))
    if decision is None:
        return None
    return sum(c.score for c in decision.criteria) / len(decision.criteria)


def rubric_request(candidate: Candidate, day: EvalDay) -> LLMRequest:
    """The product's critique prompt; its recent issues are chosen by the one rule every prompt
    of a day obeys (``issues_before``: published before the day), from the archive, without the
    essay under judgement (a wrong-day control's own issue)."""
    from agent.llm.prompting import data_block, read_prompt, render
    from agent.rubric.rubric import load_rubric
    from agent.rubric.signals import judge_signals, signals_text
    from agent.sources.published import issues_before

    criteria = "\n\n".join(
        f"[{c.id}] {c.name}: {c.question}\n"
        + "\n".join(f"  {k}: {v}" for k, v in c.anchors.items())
        for c in load_rubric().criteria)
    archive = day.path.parent.parent
    recent = [issue for issue in issues_before((archive,), day.date, RECENT_ISSUES + 1)
              if issue["date"] != candidate.text_date.isoformat()][:RECENT_ISSUES]
    openings = "\n".join(f"- {i['date']}: {i['lead_essay'][0][:300]}" for i in recent)
    return LLMRequest(
        role=JUDGE_ROLE, node="eval_rubric_judge",
        system=[PromptBlock(text=read_prompt("house_style.md")),
                PromptBlock(text=f"Rubric criteria (score each 1-5):\n{criteria}", cache=True)],
        user=render("critique.md", essay=candidate.text, recent=openings or "(none)",
                    data=data_block(day.unlabelled.items),
                    signals=signals_text(judge_signals(list(candidate.paragraphs)))),
        max_tokens=2000,
    )


def pairwise(candidate: Candidate, day: EvalDay, judge: Judge) -> MetricValues:
    if candidate.system == "gold":
        return {"pairwise_vs_gold": 0.5 if judge.enabled else None, "position_consistency": None}
    gold = "\n\n".join(day.published.lead_essay)
    first = judge.ask("pairwise", pairwise_request(candidate.text, gold, day), PairwiseVerdict)
    second = judge.ask("pairwise", pairwise_request(gold, candidate.text, day), PairwiseVerdict)
    if first is None or second is None:
        return {"pairwise_vs_gold": None, "position_consistency": None}
    as_a = {"A": 1.0, "B": 0.0, "tie": 0.5}[first.winner]
    as_b = {"A": 0.0, "B": 1.0, "tie": 0.5}[second.winner]
    consistent = as_a == as_b
    return {"pairwise_vs_gold": as_a if consistent else 0.5,
            "position_consistency": 1.0 if consistent else 0.0}


def pairwise_request(essay_a: str, essay_b: str, day: EvalDay) -> LLMRequest:
    from agent.llm.prompting import escape_data, read_prompt, render

    headlines = "\n".join(f"- [{item.kind}] {escape_data(item.title)}"
                          for item in day.unlabelled.items)
    return LLMRequest(
        role=JUDGE_ROLE, node="eval_pairwise_judge",
        system=[PromptBlock(text=read_prompt("house_style.md"), cache=True)],
        user=render("pairwise.md", PROMPTS_DIR, date=day.date.strftime("%B %-d, %Y"),
                    essay_a=essay_a, essay_b=essay_b, headlines=headlines),
        max_tokens=1200,
    )
