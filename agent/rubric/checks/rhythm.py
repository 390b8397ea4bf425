"""Sentence rhythm: the house mixes long analytical sentences with very short ones."""

from __future__ import annotations

import statistics
from collections.abc import Iterator

from pydantic import Field

from agent.rubric.checks.common import sentence_finding
from agent.rubric.checks.registry import Finding, LintParams, register
from agent.rubric.document import EssayDocument


class SentenceProfileParams(LintParams):
    min_mean: float = Field(gt=0)
    max_mean: float = Field(gt=0)
    min_sd: float = Field(ge=0)
    min_sentences: int = Field(ge=2, description="Below this many sentences the spread is not judged.")


@register("sentence_length_profile", scope="document", params=SentenceProfileParams)
def sentence_length_profile(doc: EssayDocument, params: SentenceProfileParams) -> Iterator[Finding]:
    lengths = [sentence.words for sentence in doc.sentences]
    if not lengths:
        return
    mean = statistics.fmean(lengths)
    if not params.min_mean <= mean <= params.max_mean:
        yield Finding(None, None, f"mean sentence length {mean:.1f} words; keep it within "
                                  f"{params.min_mean:g}-{params.max_mean:g}")
    if len(lengths) >= params.min_sentences:
        spread = statistics.stdev(lengths)
        if spread < params.min_sd:
            yield Finding(None, None, f"sentence lengths barely vary (sd {spread:.1f} words, "
                                      f"minimum {params.min_sd:g}); mix long and very short sentences")


class RunOnParams(LintParams):
    max_words: int = Field(ge=1)


@register("run_on_sentence", scope="sentence", params=RunOnParams)
def run_on_sentence(doc: EssayDocument, params: RunOnParams) -> Iterator[Finding]:
    for sentence in doc.sentences:
        if sentence.words > params.max_words:
            yield sentence_finding(sentence, f"{sentence.words} words; split it "
                                             f"(the limit is {params.max_words})")
