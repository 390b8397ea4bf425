"""Fit the rubric's data-driven lint thresholds on published lead essays.

Every threshold a lint takes from the house's essays has one fitting rule here. The values
committed in ``prompts/rubric.toml`` are this fit on every published essay (a test checks it);
``evals.lint_sensitivity`` refits on three essays and tests on the fourth. The rules are
conservative on purpose: a lint that flags a published essay is wrong, while a miss still meets
the LLM critic. Margins therefore model how a *different day's* essay varies, not only how far
the essays in hand spread:

* ``sentence_length_profile``: a 330-word essay (the shortest legal one, so the noisiest profile)
  is a draw of house sentences; 4,000 bootstrap essays give the 0.1st and 99.9th percentiles of
  the mean and the 0.1st of the spread, rounded outward to a whole word.
* ``run_on_sentence``: the house's longest sentences follow an exponential tail above the 75th
  percentile of sentence length (peaks over threshold); ``max_words`` is the length a sentence
  exceeds with a 1 percent chance in a 35-sentence (700-word) essay, rounded up to a multiple
  of 5. (1.2 times the longest sentence seen, as in v1.0, would flag several percent of essays.)
* ``topic_sentence``: an opener is a pile of figures when it carries at least ``min_figures``
  and is more than twice as dense as the densest training sentence that carries as many
  (every house sentence may open a paragraph on another day).
* ``llm_tells``: twice the highest tell density of any run of 1-8 consecutive training
  sentences long enough to be a paragraph, and never below ``TELL_DENSITY_FLOOR``.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Callable, Sequence
from typing import Any

from agent.errors import DeskError
from agent.rubric.checks.generic import tell_density
from agent.rubric.checks.structure import figure_density
from agent.rubric.document import EssayDocument
from agent.rubric.rubric import LintRule, Rubric
from agent.text import word_count

BOOTSTRAP_ESSAYS = 4000
BOOTSTRAP_SEED = 20260424
PROFILE_QUANTILE = 0.001
TAIL_QUANTILE = 0.75
ESSAY_RISK = 0.01  # accepted chance that a published essay trips a fitted tail threshold
SENTENCES_PER_LONG_ESSAY = 35
FIGURE_DENSITY_MARGIN = 2.0
TELL_DENSITY_MARGIN = 2.0
TELL_DENSITY_FLOOR = 4.0  # three tells in a 75-word paragraph
MAX_WINDOW_SENTENCES = 8

Params = dict[str, Any]
Fitter = Callable[[Sequence[EssayDocument], Params, Rubric], Params]


class CalibrationError(DeskError):
    """The essays given cannot fit a threshold (none of them has the feature it measures)."""


def fit_sentence_profile(docs: Sequence[EssayDocument], params: Params, rubric: Rubric) -> Params:
    lengths = [s.words for doc in docs for s in doc.sentences]
    if len(lengths) < 2:
        raise CalibrationError("the sentence profile needs at least two sentences to fit")
    min_words = rubric.lint("word_count").params["min_words"]
    rng = random.Random(BOOTSTRAP_SEED)
    means, spreads = [], []
    for _ in range(BOOTSTRAP_ESSAYS):
        essay = _bootstrap_essay(lengths, min_words, rng)
        means.append(statistics.fmean(essay))
        spreads.append(statistics.stdev(essay))
    return {"min_mean": math.floor(_quantile(means, PROFILE_QUANTILE)),
            "max_mean": math.ceil(_quantile(means, 1 - PROFILE_QUANTILE)),
            "min_sd": math.floor(_quantile(spreads, PROFILE_QUANTILE))}


def _bootstrap_essay(lengths: list[int], min_words: int, rng: random.Random) -> list[int]:
    essay = [rng.choice(lengths), rng.choice(lengths)]
    while sum(essay) < min_words:
        essay.append(rng.choice(lengths))
    return essay


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[round(q * (len(ordered) - 1))]


def fit_run_on(docs: Sequence[EssayDocument], params: Params, rubric: Rubric) -> Params:
    lengths = sorted(s.words for doc in docs for s in doc.sentences)
    if len(lengths) < 4:
        raise CalibrationError("the run-on limit needs at least four sentences to fit")
    threshold = lengths[round(TAIL_QUANTILE * (len(lengths) - 1))]
    excesses = [length - threshold for length in lengths if length > threshold]
    if not excesses:
        raise CalibrationError("the training sentences have no tail to fit the run-on limit on")
    tail_share = len(excesses) / len(lengths)
    per_sentence = 1 - (1 - ESSAY_RISK) ** (1 / SENTENCES_PER_LONG_ESSAY)
    limit = threshold + statistics.fmean(excesses) * math.log(tail_share / per_sentence)
    return {"max_words": 5 * math.ceil(limit / 5)}


def fit_topic_figures(docs: Sequence[EssayDocument], params: Params, rubric: Rubric) -> Params:
    densities = [density for doc in docs for s in doc.sentences
                 for figures, density in [figure_density(s.text, s.words)]
                 if figures >= params["min_figures"]]
    if not densities:
        raise CalibrationError(f"no training sentence carries {params['min_figures']} figures")
    return {"max_figures_per_10_words": round(FIGURE_DENSITY_MARGIN * max(densities), 1)}


def fit_llm_tells(docs: Sequence[EssayDocument], params: Params, rubric: Rubric) -> Params:
    terms = tuple(params["terms"])
    densest = max((tell_density(run, terms)[1] for doc in docs
                   for run in sentence_runs(doc, params["min_words"])), default=0.0)
    threshold = max(TELL_DENSITY_FLOOR, TELL_DENSITY_MARGIN * densest)
    return {"min_per_100_words": math.ceil(10 * threshold) / 10}


def sentence_runs(doc: EssayDocument, min_words: int) -> list[str]:
    """Every run of 1-8 consecutive sentences (quotes blanked) of at least ``min_words`` words:
    the paragraphs another day's essay could have cut from the same prose."""
    own = [s.unquoted for s in doc.sentences]
    runs = (" ".join(own[start:start + size]) for size in range(1, MAX_WINDOW_SENTENCES + 1)
            for start in range(len(own) - size + 1))
    return [run for run in runs if word_count(run) >= min_words]


FITTERS: dict[str, Fitter] = {
    "sentence_length_profile": fit_sentence_profile,
    "run_on_sentence": fit_run_on,
    "topic_sentence": fit_topic_figures,
    "llm_tells": fit_llm_tells,
}


def fit_thresholds(rubric: Rubric, docs: Sequence[EssayDocument]) -> dict[str, Params]:
    """Lint id -> the fitted parameter values, for every lint with a fitting rule."""
    return {lint_id: fit(docs, rubric.lint(lint_id).params, rubric)
            for lint_id, fit in FITTERS.items()}


def refit(rubric: Rubric, docs: Sequence[EssayDocument]) -> Rubric:
    """``rubric`` with every fitted threshold replaced by its fit on ``docs``."""
    fitted = fit_thresholds(rubric, docs)
    lints = [_with_params(rule, fitted.get(rule.id, {})) for rule in rubric.lints]
    return rubric.model_copy(update={"lints": lints})


def _with_params(rule: LintRule, values: Params) -> LintRule:
    return rule.model_copy(update={"params": {**rule.params, **values}}) if values else rule
