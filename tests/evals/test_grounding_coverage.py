"""Grounding and coverage metrics on real archive days: invented figures and wrong-day essays
are caught; source selection is scored against the items the issue used."""

from __future__ import annotations

import pytest

from evals import controls
from evals.metrics import coverage, grounding
from evals.metrics.base import NEWS_KINDS
from tests.evals.helpers import candidate, claim

DATE = "2026-04-21"


def test_gold_is_grounded_and_the_wrong_day_essay_is_not(day_of, archive_days):
    day = day_of(DATE)
    gold = grounding.score(controls.gold(day), day)
    other = controls.wrong_day_source(archive_days, day)
    wrong = grounding.score(controls.wrong_day(day, other), day)
    assert gold["unsupported_numbers_strict"] <= 0.1 and gold["entity_precision"] >= 0.95
    assert wrong["unsupported_numbers_lenient"] > 0.5
    assert wrong["entity_precision"] < gold["entity_precision"] - 0.3
    assert wrong["claim_support_rate"] < gold["claim_support_rate"] - 0.5


def test_an_invented_figure_counts_as_unsupported(day_of):
    day = day_of(DATE)
    gold = controls.gold(day)
    paragraphs = list(gold.paragraphs)
    paragraphs[1] += " Fermi had raised $987 million before the exit."
    doctored = controls.essay_claims(paragraphs, day)
    before = grounding.score(gold, day)
    after = grounding.score(candidate(day, paragraphs, doctored, system="gold"), day)
    assert after["unsupported_numbers_lenient"] > before["unsupported_numbers_lenient"]
    assert after["unsupported_numbers_strict"] > before["unsupported_numbers_strict"]


def test_strict_needs_the_figure_in_the_cited_item_lenient_in_any_item(day_of):
    day = day_of(DATE)
    paragraphs = ["Amazon committed $100 billion to Anthropic."]
    text = paragraphs[0]
    right = [claim(0, text, paragraphs, sources=("wire-amazon-anthropic-100b",), kind="number")]
    wrong = [claim(0, text, paragraphs, sources=("wire-tesla-dojo-restart",), kind="number")]
    cited_right = grounding.score(candidate(day, paragraphs, right), day)
    cited_wrong = grounding.score(candidate(day, paragraphs, wrong), day)
    assert cited_right["unsupported_numbers_strict"] == 0.0
    assert cited_wrong["unsupported_numbers_strict"] == 1.0
    assert cited_wrong["unsupported_numbers_lenient"] == 0.0


def test_source_selection_precision_recall_f1(day_of):
    day = day_of(DATE)
    used = sorted(day.gold_news_ids)
    distractor = next(i.id for i in day.snapshot.items
                      if i.kind in NEWS_KINDS and not i.used_in_issue)
    paragraphs = ["Amazon and Apple moved today. Tesla restarted Dojo."]
    claims = [claim(0, "Amazon and Apple moved today.", paragraphs, sources=tuple(used[:2])),
              claim(0, "Tesla restarted Dojo.", paragraphs, sources=(distractor,))]
    scores = coverage.source_selection(candidate(day, paragraphs, claims), day)
    precision, recall = 2 / 3, 2 / len(used)
    assert scores["source_precision"] == pytest.approx(precision)
    assert scores["source_recall"] == pytest.approx(recall)
    assert scores["source_f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert coverage.source_selection(candidate(day, paragraphs, []), day)["source_f1"] == 0.0


def test_entity_recall_counts_the_published_essays_reachable_names(day_of):
    day = day_of(DATE)
    assert coverage.entity_recall(controls.gold(day), day) == 1.0
    half = list(day.published.lead_essay[:2])
    partial = coverage.entity_recall(candidate(day, half), day)
    nothing = coverage.entity_recall(candidate(day, ["Nothing named happens here."]), day)
    assert 0.0 < partial < 1.0 and nothing == 0.0


def test_rouge_l_drops_when_paragraphs_are_shuffled_but_rouge_1_does_not(day_of):
    day = day_of(DATE)
    shuffled = coverage.rouge(controls.shuffled(day), day)
    assert shuffled["rouge_1"] == pytest.approx(1.0)
    assert shuffled["rouge_l"] < 0.9


def test_rouge_l_matches_the_rouge_score_reference(day_of):
    from rouge_score.rouge_scorer import RougeScorer

    reference = RougeScorer(["rougeL"], use_stemmer=True)
    gold = "\n\n".join(day_of("2026-04-21").published.lead_essay)
    for other in ("2026-04-22", "2026-04-07"):
        text = "\n\n".join(day_of(other).published.lead_essay)
        assert coverage.rouge_l(gold, text) == pytest.approx(
            reference.score(gold, text)["rougeL"].fmeasure, abs=1e-12)
