"""Tier 1 house voice and the rubric's lints.

* ``function_word_delta``: cosine Delta (Burrows' Delta with cosine distance, Evert et al. 2017)
  between the essay and the house centroid, on the committed function-word list
  (``evals/function_words.txt``: topic words cannot enter). Relative frequencies are z-scored
  against a reference corpus of the house essays in the centroid plus *generic* same-topic prose:
  the archive's wire copy, lab copy and paper abstracts, one document per kind per day. The
  centroid is leave-one-out: it never contains the day being scored nor the essay itself.
  About 500 words is far below the 2.5k-5k words stable attribution needs (Eder 2015): read it
  as a distribution against the gold band, never as a verdict on one essay.
* ``style_profile_z``: mean |z| of six surface features (sentence length mean and sd, words per
  paragraph, dashes, semicolons and questions per 1k words) against the same leave-one-out house
  essays. With two or three reference essays a sample sd is unstable, so each feature's sd is
  floored at the smallest difference an editor would notice (``STYLE_SD_FLOORS``).
* ``stock_phrase_rate``: stock AI-prose phrases (the rubric's ``stock_phrases`` list) per 1k words.
* ``lint_pass_rate``: share of the rubric's deterministic lints the essay passes.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from evals.metrics.base import Candidate, EvalDay, MetricSpec, MetricValues

FUNCTION_WORDS_PATH = Path(__file__).resolve().parent.parent / "function_words.txt"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_DASH = re.compile(r"—|–|(?<=\s)-(?=\s)|--")
STYLE_SD_FLOORS: dict[str, float] = {
    "sentence_mean": 2.0,       # words
    "sentence_sd": 1.5,         # words
    "paragraph_words": 20.0,    # words
    "dashes_per_1k": 2.0,
    "semicolons_per_1k": 2.0,
    "questions_per_1k": 2.0,
}

SPECS: tuple[MetricSpec, ...] = (
    MetricSpec(name="function_word_delta", family="voice", tier=1, higher_is_better=False,
               reference="house",
               must_beat=("baseline",),
               description="Cosine Delta to the leave-one-out house centroid (function words)."),
    MetricSpec(name="style_profile_z", family="voice", tier=1, higher_is_better=False,
               reference="house",
               must_beat=("baseline",),
               description="Mean |z| of six surface-style features vs the house essays."),
    MetricSpec(name="stock_phrase_rate", family="voice", tier=1, higher_is_better=False,
               reference="free",
               must_beat=("baseline",),
               description="Stock AI-prose phrases per 1k words."),
    MetricSpec(name="lint_pass_rate", family="rubric", tier=1, higher_is_better=True,
               reference="free",
               must_beat=("baseline",),
               description="Share of the rubric's deterministic lints passed."),
)


@lru_cache(maxsize=4)
def load_function_words(path: Path = FUNCTION_WORDS_PATH) -> tuple[str, ...]:
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text("utf-8").splitlines())
    return tuple(dict.fromkeys(line for line in lines if line))


@dataclass(frozen=True)
class VoiceReference:
    """The house essays by date and the generic prose that anchors the z-scores."""

    house: dict[dt.date, list[str]]
    generic: tuple[str, ...]
    words: tuple[str, ...] = field(default_factory=load_function_words)

    @classmethod
    def from_days(cls, days: Sequence[EvalDay]) -> VoiceReference:
        house = {day.date: list(day.published.lead_essay) for day in days}
        generic = tuple(doc for day in days for doc in generic_documents(day))
        return cls(house=house, generic=generic)

    def house_essays(self, exclude: Iterable[dt.date]) -> list[list[str]]:
        return [self.house[date] for date in self.kept(exclude)]

    # Computed once per run: every candidate is compared with the same essays.
    @cached_property
    def house_frequencies(self) -> dict[dt.date, np.ndarray]:
        return {date: frequencies("\n\n".join(p), self.words) for date, p in self.house.items()}

    @cached_property
    def generic_frequencies(self) -> list[np.ndarray]:
        return [frequencies(doc, self.words) for doc in self.generic]

    @cached_property
    def house_styles(self) -> dict[dt.date, dict[str, float]]:
        return {date: style_features(p) for date, p in self.house.items()}

    def kept(self, exclude: Iterable[dt.date]) -> list[dt.date]:
        skip = set(exclude)
        return [date for date in sorted(self.house) if date not in skip]


def generic_documents(day: EvalDay) -> list[str]:
    """Same-day, same-topic prose not in the house voice: wire copy, lab copy, abstracts."""
    kinds: dict[str, list[str]] = {"wire": [], "lab": [], "paper": []}
    for item in day.snapshot.items:
        if item.kind in kinds:
            kinds[item.kind].append(item.evidence_text())
    return [" ".join(texts) for texts in kinds.values() if texts]


def score(candidate: Candidate, day: EvalDay, reference: VoiceReference) -> MetricValues:
    exclude = {candidate.date, candidate.text_date}
    return {
        "function_word_delta": cosine_delta(candidate.text, reference, exclude),
        "style_profile_z": style_profile_z(candidate.paragraphs, reference, exclude),
        "stock_phrase_rate": stock_phrase_rate(candidate.text),
        "lint_pass_rate": lint_pass_rate(candidate),
    }


def word_tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def frequencies(text: str, words: tuple[str, ...]) -> np.ndarray:
    tokens = word_tokens(text)
    counts = {word: 0 for word in words}
    for token in tokens:
        if token in counts:
            counts[token] += 1
    return np.array([counts[w] for w in words], dtype=float) / max(len(tokens), 1)


def cosine_delta(text: str, reference: VoiceReference, exclude: set[dt.date]) -> float | None:
    house = [reference.house_frequencies[date] for date in reference.kept(exclude)]
    if not house:
        return None
    corpus = np.vstack(house + reference.generic_frequencies)
    mean, sd = corpus.mean(axis=0), corpus.std(axis=0)
    keep = sd > 0
    to_z = lambda f: (f[keep] - mean[keep]) / sd[keep]  # noqa: E731
    centroid = np.mean([to_z(f) for f in house], axis=0)
    vector = to_z(frequencies(text, reference.words))
    norms = float(np.linalg.norm(vector) * np.linalg.norm(centroid))
    return 1.0 - float(vector @ centroid) / norms if norms else None


def style_features(paragraphs: list[str]) -> dict[str, float]:
    from agent.text import split_sentences, word_count

    lengths = [word_count(s) for p in paragraphs for _, _, s in split_sentences(p)]
    words = max(sum(word_count(p) for p in paragraphs), 1)
    text = "\n\n".join(paragraphs)
    per_1k = 1000 / words
    return {
        "sentence_mean": statistics.fmean(lengths) if lengths else 0.0,
        "sentence_sd": statistics.pstdev(lengths) if len(lengths) > 1 else 0.0,
        "paragraph_words": words / max(len(paragraphs), 1),
        "dashes_per_1k": len(_DASH.findall(text)) * per_1k,
        "semicolons_per_1k": text.count(";") * per_1k,
        "questions_per_1k": text.count("?") * per_1k,
    }


def style_profile_z(paragraphs: list[str], reference: VoiceReference,
                    exclude: set[dt.date]) -> float | None:
    house = [reference.house_styles[date] for date in reference.kept(exclude)]
    if not house:
        return None
    features = style_features(paragraphs)
    zs = []
    for name, floor in STYLE_SD_FLOORS.items():
        values = [h[name] for h in house]
        sd = max(statistics.pstdev(values) if len(values) > 1 else 0.0, floor)
        zs.append(abs(features[name] - statistics.fmean(values)) / sd)
    return statistics.fmean(zs)


def stock_phrase_rate(text: str) -> float | None:
    from agent.rubric.phrases import find_phrases
    from agent.rubric.rubric import load_rubric
    from agent.text import word_count

    words = word_count(text)
    phrases = tuple(load_rubric().lint("stock_phrases").params.get("phrases", ()))
    return len(find_phrases(text, phrases)) * 1000 / words if words else None


def lint_pass_rate(candidate: Candidate) -> float:
    from agent.rubric.lints import lint_essay
    from agent.rubric.rubric import load_rubric

    rubric = load_rubric()
    violated = {v.id for v in lint_essay(candidate.paragraphs, candidate.byline, rubric=rubric)}
    return 1.0 - len(violated) / len(rubric.lints)
