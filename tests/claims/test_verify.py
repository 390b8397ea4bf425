"""Offline verification: every row of the decision table, and the editor's reading order."""

from __future__ import annotations

from agent.claims.ordering import attention_order, needing_attention, summarize
from agent.claims.verify import verify_claim, verify_claims
from agent.schemas import Claim, ClaimSource


def _claim(text: str, *cited: tuple[str, str], kind: str = "fact", claim_id: str = "c") -> Claim:
    sources = [ClaimSource(item_id=i, url="https://example.com", quote=q) for i, q in cited]
    return Claim(id=claim_id, section="essay", paragraph=0, span=(0, len(text)), text=text,
                 kind=kind, sources=sources)


AMAZON_QUOTE = "Amazon, Anthropic expand AI pact in $100 billion compute commitment"
FERMI_QUOTE = "Fermi's CEO and CFO exit after Amazon pulls $150 million investment"


def _failed(claim: Claim) -> set[str]:
    return {check.name for check in claim.checks if not check.passed}


def test_supported_when_figures_names_and_quotes_all_check_out(day):
    claim = _claim("Amazon's $100B commitment to Anthropic guarantees AWS compute revenue.",
                   ("wire-amazon-anthropic", AMAZON_QUOTE), kind="number")
    verified = verify_claim(claim, day.by_id())
    assert verified.status == "supported"
    assert {c.name for c in verified.checks} >= {"item_exists", "quote_present",
                                                  "numbers_match", "entities_present"}
    assert _failed(verified) == set()
    assert verified.nearest_source_text is None


def test_a_changed_figure_is_unsupported_with_the_nearest_source(day):
    claim = _claim("Amazon's $150 billion commitment to Anthropic guarantees compute revenue.",
                   ("wire-amazon-anthropic", AMAZON_QUOTE), kind="number")
    verified = verify_claim(claim, day.by_id())
    assert verified.status == "unsupported"
    assert _failed(verified) == {"numbers_match"}
    assert "$150 billion" in next(c.detail for c in verified.checks if c.name == "numbers_match")
    assert verified.nearest_source_text.startswith("[wire-amazon-anthropic] ")


def test_a_swapped_name_with_matching_figures_is_partial(day):
    claim = _claim("Google's $100 billion commitment to Anthropic guarantees compute revenue.",
                   ("wire-amazon-anthropic", AMAZON_QUOTE), kind="number")
    verified = verify_claim(claim, day.by_id())
    assert verified.status == "partial"
    assert _failed(verified) == {"entities_present"}


def test_a_claim_whose_names_are_all_missing_is_unsupported(day):
    claim = _claim("Tesla lost its CEO and CFO after an investor pulled out.",
                   ("wire-fermi", FERMI_QUOTE))
    assert verify_claim(claim, day.by_id()).status == "unsupported"


def test_an_invented_quote_or_quotation_is_unsupported(day):
    fake_source = _claim("Amazon committed $100 billion to Anthropic.",
                         ("wire-amazon-anthropic", "Amazon buys Anthropic outright"))
    fake_quotation = _claim('Amazon called the Anthropic deal "a bet on the whole company".',
                            ("wire-amazon-anthropic", AMAZON_QUOTE), kind="quote")
    for claim in (fake_source, fake_quotation):
        verified = verify_claim(claim, day.by_id())
        assert verified.status == "unsupported"
        assert "quote_present" in _failed(verified)


def test_unknown_or_missing_citations(day):
    none_cited = verify_claim(_claim("Amazon committed $100 billion to Anthropic."), day.by_id())
    assert none_cited.status == "unsupported"
    assert _failed(none_cited) == {"item_exists"}
    unknown = verify_claim(_claim("Amazon committed $100 billion to Anthropic.",
                                  ("wire-nope", "anything")), day.by_id())
    assert unknown.status == "unsupported"
    one_unknown = verify_claim(_claim("Amazon's $100 billion commitment to Anthropic.",
                                      ("wire-amazon-anthropic", AMAZON_QUOTE),
                                      ("wire-nope", "anything")), day.by_id())
    assert one_unknown.status == "partial"
    assert _failed(one_unknown) == {"item_exists"}


def test_sources_that_share_only_the_names_are_partial(day):
    claim = _claim("Anthropic is hiring hundreds of lawyers to fight music publishers.",
                   ("wire-amazon-anthropic", AMAZON_QUOTE))
    verified = verify_claim(claim, day.by_id())
    assert verified.status == "partial"
    assert _failed(verified) == {"lexical_support"}


def test_a_better_source_elsewhere_makes_a_citation_partial(day):
    claim = _claim("GitHub pauses new Copilot sign-ups as agent workloads strain capacity.",
                   ("lab-nvidia-adobe", "Adobe and WPP build agentic marketing workflows on "
                    "NVIDIA AI"))
    verified = verify_claim(claim, day.by_id())
    assert verified.status in {"partial", "unsupported"}
    support = next(c for c in verified.checks if c.name == "lexical_support")
    assert not support.passed and "wire-github-copilot" in support.detail


def test_analysis_is_not_checkable_but_its_figures_are_checked(day):
    analysis = verify_claim(_claim("The constraint is silicon.", kind="analysis"), day.by_id())
    assert (analysis.status, analysis.checks) == ("not_checkable", [])
    with_figure = verify_claim(_claim("Spending of $900 billion is survival spending.",
                                      ("wire-meta-cuts", "Meta to cut 10% of staff as data "
                                       "center bill hits $135bn"), kind="analysis"), day.by_id())
    assert with_figure.status == "unsupported"


def test_a_fact_with_nothing_specific_is_not_checkable(day):
    claim = _claim("No lab announced a capability breakthrough, only marketing workflows.",
                   ("lab-nvidia-adobe", "Adobe and WPP build agentic marketing workflows on "
                    "NVIDIA AI"))
    assert verify_claim(claim, day.by_id()).status == "not_checkable"


def test_benchmark_figures_ranks_and_derived_points(day):
    supported = _claim("GPT-5.4 ranks 1st with a score of 57.2 at $5.63 per 1M tokens, up from "
                       "3rd.", ("aa-1-gpt-5-4", "Previous rank 3."), kind="number")
    assert verify_claim(supported, day.by_id()).status == "supported"
    gap = _claim("Claude Opus 4.6 leads SWE-rebench at 65.3 percent, 3 percentage points ahead of "
                 "Gemini 3.1 Pro Preview in fifth place.",
                 ("swe-1-claude-opus-4-6", "SWE-rebench rank 1: Claude Opus 4.6 resolved 65.3% "
                  "(65.3 percent) of tasks."),
                 ("swe-5-gemini", "SWE-rebench rank 5: Gemini 3.1 Pro Preview resolved 62.3% "
                  "(62.3 percent) of tasks."), kind="number")
    assert verify_claim(gap, day.by_id()).status == "supported"


def test_verify_claims_uses_the_snapshot_and_keeps_order(day):
    claims = [_claim("The constraint is silicon.", kind="analysis", claim_id="a"),
              _claim("Amazon committed $150 billion to Anthropic.",
                     ("wire-amazon-anthropic", AMAZON_QUOTE), kind="number", claim_id="b")]
    verified = verify_claims(claims, day)
    assert [c.id for c in verified] == ["a", "b"]
    assert [c.status for c in verified] == ["not_checkable", "unsupported"]


def test_attention_order_puts_unsupported_then_partial_first():
    def with_status(claim_id: str, status: str) -> Claim:
        return _claim("x", claim_id=claim_id).model_copy(update={"status": status})

    claims = [with_status("s", "supported"), with_status("p", "partial"),
              with_status("n", "not_checkable"), with_status("u", "unsupported"),
              with_status("p2", "partial")]
    assert [c.id for c in attention_order(claims)] == ["u", "p", "p2", "s", "n"]
    assert [c.id for c in needing_attention(claims)] == ["u", "p", "p2"]
    assert summarize(claims).model_dump() == {"supported": 1, "partial": 2, "unsupported": 1,
                                              "not_checkable": 1}


def test_a_sentence_lifted_verbatim_from_its_item_is_supported(day):
    sentence = "Existing subscribers are unaffected while the company reworks its plans."
    item = day.by_id()["wire-github-copilot"]
    extended = item.model_copy(update={"summary": f"{item.summary} {sentence}"})
    items = {**day.by_id(), item.id: extended}
    quote = ("wire-github-copilot", sentence)
    assert verify_claim(_claim(sentence, quote), items).status == "supported"
    paraphrase = "Current subscribers keep their plans while the company reworks them."
    assert verify_claim(_claim(paraphrase, quote), items).status == "not_checkable"
