"""Structured outputs of the claims LLM roles. Field order puts reasons before verdicts, so a model
argues before it decides; field descriptions are the instructions the provider sees."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agent.schemas import ClaimKind, Model


class CitedQuote(Model):
    item_id: str = Field(description="The id attribute of the <item> the quote is copied from.")
    quote: str = Field(
        description="Words copied exactly, character for character, from that item's text "
        "(one sentence or part of one) that state what the claim says."
    )


class ExtractedClaim(Model):
    paragraph: int = Field(ge=0, description="The index attribute of the claim's <paragraph>.")
    sentence: str = Field(description="The sentence the claim comes from, copied exactly.")
    reasoning: str = Field(
        description="What the claim asserts, and which item states it (or why it is analysis)."
    )
    text: str = Field(
        description="One atomic claim, reusing the sentence's own words, understandable alone."
    )
    kind: ClaimKind = Field(
        description="number: states a figure; quote: quotes someone; fact: a checkable "
        "statement about named companies, products or people; analysis: interpretation, "
        "thesis or opinion with nothing an item could confirm."
    )
    citations: list[CitedQuote] = Field(
        default_factory=list, description="Items that state the claim; empty for analysis."
    )


class ClaimExtraction(Model):
    reasoning: str = Field(description="How the paragraphs break into claims.")
    claims: list[ExtractedClaim] = Field(
        description="Every sentence yields at least one claim, in paragraph order."
    )


EntailmentLabel = Literal["entailed", "contradicted", "not_found"]


class EntailmentVerdict(Model):
    claim_id: str = Field(description="The id attribute of the <claim> judged.")
    reasoning: str = Field(
        description="Compare the claim with its cited items fact by fact: names, figures, "
        "what happened."
    )
    verdict: EntailmentLabel = Field(
        description="entailed: the cited items state everything the claim says; contradicted: "
        "they state something incompatible; not_found: they do not state it."
    )


class EntailmentDecision(Model):
    verdicts: list[EntailmentVerdict] = Field(description="One verdict per claim, in order.")
