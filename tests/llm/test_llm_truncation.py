"""An answer cut off at the output limit, through the real SDK clients: asked again once with a
larger budget (room for thinking kept), never with the same budget twice; still cut off, a typed
error that the claims stage answers by splitting the work. Every assertion is on the
``max_tokens`` values the SDKs actually sent."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx2
import pytest

from agent.claims.attribute import ItemIndex
from agent.claims.entail import verify_with_llm
from agent.claims.llm_extract import llm_extract_claims
from agent.errors import OutputTruncatedError
from agent.llm.anthropic_provider import AnthropicChatModel
from agent.llm.base import ModelProfile
from agent.llm.capabilities import ModelCapabilities, load_capabilities
from agent.llm.openai_provider import OpenAIChatModel
from agent.llm.router import LLMRouter
from agent.llm.settings import ClaimsCalls
from agent.persistence.ledger import MemoryLedger
from agent.schemas import Claim, ClaimSource, NewsItem
from tests.llm.desk_requests import VALID, VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import (
    ScriptedAPI,
    anthropic_message,
    anthropic_stream,
    anthropic_usage,
    openai_completion,
    openai_stream,
)

CUT = VALID_JSON[:40]
SETTINGS = ClaimsCalls(extraction_tokens_per_word=8.6, extraction_overhead_tokens=200,
                       entailment_tokens_per_claim=90, entailment_overhead_tokens=100,
                       headroom=1.5, candidates_per_sentence=3)


def sonnet_profile() -> ModelProfile:
    """claude-sonnet-5-5 as the factory builds it: effort low, 1,024 tokens kept for thinking."""
    table = load_capabilities()
    return ModelProfile(capabilities=table.for_model("anthropic", "claude-sonnet-5-5"),
                        effort="low", reasoning_reserve=table.reserve_for("low"))


def sonnet(api: ScriptedAPI, retrier, profile: ModelProfile | None = None) -> AnthropicChatModel:
    return AnthropicChatModel("claude-sonnet-5-5", client=api.anthropic_client(),
                              retrier=retrier, profile=profile or sonnet_profile())


def sent_budgets(api: ScriptedAPI, key: str = "max_tokens") -> list[int]:
    return [body[key] for body in api.bodies]


def test_a_cut_off_answer_is_asked_again_once_with_a_larger_budget(retrier):
    api = ScriptedAPI(anthropic_message(CUT, stop_reason="max_tokens",
                                        usage=anthropic_usage(900, 1824)),
                      anthropic_message(VALID_JSON, usage=anthropic_usage(900, 1500)))

    result = sonnet(api, retrier).structured(verify_request(max_tokens=800), EntailmentVerdict)

    assert result.parsed == VALID
    # answer budget + 1,024 for thinking at effort low; then twice the answer budget.
    assert sent_budgets(api) == [800 + 1024, 1600 + 1024]
    assert api.bodies[0]["messages"] == api.bodies[1]["messages"]  # not a re-ask turn
    assert result.attempts == 1 and result.transport_attempts == 2
    assert result.usage.output_tokens == 1824 + 1500  # the cut-off turn is billed too


def test_cut_off_twice_raises_a_typed_error_with_both_budgets_and_the_usage(retrier):
    api = ScriptedAPI(*[anthropic_message(CUT, stop_reason="max_tokens",
                                          usage=anthropic_usage(900, 2000))] * 3)

    with pytest.raises(OutputTruncatedError) as caught:
        sonnet(api, retrier).structured(verify_request(max_tokens=800), EntailmentVerdict)

    assert sent_budgets(api) == [1824, 2624] and len(api.requests) == 2
    assert caught.value.budgets == [1824, 2624]
    assert caught.value.usage["output_tokens"] == 4000
    assert "did not fit 1,824 or 2,624 output tokens" in str(caught.value)
    assert caught.value.role == "verifier"


def test_at_the_models_maximum_the_same_budget_is_never_sent_again(retrier):
    small = ModelCapabilities(max_output_tokens=1000, context_window=200_000,
                              min_cache_tokens=1024)
    api = ScriptedAPI(*[anthropic_message(CUT, stop_reason="max_tokens")] * 3)
    model = sonnet(api, retrier, ModelProfile(capabilities=small))

    with pytest.raises(OutputTruncatedError):
        model.structured(verify_request(max_tokens=700), EntailmentVerdict)
    assert sent_budgets(api) == [700, 1000]  # 1,400 would pass the model's 1,000

    api.requests.clear()
    with pytest.raises(OutputTruncatedError) as caught:
        model.structured(verify_request(max_tokens=1000), EntailmentVerdict)
    assert sent_budgets(api) == [1000]  # already at the maximum: no second identical call
    assert caught.value.budgets == [1000]


def test_a_streamed_anthropic_answer_cut_off_is_asked_again(retrier):
    api = ScriptedAPI(anthropic_stream(CUT, stop_reason="max_tokens"),
                      anthropic_stream(VALID_JSON))

    result = sonnet(api, retrier).structured(verify_request(max_tokens=800), EntailmentVerdict,
                                             on_token=lambda text: None)

    assert result.parsed == VALID and sent_budgets(api) == [1824, 2624]


@pytest.mark.parametrize("stream", [False, True], ids=["plain", "streamed"])
def test_openai_length_finish_is_asked_again_with_max_completion_tokens(retrier, stream):
    table = load_capabilities()
    profile = ModelProfile(capabilities=table.for_model("openai", "gpt-6.2-sol"),
                           effort="low", reasoning_reserve=table.reserve_for("low"))
    reply = openai_stream if stream else openai_completion
    api = ScriptedAPI(reply(CUT, finish_reason="length"), reply(VALID_JSON))
    model = OpenAIChatModel("gpt-6.2-sol", client=api.openai_client(), retrier=retrier,
                            profile=profile)

    result = model.structured(verify_request(max_tokens=600), EntailmentVerdict,
                              on_token=(lambda text: None) if stream else None)

    assert result.parsed == VALID
    assert sent_budgets(api, "max_completion_tokens") == [600 + 1024, 1200 + 1024]
    assert all(body["reasoning_effort"] == "low" for body in api.bodies)


def test_a_cut_off_call_that_never_fits_leaves_a_billed_ledger_row(retrier):
    api = ScriptedAPI(*[anthropic_message(CUT, stop_reason="max_tokens",
                                          usage=anthropic_usage(900, 2000))] * 2)
    router = LLMRouter({"verifier": sonnet(api, retrier)}, ledger=MemoryLedger(), run_id="r")

    with pytest.raises(OutputTruncatedError):
        router.call(verify_request(max_tokens=800), EntailmentVerdict)

    (row,) = router.ledger.calls("r")
    assert row.outcome == "invalid_output" and row.attempts == 2
    assert row.output_tokens == 4000 and "did not fit 1,824 or 2,624" in row.error


# -- the claims stage splits work that does not fit -------------------------------------------
PARAGRAPH = ("Amazon committed $100 billion to Anthropic for compute over ten years. "
             "Fermi lost its chief executive after Amazon withdrew a $150 million investment.")
ITEMS = [NewsItem(id="wire-1", kind="wire", source="Reuters", url="https://example.com/1",
                  title="Amazon, Anthropic pact",
                  summary="Amazon committed $100 billion to Anthropic for compute over ten years."),
         NewsItem(id="wire-2", kind="wire", source="Reuters", url="https://example.com/2",
                  title="Fermi CEO out",
                  summary="Fermi lost its chief executive after Amazon withdrew a $150 million "
                          "investment.")]


def verbose_model(tokens_per_item: int, items_of: Any, answer_of: Any):
    """A model whose answer costs ``tokens_per_item`` output tokens per sentence (or claim) it
    covers: cut off, with the API's stop reason, when that passes the ``max_tokens`` sent."""
    def reply(body: dict[str, Any]) -> httpx2.Response:
        covered = items_of(body["messages"][0]["content"])
        text = json.dumps(answer_of(covered))
        if len(covered) * tokens_per_item > body["max_tokens"]:
            return anthropic_message(text[: len(text) // 2], stop_reason="max_tokens")
        return anthropic_message(text)
    return reply


def _sentences(user: str) -> list[tuple[int, str]]:
    found = re.findall(r'<paragraph index="(\d+)">\n(.*?)\n</paragraph>', user, re.DOTALL)
    return [(int(index), sentence + ".") for index, text in found
            for sentence in text.rstrip(".").split(". ")]


def _extraction(sentences: list[tuple[int, str]]) -> dict[str, Any]:
    return {"reasoning": "one claim a sentence", "claims": [
        {"paragraph": p, "sentence": s, "reasoning": "reported", "text": s, "kind": "number",
         "citations": [{"item_id": f"wire-{n}", "quote": s}]}
        for p, s in sentences for n in (1, 2) if s in ITEMS[n - 1].summary]}


def test_an_extraction_that_never_fits_is_split_into_sentences_with_budgets_sized_for_each(
        retrier):
    api = ScriptedAPI(*[verbose_model(800, _sentences, _extraction)] * 6)
    haiku = AnthropicChatModel("claude-haiku-5-5", client=api.anthropic_client(),
                               retrier=retrier)  # no thinking reserve: budgets are the answers'
    router = LLMRouter({"extractor": haiku})

    result = llm_extract_claims(router, "essay", [PARAGRAPH], ItemIndex(ITEMS),
                                id_prefix="essay", settings=SETTINGS)

    first, second = (PARAGRAPH.split(". ")[0] + ".", PARAGRAPH.split(". ")[1])
    whole, half1, half2 = (SETTINGS.extraction_budget(len(t.split()))
                           for t in (PARAGRAPH, first, second))
    # The paragraph (1,600 tokens) does not fit 2x its budget; each sentence (800) fits 2x its own.
    assert sent_budgets(api) == [whole, 2 * whole, half1, 2 * half1, half2, 2 * half2]
    assert [c.sources[0].item_id for c in result.claims] == ["wire-1", "wire-2"]
    assert [PARAGRAPH[c.span[0]:c.span[1]] for c in result.claims] == [first, second]
    assert result.problems == []


def _claim_ids(user: str) -> list[str]:
    return re.findall(r'<claim id="([^"]+)"', user)


def _verdicts(ids: list[str]) -> dict[str, Any]:
    return {"verdicts": [{"claim_id": i, "reasoning": "stated", "verdict": "entailed"}
                         for i in ids]}


def test_an_entailment_batch_that_never_fits_is_split_in_halves(retrier):
    api = ScriptedAPI(*[verbose_model(400, _claim_ids, _verdicts)] * 6)
    haiku = AnthropicChatModel("claude-haiku-5-5", client=api.anthropic_client(), retrier=retrier)
    claims = [Claim(id=f"essay.p0.c{n}", section="essay", paragraph=0, span=(0, 10),
                    text=ITEMS[n % 2].summary, kind="fact", status="supported",
                    sources=[ClaimSource(item_id=ITEMS[n % 2].id, url=ITEMS[n % 2].url,
                                         quote=ITEMS[n % 2].summary)]) for n in range(4)]

    checked = verify_with_llm(LLMRouter({"verifier": haiku}), claims,
                              {i.id: i for i in ITEMS}, settings=SETTINGS)

    four, two = SETTINGS.entailment_budget(4), SETTINGS.entailment_budget(2)
    assert sent_budgets(api) == [four, 2 * four, two, 2 * two, two, 2 * two]
    assert [c.checks[-1].name for c in checked] == ["entailment"] * 4
