"""The bad-input corpus covers what issue 14 lists, each case is what it says it is (its bytes
really are invalid, lenient or strict JSON), and its expectations can be met."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.corpora.bad_inputs import BAD_INPUTS, CATEGORIES, BadInput, representative
from tests.corpora.day import base_day

REQUIRED_CATEGORIES = {"missing-field", "wrong-type", "huge", "scale", "unicode", "duplicate",
                       "numbers", "dates", "empty-kind", "thin", "urls", "encoding", "syntax",
                       "not-an-object", "top-level"}
BASE_IDS = {i["id"] for i in base_day()["items"]}


def _strict(text: str) -> object:
    def reject(constant: str) -> None:
        raise ValueError(constant)
    return json.loads(text, parse_constant=reject, parse_int=str)  # the grammar, not int limits


def _parsed(case: BadInput) -> object:
    return json.loads(case.data().decode("utf-8"))


def test_the_corpus_is_large_and_covers_every_category_the_issue_lists():
    assert len(BAD_INPUTS) >= 85
    assert REQUIRED_CATEGORIES <= set(CATEGORIES)
    names = [case.name for case in BAD_INPUTS]
    assert len(names) == len(set(names))
    expected = Counter(case.expected for case in BAD_INPUTS)
    assert expected["draft"] >= 30 and expected["refuse"] >= 30


def test_each_item_kind_is_missing_in_turn_and_the_thin_days_are_there():
    names = {case.name for case in BAD_INPUTS}
    assert {f"no-{kind}-items" for kind in ("wire", "lab", "paper", "benchmark", "repo")} <= names
    assert {"no-items", "only-papers", "only-repos", "only-benchmarks", "no-news",
            "empty-text-everywhere", "every-url-invalid", "date-differs-from-flag"} <= names


@pytest.mark.parametrize("case", BAD_INPUTS, ids=lambda c: c.name)
def test_each_case_is_the_kind_of_json_it_claims_to_be(case):
    data = case.data()
    assert data == case.data(), "builders must be deterministic"
    if case.syntax == "invalid":
        with pytest.raises((ValueError, RecursionError)):
            _strict(data.decode("utf-8"))
    elif case.syntax == "lenient":
        with pytest.raises(ValueError):
            _strict(data.decode("utf-8"))
        assert isinstance(_parsed(case), dict)
    else:
        value = _strict(data.decode("utf-8"))
        assert isinstance(value, dict) == (case.category != "not-an-object")


@pytest.mark.parametrize("case", [c for c in BAD_INPUTS if c.expected == "draft"],
                         ids=lambda c: c.name)
def test_a_draft_expectation_names_only_items_the_file_holds(case):
    day = json.loads(case.data().decode("utf-8-sig"))
    assert set(case.must_name) <= {i["id"] for i in day["items"]}


def test_refusals_that_blame_an_item_name_a_real_one():
    for case in (c for c in BAD_INPUTS if c.expected == "refuse" and c.must_name):
        blamed = [n for n in case.must_name if n.startswith(("wire-", "lab-", "paper-", "aa-",
                                                             "swe-", "repo-"))]
        assert set(blamed) <= BASE_IDS, case.name


def test_heavy_cases_are_heavy_and_the_rest_stay_small():
    for case in BAD_INPUTS:
        size = len(case.data())
        if case.heavy:
            assert size > 250_000, case.name
        else:
            assert size <= 250_000, case.name


def test_the_representative_subset_spans_every_category_and_skips_heavy_cases():
    subset = representative()
    assert {c.category for c in subset} == {c.category for c in BAD_INPUTS if not c.heavy}
    assert not any(c.heavy for c in subset)
    assert {c.expected for c in subset} == {"draft", "refuse"}
