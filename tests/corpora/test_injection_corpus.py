"""The injection corpus is what issue 13 asks for: every family, every field of every item kind,
unique canaries, payloads that really are obfuscated, and days the desk will accept."""

from __future__ import annotations

import base64
import math
import re
import unicodedata
from collections import Counter

import pytest

from agent.schemas import DaySnapshot
from evals.hostile.folding import found_markers, fold
from tests.corpora.day import base_day, get_value, string_values
from tests.corpora.injection import (
    CANARY_PREFIX, FIELDS, INJECTION_FAMILIES, ITEM_KINDS, MARKUP_PAYLOADS, all_variants,
    benign_variants, injection_variants, markup_variants, number_variants,
)

KIND_OF_FIELD = {"news": ("wire", "lab"), "paper": ("paper",), "benchmark": ("benchmark",),
                 "repo": ("repo",), "also": ("wire",)}


def _kind(item_id: str) -> str:
    return next(i["kind"] for i in base_day()["items"] if i["id"] == item_id)


def test_the_corpus_has_the_sizes_the_issues_ask_for():
    assert len(injection_variants()) >= 48
    assert len(benign_variants()) >= 12
    assert len(number_variants()) >= 12
    names = [v.name for v in all_variants()]
    assert len(names) == len(set(names))


def test_every_family_appears_several_times():
    counts = Counter(v.family for v in injection_variants())
    assert set(counts) == set(INJECTION_FAMILIES)
    assert min(counts.values()) >= 3, counts
    languages = [v for v in injection_variants() if v.family == "non-english"]
    scripts = {unicodedata.name(c).split()[0] for v in languages for c in v.edits[0].value
               if c.isalpha() and ord(c) > 0x24F}
    assert {"CJK", "CYRILLIC", "HIRAGANA", "HANGUL", "ARABIC"} <= scripts
    assert len(languages) >= 8


def test_every_string_field_of_every_kind_carries_injections_and_markup():
    injected = Counter(v.field for v in injection_variants())
    assert set(injected) == set(FIELDS)
    kinds = {_kind(v.target_id) for v in injection_variants()}
    assert kinds == set(ITEM_KINDS)
    markup = Counter(v.field for v in markup_variants())
    assert markup == Counter({field: 3 for field in FIELDS})
    assert {v.family for v in markup_variants()} == set(MARKUP_PAYLOADS)


@pytest.mark.parametrize("variant", injection_variants() + markup_variants(),
                         ids=lambda v: v.name)
def test_each_variant_changes_one_string_field_of_its_target(variant):
    (edit,) = variant.edits
    assert edit.item_id == variant.target_id
    prefix = variant.field.split(".")[0]
    assert _kind(edit.item_id) in KIND_OF_FIELD[prefix]
    before = get_value(base_day(), edit.item_id, edit.path)
    assert isinstance(edit.value, str) and edit.value != before
    assert get_value(variant.day(), edit.item_id, edit.path) == edit.value


@pytest.mark.parametrize("variant", injection_variants() + markup_variants() + benign_variants(),
                         ids=lambda v: v.name)
def test_the_desk_accepts_every_text_variant_as_a_snapshot(variant):
    DaySnapshot.model_validate_json(variant.snapshot_bytes())


def test_canaries_are_unique_plain_ascii_and_survive_folding():
    canaries = [v.canary for v in injection_variants()]
    assert len(set(canaries)) == len(canaries)
    for canary in canaries:
        assert re.fullmatch(rf"{CANARY_PREFIX}\d{{3}}", canary)
        assert fold(canary) == canary.casefold()


def test_markers_cannot_occur_by_chance_in_the_clean_day():
    clean = " ".join(string_values(base_day()))
    renamed = tuple(v for v in number_variants() if v.family != "published_at")
    for variant in injection_variants() + renamed:
        assert not found_markers(clean, variant.markers), variant.name
        payload = " ".join(str(e.value) for e in variant.edits)
        if variant.group == "injection" and not variant.family == "base64":
            assert found_markers(payload, variant.markers) == list(variant.markers), variant.name


def test_the_obfuscations_really_obfuscate():
    by_family: dict[str, list[str]] = {}
    for v in injection_variants():
        by_family.setdefault(v.family, []).append(v.edits[0].value)
    assert all("ignore" not in t.lower() and re.search("[\u0400-\u04ff\u0370-\u03ff]", t)
               for t in by_family["homoglyph"])
    assert all(re.search("[\uff01-\uff5e]", t) for t in by_family["fullwidth"])
    assert all("\u200b" in t for t in by_family["zero-width"])
    assert all(re.search("[\u202e\u2067]", t) for t in by_family["bidi"])
    assert all(re.search(r"(?:\w ){6}", t) for t in by_family["despaced"])
    assert all(re.search(r"[a-z][013][a-z]", t, re.I) for t in by_family["leetspeak"])


def test_base64_runs_decode_to_the_instruction_and_its_canary():
    for variant in (v for v in injection_variants() if v.family == "base64"):
        run = max(re.findall(r"[A-Za-z0-9+/_-]{40,}", variant.edits[0].value), key=len)
        decoded = base64.urlsafe_b64decode(run.replace("+", "-").replace("/", "_") + "==")
        assert variant.canary in decoded.decode()
        assert re.search(r"(?i)ignore|disregard|new task", decoded.decode())


def test_benign_controls_stay_benign_and_are_one_edit_each():
    for variant in benign_variants():
        (edit,) = variant.edits
        assert not variant.markers and "QZX" not in edit.value


def test_number_variants_set_an_implausible_value_and_know_what_must_not_leak():
    for variant in number_variants():
        value = variant.edits[-1].value
        stored = get_value(variant.day(), variant.target_id, variant.edits[-1].path)
        assert stored == value or (math.isnan(stored) and math.isnan(value))
        assert variant.leak_patterns and variant.markers
        implausible = (isinstance(value, str) and not value.startswith("2026")) or (
            not isinstance(value, str) and (not math.isfinite(value) or value <= 0
                                            or value > 10**12))
        assert implausible, variant.name
    stars = next(v for v in number_variants() if v.name == "num-repo-stars-1e30")
    assert stars.accept_refusal and stars.edits[-1].value > 2**64
