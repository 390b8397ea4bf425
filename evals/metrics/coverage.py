"""Tier 1 coverage against the published issue.

* ``source_precision`` / ``source_recall`` / ``source_f1``: the news items (wire and lab) that the
  essay's claims cite, against the news items the published issue used (``used_in_issue``). News
  only, because those are the stories the essay chooses; the tables (papers, benchmarks,
  trending) are chosen by the section desks, and counting them would let one table swamp the
  essay's choices. The gold row is the issue against itself: its score measures only how well
  the deterministic attributor finds the items the issue used, i.e. the ceiling.
* ``entity_recall``: share of the published essay's reachable entities (those the inputs contain)
  that the essay mentions.
* ``rouge_1`` / ``rouge_2`` / ``rouge_l`` (F-measure, stemmed): trend lines only. Against another
  human essay they measure topic overlap, not quality.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from evals.metrics.base import NEWS_KINDS, Candidate, EvalDay, MetricSpec, MetricValues, rate

if TYPE_CHECKING:
    from rouge_score.rouge_scorer import RougeScorer
    from rouge_score.tokenizers import DefaultTokenizer

SPECS: tuple[MetricSpec, ...] = (
    MetricSpec(name="source_precision", family="coverage", tier=1, higher_is_better=True,
               reference="gold",
               must_beat=("baseline", "wrong_day"),
               description="Cited news items the issue also used (share of cited)."),
    MetricSpec(name="source_recall", family="coverage", tier=1, higher_is_better=True,
               reference="gold",
               must_beat=("baseline", "wrong_day"),
               description="News items the issue used that the essay cites (share)."),
    MetricSpec(name="source_f1", reference="gold", family="coverage", tier=1, higher_is_better=True,
               must_beat=("baseline", "wrong_day"),
               description="F1 of cited vs used news items."),
    MetricSpec(name="entity_recall", family="coverage", tier=1, higher_is_better=True,
               reference="gold",
               must_beat=("baseline", "wrong_day"),
               description="Reachable entities of the published essay that the essay names."),
    MetricSpec(name="rouge_1", reference="gold", family="coverage", tier=1, higher_is_better=True,
               must_beat=("baseline", "wrong_day"), trend_only=True,
               description="ROUGE-1 F vs the published essay (trend only)."),
    MetricSpec(name="rouge_2", reference="gold", family="coverage", tier=1, higher_is_better=True,
               must_beat=("baseline", "wrong_day"), trend_only=True,
               description="ROUGE-2 F vs the published essay (trend only)."),
    MetricSpec(name="rouge_l", reference="gold", family="coverage", tier=1, higher_is_better=True,
               must_beat=("baseline", "wrong_day"), trend_only=True,
               description="ROUGE-L F vs the published essay (trend only)."),
)


def score(candidate: Candidate, day: EvalDay) -> MetricValues:
    values: MetricValues = {**source_selection(candidate, day),
                            "entity_recall": entity_recall(candidate, day)}
    values.update(rouge(candidate, day))
    return values


def cited_news_ids(candidate: Candidate, day: EvalDay) -> set[str]:
    return {source.item_id for claim in candidate.essay_claims for source in claim.sources
            if day.kinds.get(source.item_id) in NEWS_KINDS}


def source_selection(candidate: Candidate, day: EvalDay) -> MetricValues:
    cited, gold = cited_news_ids(candidate, day), day.gold_news_ids
    hits = len(cited & gold)
    precision, recall = rate(hits, len(cited)), rate(hits, len(gold))
    f1 = (2 * precision * recall / (precision + recall)
          if precision and recall else (0.0 if recall is not None else None))
    return {"source_precision": precision, "source_recall": recall, "source_f1": f1}


def entity_recall(candidate: Candidate, day: EvalDay) -> float | None:
    from agent.claims.entities import entity_present, normalize_name

    text = normalize_name(candidate.text)
    gold = day.gold_entities
    return rate(sum(entity_present(entity, text) for entity in gold), len(gold))


@lru_cache(maxsize=1)
def _scorer() -> RougeScorer:
    from rouge_score.rouge_scorer import RougeScorer

    return RougeScorer(["rouge1", "rouge2"], use_stemmer=True)


@lru_cache(maxsize=1)
def _tokenizer() -> DefaultTokenizer:
    from rouge_score.tokenizers import DefaultTokenizer

    return DefaultTokenizer(use_stemmer=True)


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokenizer().tokenize(text))


def rouge(candidate: Candidate, day: EvalDay) -> MetricValues:
    gold = "\n\n".join(day.published.lead_essay)
    scores = _scorer().score(gold, candidate.text)
    return {"rouge_1": scores["rouge1"].fmeasure, "rouge_2": scores["rouge2"].fmeasure,
            "rouge_l": rouge_l(gold, candidate.text)}


def rouge_l(target: str, prediction: str) -> float:
    """ROUGE-L F-measure exactly as ``rouge_score`` defines it (same stemmed tokens, LCS over the
    whole token sequence), with the LCS computed by rapidfuzz in C++ instead of rouge_score's
    pure-Python table: the table dominated the eval's scoring time."""
    from rapidfuzz.distance import LCSseq

    reference, produced = _tokens(target), _tokens(prediction)
    if not reference or not produced:
        return 0.0
    common = LCSseq.similarity(reference, produced)
    precision, recall = common / len(produced), common / len(reference)
    return 2 * precision * recall / (precision + recall) if common else 0.0
