"""Eval metrics, one module per family: gates (tier 0), grounding, coverage, structure (lead
story, division of labour, framing), voice (tier 1) and judges (tier 2). ``ALL_SPECS`` lists every
scored metric in report order."""

from __future__ import annotations

from evals.metrics import coverage, division, grounding, judges, voice
from evals.metrics.base import MetricSpec

ALL_SPECS: tuple[MetricSpec, ...] = (
    *grounding.SPECS, *coverage.SPECS, *division.SPECS, *voice.SPECS, *judges.SPECS,
)
