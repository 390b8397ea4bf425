"""Tier-2 judges with a scripted critic: both orders, position bias neutralised, verdicts cached
by prompt hash and replayed without a key; a miss without a key is skipped."""

from __future__ import annotations

import pytest

from tests.scripted_llm import ScriptedLLM
from agent.llm.router import LLMRouter
from agent.schemas import CriterionScore, JudgeDecision
from tests.fakes import CRITERIA
from evals import controls
from evals.metrics import judges
from evals.metrics.judges import Judge, JudgeCache, JudgeCacheError, PairwiseVerdict

DATE = "2026-04-21"


def gold_aware(request, schema):
    """Prefers whichever essay is the published one, wherever it sits."""
    if schema is PairwiseVerdict:
        essay_a = request.user.split("<essay_a>")[1].split("</essay_a>")[0]
        winner = "A" if essay_a.strip().startswith("The real economy of AI") else "B"
        return PairwiseVerdict(reasoning="the published essay argues better", winner=winner)
    return JudgeDecision(criteria=[CriterionScore(id=c, reasons="r",
                                                  score=3 if c == "house_voice" else 4)
                                   for c in CRITERIA])


def always_a(request, schema):
    return PairwiseVerdict(reasoning="first one", winner="A")


def judge_with(reply, cache_path, count=3):
    model = ScriptedLLM([reply] * count)
    return Judge(JudgeCache(cache_path), LLMRouter({"critic": model})), model


def test_a_win_that_survives_the_swap_counts(day_of, tmp_path):
    day = day_of(DATE)
    judge, model = judge_with(gold_aware, tmp_path / "cache.jsonl")
    scores = judges.score(controls.shuffled(day), day, judge)
    assert scores["pairwise_vs_gold"] == 0.0  # gold won in both orders: a real loss
    assert scores["position_consistency"] == 1.0
    assert scores["rubric_judge"] == pytest.approx((6 * 4 + 3) / 7)
    pairwise = [r for r in model.requests if r.schema_name == "PairwiseVerdict"]
    assert len(pairwise) == 2 and pairwise[0].request.user != pairwise[1].request.user


def test_a_verdict_that_flips_with_the_order_is_a_tie(day_of, tmp_path):
    day = day_of(DATE)
    judge, _ = judge_with(always_a, tmp_path / "cache.jsonl", count=2)
    scores = judges.pairwise(controls.shuffled(day), day, judge)
    assert scores == {"pairwise_vs_gold": 0.5, "position_consistency": 0.0}


def test_verdicts_replay_from_the_cache_without_a_key(day_of, tmp_path):
    day = day_of(DATE)
    cache = tmp_path / "judge_cache.jsonl"
    judge, _ = judge_with(gold_aware, cache)
    first = judges.score(controls.shuffled(day), day, judge)
    assert judge.stats.calls == 3 and len(cache.read_text().splitlines()) == 3
    offline = Judge(JudgeCache(cache), router=None)
    replayed = judges.score(controls.shuffled(day), day, offline)
    assert replayed == first
    assert offline.stats.calls == 0 and offline.stats.cache_hits == 3
    entry = cache.read_text().splitlines()[0]
    assert '"model":"fake:scripted"' in entry.replace(" ", "")


def test_a_miss_without_a_key_is_skipped_not_failed(day_of, tmp_path):
    day = day_of(DATE)
    judge = Judge(JudgeCache(tmp_path / "absent.jsonl"), router=LLMRouter())
    scores = judges.score(controls.wrong_day(day, day_of("2026-04-22")), day, judge)
    assert set(scores.values()) == {None}
    assert judge.stats.skipped == 3 and not (tmp_path / "absent.jsonl").exists()
    assert judges.pairwise(controls.gold(day), day, judge)["pairwise_vs_gold"] is None


def test_the_gold_row_is_a_tie_with_itself_without_a_call(day_of, tmp_path):
    day = day_of(DATE)
    judge, model = judge_with(gold_aware, tmp_path / "cache.jsonl")
    assert judges.pairwise(controls.gold(day), day, judge)["pairwise_vs_gold"] == 0.5
    assert model.requests == []


def test_a_malformed_cache_line_is_a_clear_error(tmp_path):
    path = tmp_path / "judge_cache.jsonl"
    path.write_text('{"key": "abc"}\n')
    with pytest.raises(JudgeCacheError, match="line 1"):
        JudgeCache(path)
