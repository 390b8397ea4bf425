"""Tier 0: contract gates. Offline, pass/fail, expected at 100% for the system under test.

A gate that cannot apply to a row (sections and the data credit line do not exist for essays
taken from published issues) is ``None`` (not applicable), never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field
from rapidfuzz import fuzz

from agent.schemas import SECTION_NAMES, Claim
from evals.metrics.base import Candidate, EvalDay, Frozen

SPAN_MATCH_THRESHOLD = 80.0
"""rapidfuzz partial_ratio (0-100) a claim's text must reach against its paragraph (notes: 0.8)."""
AA_NAME = "Artificial Analysis"


class GateResult(Frozen):
    name: str
    passed: bool | None = Field(description="None: the gate does not apply to this row.")
    detail: str = ""


def run_gates(candidate: Candidate, day: EvalDay) -> list[GateResult]:
    return [gate(candidate, day) for gate in GATES]


def failed(gates: list[GateResult]) -> list[GateResult]:
    return [gate for gate in gates if gate.passed is False]


def _result(name: str, problems: list[str]) -> GateResult:
    return GateResult(name=name, passed=not problems, detail="; ".join(problems[:3]))


def sections_present(candidate: Candidate, day: EvalDay) -> GateResult:
    if candidate.sections is None:
        return GateResult(name="sections_present", passed=None, detail="essay-only control")
    problems = []
    for name in SECTION_NAMES:
        section = candidate.sections.get(name)
        if section is None or not (section.paragraphs or section.item_ids):
            problems.append(f"section {name} is missing or empty")
        elif candidate.markdown is not None and f"## {section.heading}" not in candidate.markdown:
            problems.append(f"draft.md has no '{section.heading}' heading")
    return _result("sections_present", problems)


def byline(candidate: Candidate, day: EvalDay) -> GateResult:
    from agent.config import load_desk_config

    expected = load_desk_config().editorial.byline
    problems = [] if candidate.byline == expected else [f"by-line is {candidate.byline!r}"]
    if candidate.markdown is not None and expected not in candidate.markdown:
        problems.append("draft.md does not carry the by-line")
    return _result("byline", problems)


def length_bounds(candidate: Candidate, day: EvalDay) -> GateResult:
    from agent.config import load_desk_config
    from agent.text import word_count

    editorial = load_desk_config().editorial
    words = sum(word_count(p) for p in candidate.paragraphs)
    ok = editorial.min_words <= words <= editorial.max_words
    detail = f"{words} words (bounds {editorial.min_words}-{editorial.max_words})"
    return GateResult(name="length_bounds", passed=ok, detail=detail)


def paragraph_bounds(candidate: Candidate, day: EvalDay) -> GateResult:
    from agent.config import load_desk_config

    most = load_desk_config().editorial.max_paragraphs
    count = len([p for p in candidate.paragraphs if p.strip()])
    return GateResult(name="paragraph_bounds", passed=1 <= count <= most,
                      detail=f"{count} paragraphs (bounds 1-{most})")


def claims_valid(candidate: Candidate, day: EvalDay) -> GateResult:
    if candidate.claims_error is not None:
        return GateResult(name="claims_valid", passed=False, detail=candidate.claims_error)
    if candidate.from_graph and not candidate.claims:
        return GateResult(name="claims_valid", passed=False, detail="claims.json has no claims")
    return GateResult(name="claims_valid", passed=True, detail=f"{len(candidate.claims)} claims")


def claims_cite_items(candidate: Candidate, day: EvalDay) -> GateResult:
    """Every source resolves to an item of the day; every non-analysis claim has a source."""
    problems = []
    for claim in candidate.claims:
        unknown = [s.item_id for s in claim.sources if s.item_id not in day.items]
        if unknown:
            problems.append(f"{claim.id} cites unknown item(s) {', '.join(unknown)}")
        elif not claim.sources and claim.kind != "analysis" and claim.status != "not_checkable":
            problems.append(f"{claim.id} ({claim.kind}, {claim.status}) has no source")
    return _result("claims_cite_items", problems)


def claims_map_to_draft(candidate: Candidate, day: EvalDay) -> GateResult:
    problems = [f"{claim.id} does not match its paragraph: {claim.text[:60]!r}"
                for claim in candidate.claims if not _claim_in_draft(claim, candidate)]
    return _result("claims_map_to_draft", problems)


def _claim_in_draft(claim: Claim, candidate: Candidate) -> bool:
    paragraphs = _section_paragraphs(claim.section, candidate)
    if paragraphs is None or claim.paragraph >= len(paragraphs):
        return False
    return fuzz.partial_ratio(claim.text, paragraphs[claim.paragraph]) >= SPAN_MATCH_THRESHOLD


def _section_paragraphs(section: str, candidate: Candidate) -> list[str] | None:
    if section == "essay":
        return candidate.paragraphs
    if candidate.sections is None or section not in candidate.sections:
        return None
    return candidate.sections[section].paragraphs


def aa_attribution(candidate: Candidate, day: EvalDay) -> GateResult:
    """The Artificial Analysis credit line is shown whenever its rows are."""
    if candidate.sections is None:
        return GateResult(name="aa_attribution", passed=None, detail="essay-only control")
    section = candidate.sections.get("benchmarks")
    shown = [i for i in (section.item_ids if section else [])
             if getattr(day.items.get(i), "board", None) == "artificial_analysis"]
    if not shown:
        return GateResult(name="aa_attribution", passed=True, detail="no AA rows shown")
    credit = (section.attribution or "") if section else ""
    problems = [] if AA_NAME in credit else ["benchmarks section has no Artificial Analysis credit"]
    if credit and candidate.markdown is not None and credit not in candidate.markdown:
        problems.append("draft.md does not print the credit line")
    return _result("aa_attribution", problems)


GATES: tuple[Callable[[Candidate, EvalDay], GateResult], ...] = (
    sections_present, byline, length_bounds, paragraph_bounds, claims_valid, claims_cite_items,
    claims_map_to_draft, aa_attribution,
)
GATE_NAMES: tuple[str, ...] = tuple(gate.__name__ for gate in GATES)
