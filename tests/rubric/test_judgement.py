"""validate_judgement: a critic's judgement counts only when it scores every criterion once."""

from __future__ import annotations

import pytest

from agent.rubric.judgement import reask_instruction, validate_judgement
from agent.rubric.rubric import load_rubric
from agent.schemas import CriterionScore, JudgeDecision


def _decision(scores: dict[str, int] | list[tuple[str, int]]) -> JudgeDecision:
    pairs = scores.items() if isinstance(scores, dict) else scores
    return JudgeDecision(criteria=[CriterionScore(id=i, reasons="because", score=s)
                                   for i, s in pairs])


@pytest.fixture
def rubric():
    return load_rubric()


@pytest.fixture
def ids(rubric):
    return [c.id for c in rubric.criteria]


def test_a_complete_judgement_has_no_errors(rubric, ids):
    assert validate_judgement(_decision({i: 4 for i in ids}), rubric) == []


def test_one_criterion_at_5_does_not_pass(rubric, ids):
    errors = validate_judgement(_decision({ids[0]: 5}), rubric)
    assert errors == [f"missing criterion {i!r}" for i in ids[1:]]


def test_unknown_and_duplicate_criteria_are_errors(rubric, ids):
    decision = _decision([*((i, 4) for i in ids), (ids[2], 5), ("vibes", 5)])
    errors = validate_judgement(decision, rubric)
    assert any(e.startswith("unknown criterion 'vibes'") for e in errors)
    assert f"criterion {ids[2]!r} is scored 2 times; score it once" in errors
    assert len(errors) == 2


def test_scores_outside_the_scale_are_errors_even_when_built_without_validation(rubric, ids):
    """A judgement assembled with model_construct (or another schema) skips pydantic's bounds."""
    scores = [CriterionScore.model_construct(id=i, reasons="r", score=4) for i in ids]
    scores[0] = CriterionScore.model_construct(id=ids[0], reasons="r", score=0)
    scores[1] = CriterionScore.model_construct(id=ids[1], reasons="r", score=6)
    errors = validate_judgement(JudgeDecision.model_construct(criteria=scores), rubric)
    assert errors == [f"criterion {ids[0]!r} has score 0; scores run 1-5",
                      f"criterion {ids[1]!r} has score 6; scores run 1-5"]


def test_the_reask_names_the_problems_and_every_criterion(rubric, ids):
    errors = validate_judgement(_decision({ids[0]: 5}), rubric)
    text = reask_instruction(errors, rubric)
    assert all(i in text for i in ids) and "exactly once" in text
    assert f"missing criterion {ids[1]!r}" in text
