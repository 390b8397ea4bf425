"""Degrade, never stop: when the claims extractor or the judge fails after its retries, the
deterministic path takes over and the run says so (a Problem or the critique round, a router
degradation, the failed call's ledger row). Through the real Anthropic SDK client over
httpx2.MockTransport."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2

from agent.claims.attribute import ItemIndex
from agent.claims.extract import extract_claims
from agent.claims.llm_extract import llm_extract_claims
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.llm.router import LLMRouter
from agent.persistence.ledger import MemoryLedger
from tests.fakes import draft_router, snapshot
from tests.helpers import session_for, start_input
from tests.llm.sdk_mocks import ScriptedAPI, anthropic_error, anthropic_message

DATE = "2026-04-21"
OVERLOADED = "overloaded_error"


def overloaded(_: dict[str, Any]) -> httpx2.Response:
    return anthropic_error(529, OVERLOADED, "Overloaded")


def haiku(api: ScriptedAPI, retrier) -> AnthropicChatModel:
    return AnthropicChatModel("claude-haiku-5-5", client=api.anthropic_client(), retrier=retrier)


def test_an_extractor_that_stays_down_gives_way_to_the_offline_extractor(retrier):
    day = snapshot(DATE)
    paragraphs = [item.evidence_text() for item in day.items if item.kind == "wire"][:2]
    index = ItemIndex(day.items)
    api = ScriptedAPI(*[overloaded] * 8)
    router = LLMRouter({"extractor": haiku(api, retrier)}, ledger=MemoryLedger(), run_id="r")

    result = llm_extract_claims(router, "essay", paragraphs, index, id_prefix="essay")

    offline = extract_claims("essay", paragraphs, index, id_prefix="essay")
    assert [c.model_dump() for c in result.claims] == [c.model_dump() for c in offline]
    assert [p.kind for p in result.problems] == ["extractor_failed"] * 2
    assert "ProviderUnavailableError" in result.problems[0].message
    assert router.degradations == [
        "the claims extractor failed (ProviderUnavailableError): offline extractor used"]
    assert [row.outcome for row in router.ledger.calls("r")] == ["unavailable"] * 2


def test_only_the_paragraph_whose_call_failed_falls_back(retrier):
    day = snapshot(DATE)
    wire = [item for item in day.items if item.kind == "wire"][:2]
    paragraphs = [item.evidence_text() for item in wire]

    def answer_first_paragraph_only(body: dict[str, Any]) -> httpx2.Response:
        user = body["messages"][0]["content"]
        if '<paragraph index="1">' in user:
            return overloaded(body)
        sentence = re.search(r'<paragraph index="0">\n(.*?)\n', user).group(1)
        return anthropic_message(json.dumps({"reasoning": "r", "claims": [{
            "paragraph": 0, "sentence": sentence, "reasoning": "r", "text": sentence,
            "kind": "fact", "citations": [{"item_id": wire[0].id, "quote": sentence}]}]}))

    api = ScriptedAPI(*[answer_first_paragraph_only] * 5)
    router = LLMRouter({"extractor": haiku(api, retrier)})

    result = llm_extract_claims(router, "essay", paragraphs, ItemIndex(day.items),
                                id_prefix="essay")

    by_paragraph = {p: [c.id for c in result.claims if c.paragraph == p] for p in (0, 1)}
    assert by_paragraph[0][0] == "essay.p0.c0"                       # the model's claim
    assert all(".s" in claim_id for claim_id in by_paragraph[1])     # the offline extractor's
    failed = [p for p in result.problems if p.kind == "extractor_failed"]
    assert len(failed) == 1 and "for paragraph 1 (ProviderUnavailableError" in failed[0].message


def test_a_judge_that_stays_down_leaves_the_lints_to_gate_and_the_round_says_so(
        tmp_path, retrier):
    api = ScriptedAPI(*[overloaded] * 4)
    critic = AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(),
                                retrier=retrier)
    writer = draft_router(DATE).models["writer"]
    router = LLMRouter({"writer": writer, "critic": critic})

    with session_for(tmp_path, DATE, router=router) as session:
        values = session.run(start_input(DATE, review=False)).values
        calls = session.ledger.calls(session.thread_id)

    (round_,) = values["critique_rounds"]
    assert round_["judge"] is None and round_["passed"] and round_["action"] == "accept"
    assert round_["judge_unavailable"].startswith("ProviderUnavailableError: anthropic is "
                                                  "unavailable for the critic")
    assert values["status"] == "drafted"
    assert router.degradations == [
        "the judge failed (ProviderUnavailableError): the lints alone gated the essay"]
    review = json.loads((tmp_path / "out" / DATE / "review.json").read_text())
    assert review["rounds"][0]["judge_unavailable"] == round_["judge_unavailable"]
    run = json.loads((tmp_path / "out" / DATE / "run.json").read_text())
    assert router.degradations[0] in run["degradations"]
    assert [(c.node, c.outcome) for c in calls if c.role == "critic"] == [
        ("critique", "unavailable")]
