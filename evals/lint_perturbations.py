"""Plausible other-day house essays: variants of the published essays that every lint must pass.

Four published essays cannot show everything a fifth may do, so each essay is reshaped the ways a
different day's essay plausibly differs, keeping the house's own sentences:

* ``one_paragraph`` / ``five_paragraphs``: the legal extremes of paragraph count.
* ``min_length`` / ``max_length``: cut to about 330 words, or filled to about 700 with the other
  essays' paragraphs and sentences.
* ``heavy_figures``: three benchmark and money sentences in the house's style added to the body.
* ``with_quotes``: reported speech, including first person, a hype word, an exclamation and a
  question inside the quotation marks.
* ``meanwhile_openers``: every "Meanwhile," sentence opens its own paragraph (the house opened
  04-22 with one).
* ``opener_<n>``: house sentence n (any that is not already an opener) opens a paragraph.
* ``recut_<n>``: the essay's sentences cut into 1-5 paragraphs at random boundaries, so any run
  of consecutive house sentences may be a paragraph.

A reshaping that would exceed the paragraph limit (possible for an essay that already has five)
is left out: it is not a legal essay.

The published essays hold no section essays (the flattened pages lost the AI Labs and From the
Wire bodies), so the section writer's paragraphs cannot be added here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from agent.text import word_count
from evals.lint_variants import (
    DEFAULT_SEED, Variant, insert_sentence, sentences_of, split_until,
)
from evals.published_essays import PublishedEssay

RECUTS_PER_ESSAY = 12

FIGURE_SENTENCES = (
    "Claude Opus 4.7 leads the Intelligence Index at 57.3, a tenth of a point ahead of Gemini 3.1 "
    "Pro Preview, yet costs $10.00 per million tokens against $4.50.",
    "GLM-5 sits at 62.8 percent on SWE-rebench, 2.5 points behind Claude Opus 4.6 at 65.3 "
    "percent, at a fraction of the price.",
    "Meta's $135 billion, Microsoft's $140 billion and Amazon's $100 billion add up to $375 "
    "billion of capital spending in a single year.",
)
QUOTE_SENTENCES = (
    'Sam Altman called Mythos "fear-based marketing," and Anthropic replied that "we are not '
    'going to ship it broadly."',
    '"We are sold out. We will be sold out next year too," Jensen Huang told analysts, calling '
    'demand "incredible!"',
    'One analyst asked, "Who pays for the power?"',
)


@dataclass(frozen=True)
class Reshape:
    name: str
    apply: Callable[[PublishedEssay, list[PublishedEssay], random.Random, dict[str, dict]],
                    list[str]]


def _sentence_lists(essay: PublishedEssay) -> list[list[str]]:
    return [sentences_of(paragraph) for paragraph in essay.paragraphs]


def _min_length(essay: PublishedEssay, others: list[PublishedEssay], rng: random.Random,
                params: dict[str, dict]) -> list[str]:
    """Whole leading sentences until the essay reaches the minimum length."""
    floor, kept, total = params["word_count"]["min_words"], [], 0
    for sentences in _sentence_lists(essay):
        taken = []
        for sentence in sentences:
            if total >= floor:
                break
            taken.append(sentence)
            total += word_count(sentence)
        if taken:
            kept.append(" ".join(taken))
    return kept


def _max_length(essay: PublishedEssay, others: list[PublishedEssay], rng: random.Random,
                params: dict[str, dict]) -> list[str]:
    """Other essays' later paragraphs, then their sentences, up to the maximum length."""
    ceiling = params["word_count"]["max_words"]
    slots = params["paragraph_count"]["max_paragraphs"]
    out = list(essay.paragraphs)
    for paragraph in (p for other in others for p in other.paragraphs[1:]):
        if len(out) < slots and word_count(" ".join(out)) + word_count(paragraph) <= ceiling:
            out.append(paragraph)
    for sentence in (s for other in others for p in other.paragraphs for s in sentences_of(p)):
        if word_count(" ".join(out)) + word_count(sentence) <= ceiling:
            out[-1] = f"{out[-1]} {sentence}"
    return out


def _inserted(sentences: tuple[str, ...]) -> Callable[..., list[str]]:
    """Insert ``sentences`` in body positions; past the maximum length, drop other body
    sentences (never a paragraph's first) until the essay fits again."""
    def apply(essay: PublishedEssay, others: list[PublishedEssay], rng: random.Random,
              params: dict[str, dict]) -> list[str]:
        paragraphs = list(essay.paragraphs)
        for sentence in sentences:
            paragraphs = insert_sentence(paragraphs, rng, sentence)
        return _fit_length(paragraphs, set(sentences), params["word_count"]["max_words"], rng)
    return apply


def _fit_length(paragraphs: list[str], keep: set[str], max_words: int,
                rng: random.Random) -> list[str]:
    lists = [sentences_of(p) for p in paragraphs]
    while sum(word_count(s) for sentences in lists for s in sentences) > max_words:
        body = [(p, i) for p, sentences in enumerate(lists) for i in range(1, len(sentences))
                if sentences[i] not in keep]
        p, i = rng.choice(body)
        del lists[p][i]
    return [" ".join(sentences) for sentences in lists]


def _meanwhile_openers(essay: PublishedEssay, others: list[PublishedEssay], rng: random.Random,
                       params: dict[str, dict]) -> list[str]:
    out: list[str] = []
    for sentences in _sentence_lists(essay):
        current: list[str] = []
        for sentence in sentences:
            if sentence.startswith("Meanwhile") and current:
                out.append(" ".join(current))
                current = []
            current.append(sentence)
        out.append(" ".join(current))
    if len(out) == len(essay.paragraphs) and len(out) > 1:  # no Meanwhile to promote: add one
        out[-1] = "Meanwhile, " + out[-1][0].lower() + out[-1][1:]
    return out


RESHAPES: tuple[Reshape, ...] = (
    Reshape("one_paragraph", lambda e, o, rng, p: [" ".join(e.paragraphs)]),
    Reshape("five_paragraphs", lambda e, o, rng, p: split_until(
        list(e.paragraphs), p["paragraph_count"]["max_paragraphs"] - 1)),
    Reshape("min_length", _min_length),
    Reshape("max_length", _max_length),
    Reshape("heavy_figures", _inserted(FIGURE_SENTENCES)),
    Reshape("with_quotes", _inserted(QUOTE_SENTENCES)),
    Reshape("meanwhile_openers", _meanwhile_openers),
)


def _openers(essay: PublishedEssay) -> list[tuple[str, list[str]]]:
    """For each sentence that does not open a paragraph: the essay re-cut to open one with it."""
    variants, number = [], 0
    lists = _sentence_lists(essay)
    for index, sentences in enumerate(lists):
        for cut in range(1, len(sentences)):
            number += 1
            split = [" ".join(sentences[:cut]), " ".join(sentences[cut:])]
            variants.append((f"opener_{number}", [*essay.paragraphs[:index], *split,
                                                  *essay.paragraphs[index + 1:]]))
    return variants


def _recuts(essay: PublishedEssay, rng: random.Random, max_paragraphs: int) -> list[list[str]]:
    sentences = [s for p in essay.paragraphs for s in sentences_of(p)]
    recuts = []
    for _ in range(RECUTS_PER_ESSAY):
        count = rng.randint(1, min(max_paragraphs, len(sentences)))
        cuts = sorted(rng.sample(range(1, len(sentences)), count - 1))
        bounds = [0, *cuts, len(sentences)]
        recuts.append([" ".join(sentences[a:b]) for a, b in zip(bounds, bounds[1:])])
    return recuts


def perturb(essay: PublishedEssay, others: list[PublishedEssay], params: dict[str, dict],
            seed: int = DEFAULT_SEED) -> list[Variant]:
    """Every plausible other-day reshaping of ``essay``; none may trigger any lint."""
    shaped = [(r.name, r.apply(essay, others, random.Random(f"{seed}|{r.name}|{essay.date}"),
                               params)) for r in RESHAPES]
    shaped += _openers(essay)
    rng = random.Random(f"{seed}|recut|{essay.date}")
    max_paragraphs = params["paragraph_count"]["max_paragraphs"]
    shaped += [(f"recut_{n}", paragraphs)
               for n, paragraphs in enumerate(_recuts(essay, rng, max_paragraphs), start=1)]
    return [Variant(name=f"{name}@{essay.date}", date=essay.date, corruption=name, expected=[],
                    paragraphs=paragraphs, byline=essay.byline)
            for name, paragraphs in shaped
            if paragraphs != essay.paragraphs and len(paragraphs) <= max_paragraphs]
