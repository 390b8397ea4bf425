"""A realistic structured decision and request shared by the provider tests."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from agent.llm.base import LLMRequest, PromptBlock

STYLE_GUIDE = "House style: the first sentence states the thesis. No hype words."
RUBRIC = "Rubric: thesis_first, specifics, negation_reframe; score each 1-5 with reasons."


class Evidence(BaseModel):
    item_id: str
    quote: str


class EntailmentVerdict(BaseModel):
    """Reasons before the verdict, as every desk decision."""

    reasoning: str
    evidence: list[Evidence] = Field(min_length=1)
    verdict: Literal["supported", "partial", "unsupported"]
    confidence: float = Field(ge=0, le=1)


VALID = EntailmentVerdict(
    reasoning="The item states the figure verbatim.",
    evidence=[Evidence(item_id="wire-3", quote="raised $2 billion")],
    verdict="supported", confidence=0.9,
)
VALID_JSON = VALID.model_dump_json()
MALFORMED_JSON = '{"reasoning": "The item states it.", "verdict": "certain", "confidence": 3}'


def verify_request(**overrides: object) -> LLMRequest:
    fields: dict[str, object] = {
        "role": "verifier", "node": "verify",
        "system": [PromptBlock(text=STYLE_GUIDE, cache=True), PromptBlock(text=RUBRIC, cache=True),
                   PromptBlock(text="Decide whether the sources entail the claim.")],
        "user": "<claim>Acme raised $2 billion.</claim>\n<items>wire-3: Acme raised $2 billion"
                "</items>",
        "max_tokens": 800,
    }
    return LLMRequest.model_validate({**fields, **overrides})
