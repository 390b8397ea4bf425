"""Tier-0 gates: each catches the contract breach it exists for, and the published issues pass."""

from __future__ import annotations

from agent.schemas import SECTION_NAMES, SectionEssay
from evals import controls
from evals.metrics.gates import GATE_NAMES, failed, run_gates
from tests.evals.helpers import candidate, claim

DATE = "2026-04-21"


def gates_by_name(cand, day):
    return {g.name: g for g in run_gates(cand, day)}


def sections(day, *, attribution: str | None, drop: str | None = None) -> dict[str, SectionEssay]:
    aa_row = day.published.aa_ids[0]
    built = {}
    for name in SECTION_NAMES:
        if name == drop:
            continue
        heading = {"wire": "From the Wire", "labs": "AI Labs", "papers": "Research Papers",
                   "benchmarks": "Benchmarks", "trending": "Trending"}[name]
        built[name] = SectionEssay(
            section=name, heading=heading, paragraphs=[] if name != "wire" else ["Wire copy."],
            item_ids=[aa_row] if name == "benchmarks" else ["x"], generated_by="baseline",
            attribution=attribution if name == "benchmarks" else None)
    return built


def markdown_for(built: dict[str, SectionEssay], extra: str = "") -> str:
    return "\n\n".join(["Grant Calloway", *(f"## {s.heading}" for s in built.values()), extra])


def test_published_issue_passes_every_applicable_gate(day_of):
    day = day_of(DATE)
    gold = controls.gold(day)
    results = gates_by_name(gold, day)
    assert set(results) == set(GATE_NAMES)
    assert not failed(list(results.values()))
    assert results["sections_present"].passed is None  # essay-only: not applicable, not passed
    assert results["aa_attribution"].passed is None


def test_claims_citing_unknown_items_or_nothing_fail(day_of):
    day = day_of(DATE)
    paragraphs = list(day.published.lead_essay)
    first = paragraphs[0].split(". ")[0]
    bad = [claim(0, first, paragraphs, sources=("no-such-item",)),
           claim(0, first, paragraphs, sources=(), kind="number", status="unsupported")]
    result = gates_by_name(candidate(day, paragraphs, bad), day)["claims_cite_items"]
    assert result.passed is False
    assert "no-such-item" in result.detail and "has no source" in result.detail
    analysis = [claim(0, first, paragraphs, kind="analysis", status="not_checkable")]
    assert gates_by_name(candidate(day, paragraphs, analysis), day)["claims_cite_items"].passed


def test_claims_must_match_a_span_of_their_paragraph(day_of):
    day = day_of(DATE)
    paragraphs = list(day.published.lead_essay)
    sentence = "The constraint is silicon."
    near = claim(1, "The constraint is  silicon", paragraphs, kind="analysis")
    elsewhere = claim(0, sentence, paragraphs, kind="analysis")  # true text, wrong paragraph
    invented = claim(1, "Nvidia bought Intel for $2 trillion.", paragraphs)
    assert gates_by_name(candidate(day, paragraphs, [near]), day)["claims_map_to_draft"].passed
    for bad in (elsewhere, invented):
        result = gates_by_name(candidate(day, paragraphs, [bad]), day)["claims_map_to_draft"]
        assert result.passed is False


def test_length_paragraphs_and_byline_are_enforced(day_of):
    day = day_of(DATE)
    short = candidate(day, [day.published.lead_essay[0]], byline="Sloane Duvall")
    results = gates_by_name(short, day)
    assert results["length_bounds"].passed is False and "words" in results["length_bounds"].detail
    assert results["byline"].passed is False
    six = candidate(day, list(day.published.lead_essay) + ["One.", "Two."])
    assert gates_by_name(six, day)["paragraph_bounds"].passed is False


def test_artificial_analysis_rows_need_the_credit_line(day_of):
    day = day_of(DATE)
    paragraphs = list(day.published.lead_essay)
    credit = "Data: Artificial Analysis (artificialanalysis.ai)"
    uncredited = sections(day, attribution=None)
    credited = sections(day, attribution=credit)
    missing = candidate(day, paragraphs, sections=uncredited, markdown=markdown_for(uncredited))
    present = candidate(day, paragraphs, sections=credited, markdown=markdown_for(credited, credit))
    unprinted = candidate(day, paragraphs, sections=credited, markdown=markdown_for(credited))
    assert gates_by_name(missing, day)["aa_attribution"].passed is False
    assert gates_by_name(present, day)["aa_attribution"].passed is True
    assert gates_by_name(unprinted, day)["aa_attribution"].passed is False


def test_a_missing_section_fails(day_of):
    day = day_of(DATE)
    built = sections(day, attribution="Data: Artificial Analysis", drop="trending")
    cand = candidate(day, list(day.published.lead_essay), sections=built,
                     markdown=markdown_for(built, "Data: Artificial Analysis"))
    result = gates_by_name(cand, day)["sections_present"]
    assert result.passed is False and "trending" in result.detail
