"""Every variant of the injection corpus is caught at the intake boundary, and no benign control
is (fast: the intake alone, no CLI; the CLI path is tests/corpora/test_acceptance.py and
``python -m evals.hostile_corpora``). The acceptance tests run one variant per family, so a
detector change that loses a field or a disguise shows up here first."""

from __future__ import annotations

import pytest

from agent.schemas import DaySnapshot
from agent.sources.intake import intake_snapshot
from tests.corpora.injection import HostileVariant, benign_variants, injection_variants


def _injection_flagged(variant: HostileVariant) -> bool:
    snapshot = intake_snapshot(DaySnapshot.model_validate_json(variant.snapshot_bytes()))
    withheld = {w.id: w.reasons for w in snapshot.withheld}
    if variant.target_id in withheld:
        return "prompt_injection" in withheld[variant.target_id]
    item = next(i for i in snapshot.items if i.id == variant.target_id)
    return any(flag.kind == "prompt_injection" for flag in item.flags)


@pytest.mark.parametrize("variant", injection_variants(), ids=lambda v: v.name)
def test_every_injection_variant_is_flagged_at_intake(variant: HostileVariant) -> None:
    assert _injection_flagged(variant), variant.description


@pytest.mark.parametrize("variant", benign_variants(), ids=lambda v: v.name)
def test_no_benign_control_is_flagged_at_intake(variant: HostileVariant) -> None:
    assert not _injection_flagged(variant), variant.description
