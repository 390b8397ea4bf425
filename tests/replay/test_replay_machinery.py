"""The replay machinery itself: day files fail loudly when they drift from the contracts, and the
transport serves the per-paragraph extraction the pipeline is moving to, refuses what it cannot
answer, and bills like the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from agent.claims.decisions import ClaimExtraction
from agent.claims.extraction_plan import plan_units
from agent.claims.llm_extract import extraction_request
from agent.llm.settings import load_models_config
from agent.errors import ProviderRequestError
from agent.llm.openai_provider import OpenAIChatModel, make_client
from agent.llm.retry import Retrier, RetryPolicy
from agent.paths import ARCHIVE_DIR
from agent.sources.snapshots import load_snapshot, sample_path
from tests.replay.loader import ReplayDay, available_days, day_path, load_day
from tests.replay.transport import ReplayTransport

CLAIMS = load_models_config().claims
DATE = available_days()[0]


def raw_day() -> dict[str, Any]:
    return json.loads(day_path(DATE).read_text(encoding="utf-8"))


def extractor(transport: ReplayTransport) -> OpenAIChatModel:
    client = make_client("sk-replay-not-a-real-key", base_url="https://api.openai.com/v1",
                         timeout_s=10, http_client=transport.http_client())
    return OpenAIChatModel("gpt-6-luna", client=client,
                           retrier=Retrier(RetryPolicy(max_attempts=1), sleeper=lambda s: None))


def test_every_day_file_matches_the_contracts() -> None:
    for date in available_days():
        day = load_day(date)
        assert day.label.startswith("hand-written")
        assert list(day.claims_extract) == day.final_essay


def test_an_unknown_key_anywhere_in_a_day_file_is_an_error() -> None:
    top = raw_day() | {"temperature": 0}
    nested = raw_day()
    next(iter(nested["claims_extract"].values()))["claims"][0]["confidence"] = 0.9

    for data in (top, nested):
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            ReplayDay.model_validate(data)


def test_claims_must_be_keyed_by_the_final_essay() -> None:
    data = raw_day()
    first = next(iter(data["claims_extract"]))
    data["claims_extract"][first + " Edited."] = data["claims_extract"].pop(first)

    with pytest.raises(ValidationError, match="final essay's paragraphs"):
        ReplayDay.model_validate(data)


def test_a_single_paragraph_extraction_is_served_from_its_own_entry() -> None:
    day = load_day(DATE)
    items = load_snapshot(sample_path(DATE, ARCHIVE_DIR)).items
    paragraph = day.final_essay[1]
    transport = ReplayTransport(day)
    request = extraction_request("essay", plan_units([paragraph])[0], items, CLAIMS)

    result = extractor(transport).structured(request, ClaimExtraction)
    again = extractor(transport).structured(request, ClaimExtraction)

    expected = day.claims_extract[paragraph].claims
    assert [c.text for c in result.parsed.claims] == [c.text for c in expected]
    assert {c.paragraph for c in result.parsed.claims} == {0}  # numbered as the request numbers it
    assert transport.used == {("claims_extract", paragraph)}
    assert result.usage.input_tokens > 1024 and result.usage.output_tokens > 100
    assert result.usage.cache_read_tokens == 0 < again.usage.cache_read_tokens  # a repeated prefix


def test_a_request_the_day_cannot_answer_is_refused_and_recorded() -> None:
    day = load_day(DATE)
    items = load_snapshot(sample_path(DATE, ARCHIVE_DIR)).items
    transport = ReplayTransport(day)

    with pytest.raises(ProviderRequestError, match="no claims for paragraph 0"):
        extractor(transport).structured(
            extraction_request("essay", plan_units(["A paragraph no essay of the day contains."])[0],
                               items, CLAIMS),
            ClaimExtraction)

    assert len(transport.unanswered) == 1 and not transport.used
