"""The claims perturbation suite: does the offline verifier pass real claims and catch bad ones?

One command generates every case from the archive (the published lead essays, the benchmark
tables each issue printed, and the day snapshots) and prints detection and false-flag rates:

    python -m evals.claims_perturbation [--archive DIR] [--json] [--no-drafts]

Families (a claim is *flagged* when its status is ``partial`` or ``unsupported``):

* ``real``: every sentence of every published lead essay, extracted and attributed against its
  own snapshot by the deterministic extractor. Target: at most 3% ``unsupported``.
* ``numeric``: one figure of a supported claim changed, the claim keeping its sources: a large
  change, a near miss (two units of the last written digit, one place for a rank) and, for
  scaled amounts, the wrong scale. Base claims (origins): the essays' supported claims, and one
  sentence per benchmark row each issue printed (rank, score, speed, price, resolved percent).
  Target: at least 98% flagged.
* ``entity_swap``: a company, lab, model, place or person of a supported claim replaced (every
  occurrence) by another of the same type that the archive mentions; sources kept. Origins:
  essays and benchmark sentences. Target: at least 90% flagged.
* ``fabricated``: a real statement cited to a real item that does not report it. Origins:
  ``transplant``, another day's supported essay claim cited to this day's closest item (BM25),
  and ``headline``, a used news item's headline cited to the closest *other* item of its day
  (near-duplicates of the headline's own story excluded). Target: at least 90% flagged.

* ``own`` (unless ``--no-drafts``): the desk's own claims on every sample day, drafted offline
  and re-verified against the package's own ``sources.json`` (``evals.reverify``); counted:
  claims the desk called supported that re-verification flags. Target: at most 1%, and every
  claim's status agrees.

Every choice is made from the data alone (seeded by claim id), never by looking at what the
verifier would say; misses are listed so they can be read. The verifier's thresholds were set on
these same four days (there is no held-out day yet), so treat the rates as in-sample.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field
from rapidfuzz import fuzz

from agent.claims.attribute import ItemIndex, best_quote
from agent.claims.entities import (
    KNOWN_ORGS,
    KNOWN_PLACES,
    KNOWN_PRODUCTS,
    Entity,
    normalize_name,
)
from agent.claims.extract import claims_from_known_sources, extract_claims
from agent.claims.numbers import ORDINAL_WORDS, Quantity, checkable_quantities
from agent.claims.verify import VerificationContext, verify_claim
from agent.paths import ARCHIVE_DIR
from agent.schemas import (
    BenchmarkRow,
    Claim,
    ClaimSource,
    ClaimStatus,
    DaySnapshot,
    NewsItem,
    PublishedIssue,
)
from agent.sources.snapshots import SNAPSHOT_FILE, archive_days, load_snapshot
from evals.reverify import TARGET as OWN_TARGET
from evals.reverify import AgreementReport, reverify_sample_days

TARGETS = {"real": 0.03, "numeric": 0.98, "entity_swap": 0.90, "fabricated": 0.90}
FLAGGED: frozenset[ClaimStatus] = frozenset({"partial", "unsupported"})


class CaseResult(BaseModel):
    family: str
    origin: str
    date: str
    claim_id: str
    change: str = Field(description="What changed: \"usd: '$100 billion' -> '$50 billion'\".")
    text: str
    cited: list[str]
    status: ClaimStatus
    failed_checks: list[str]
    nearest_source_text: str | None = None

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED


class OriginRate(BaseModel):
    origin: str
    cases: int
    counted: int = Field(description="Flagged cases (real: unsupported ones).")


class FamilyRate(BaseModel):
    family: str
    cases: int
    counted: int = Field(description="Flagged cases (real: unsupported ones).")
    rate: float
    target: str
    meets_target: bool
    origins: list[OriginRate]


class PerturbationReport(BaseModel):
    archive: str
    days: list[str]
    rates: list[FamilyRate]
    real_status_counts: dict[str, int]
    real_flagged: list[CaseResult] = Field(description="Real claims flagged partial/unsupported.")
    misses: list[CaseResult] = Field(description="Perturbed claims the verifier let through.")
    own: AgreementReport | None = Field(
        default=None, description="The desk's own claims re-verified against its sources.json.")

    def rate(self, family: str) -> FamilyRate:
        return next(r for r in self.rates if r.family == family)


@dataclass
class Day:
    date: str
    snapshot: DaySnapshot
    published: PublishedIssue
    context: VerificationContext
    real: list[Claim]  # the lead essay's claims, verified

    @property
    def index(self) -> ItemIndex:
        return self.context.index

    def verify(self, claim: Claim) -> Claim:
        return verify_claim(claim, self.context.items, context=self.context)


@dataclass
class Case:
    family: str
    origin: str
    day: Day
    claim: Claim
    change: str


# -- loading ---------------------------------------------------------------------------------


def load_days(archive_dir: Path) -> list[Day]:
    days = []
    for date in archive_days(archive_dir):
        snapshot = load_snapshot(archive_dir / date.isoformat() / SNAPSHOT_FILE)
        if snapshot.published is None:
            continue
        context = VerificationContext.build(snapshot.by_id())
        claims = extract_claims("essay", snapshot.published.lead_essay, context.index,
                                id_prefix=f"{date.isoformat()}.essay")
        real = [verify_claim(c, context.items, context=context) for c in claims]
        days.append(Day(date.isoformat(), snapshot, snapshot.published, context, real))
    return days


def table_claims(day: Day) -> list[Claim]:
    """One sentence per benchmark row the issue printed, cited to that row, verified."""
    rows = [day.context.items[i] for i in [*day.published.aa_ids, *day.published.swe_ids]]
    sentences = [(_row_sentence(row), row.id) for row in rows if isinstance(row, BenchmarkRow)]
    claims = claims_from_known_sources("benchmarks", [sentences], day.context.items,
                                       id_prefix=f"{day.date}.table", index=day.index)
    return [day.verify(c) for c in claims]


def _row_sentence(row: BenchmarkRow) -> str:
    rank = _ordinal(row.rank)
    if row.board == "swe_rebench":
        return f"{row.model} ranks {rank} on SWE-rebench, resolving {row.score:g} percent of tasks."
    speed = f", {row.tokens_per_s:g} tokens per second" if row.tokens_per_s is not None else ""
    price = (f" and ${row.price_per_1m_usd:.2f} per 1M tokens"
             if row.price_per_1m_usd is not None else "")
    return (f"{row.model} ranks {rank} on the Artificial Analysis Intelligence Index with a "
            f"score of {row.score:g}{speed}{price}.")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _origin(claim: Claim) -> str:
    return "table" if claim.section == "benchmarks" else "essay"


# -- numeric perturbations -------------------------------------------------------------------

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_SCALE_SWAP = {"billion": "million", "million": "billion", "trillion": "billion",
               "thousand": "million"}
_WORD_FOR = {value: word for word, value in ORDINAL_WORDS.items()}


def changed_figures(q: Quantity, rng: random.Random) -> list[tuple[str, str]]:
    """Variants of ``q.text`` that no rounding rule can absorb, each with its kind of change:
    a large change (halved, 1.5x, tripled), a near miss (two units of the last written digit;
    one place for ranks) and, for scaled amounts, the wrong scale (million for billion)."""
    if q.unit == "rank":
        rank = int(q.value)
        far_rank = rank + 2 if rank < 3 else rank - 2
        return [(_rank_text(q.text, far_rank), "rank"), (_rank_text(q.text, rank + 1), "rank")]
    digits = _DIGITS.search(q.text)
    if digits is None:
        return []
    raw = digits.group(0)
    value = float(raw.replace(",", ""))
    step = 10.0 ** -(len(raw.split(".")[1]) if "." in raw else 0)
    far = value + rng.choice([-2, 2]) if q.unit == "year" else value * rng.choice([0.5, 1.5, 3.0])
    near = value + 2 * step if q.unit == "year" or value < 4 * step else value - 2 * step
    variants: list[tuple[str, str]] = [(_replace(q.text, digits, far), q.unit),
                                       (_replace(q.text, digits, near), q.unit)]
    scale_word = next((w for w in _SCALE_SWAP if w in q.text.lower()), None)
    if scale_word:
        variants.append((q.text.replace(scale_word, _SCALE_SWAP[scale_word]), "scale"))
    return [(text, kind) for text, kind in variants if text != q.text]


def _replace(text: str, digits: re.Match[str], value: float) -> str:
    return text[:digits.start()] + _format_like(digits.group(0), value) + text[digits.end():]


def _rank_text(text: str, rank: int) -> str:
    if text.isalpha():
        word = _WORD_FOR[rank]
        return word.capitalize() if text[0].isupper() else word
    return str(rank) if text.isdigit() else _ordinal(rank)


def _format_like(raw: str, value: float) -> str:
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    if decimals == 0 and abs(value - round(value)) > 1e-9 and value < 10:
        decimals = 1  # 3 * 0.5 = 1.5 must stay distinct from 2
    return f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"


def numeric_cases(day: Day, base: Iterable[Claim]) -> Iterator[Case]:
    for claim in base:
        if claim.status != "supported":
            continue
        for position, q in enumerate(checkable_quantities(claim.text)):
            rng = random.Random(f"{claim.id}:{position}")
            for variant, (new_text, kind) in enumerate(changed_figures(q, rng)):
                text = claim.text[:q.span[0]] + new_text + claim.text[q.span[1]:]
                changed = claim.model_copy(update={"id": f"{claim.id}.n{position}.{variant}",
                                                   "text": text})
                yield Case("numeric", _origin(claim), day, changed,
                           f"{kind}: {q.text!r} -> {new_text!r}")


# -- entity swaps ----------------------------------------------------------------------------


def entity_pools(days: list[Day]) -> dict[str, list[str]]:
    """Models, organisations, places and people the archive mentions, by type."""
    models = {row.model for day in days for row in day.snapshot.items
              if isinstance(row, BenchmarkRow)}
    orgs = {item.org for day in days for item in day.snapshot.items
            if isinstance(item, NewsItem) and item.org}
    pools: dict[str, set[str]] = {"model": set(models), "org": set(orgs), "place": set(),
                                  "person": set()}
    for day in days:
        for claim in day.real:
            for entity in day.index.entities.extract(claim.text):
                kind = entity_type(entity.text, models, orgs)
                if kind is not None:
                    pools[kind].add(entity.text)
    return {kind: sorted(names) for kind, names in pools.items()}


def entity_type(name: str, models: set[str], orgs: set[str]) -> str | None:
    key = normalize_name(name)
    if name in models or key in KNOWN_PRODUCTS or re.search(r"\d", name):
        return "model"
    if key in KNOWN_PLACES:
        return "place"
    if name in orgs or key in KNOWN_ORGS:
        return "org"
    if re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", name):
        return "person"
    return None


def swap_cases(day: Day, base: Iterable[Claim], pools: dict[str, list[str]]) -> Iterator[Case]:
    models, orgs = set(pools["model"]), set(pools["org"])
    for claim in base:
        if claim.status != "supported":
            continue
        entities = day.index.entities.extract(claim.text)
        for position, entity in enumerate(entities[:2]):
            kind = entity_type(entity.text, models, orgs)
            replacement = _replacement(entity, kind, entities, pools, f"{claim.id}:{position}")
            if replacement is None:
                continue
            text = re.sub(rf"(?<!\w){re.escape(entity.text)}(?!\w)", replacement, claim.text)
            swapped = claim.model_copy(update={"id": f"{claim.id}.e{position}", "text": text})
            yield Case("entity_swap", _origin(claim), day, swapped,
                       f"{kind}: {entity.text!r} -> {replacement!r}")


def _replacement(entity: Entity, kind: str | None, in_claim: list[Entity],
                 pools: dict[str, list[str]], seed: str) -> str | None:
    if kind is None:
        return None
    taken = {normalize_name(e.text) for e in in_claim}
    own = normalize_name(entity.text)
    options = [name for name in pools[kind] if normalize_name(name) not in taken
               and normalize_name(name) not in own and own not in normalize_name(name)]
    return random.Random(seed).choice(options) if options else None


# -- fabricated citations --------------------------------------------------------------------


def transplanted_claims(days: list[Day]) -> Iterator[Case]:
    """Another day's supported essay claim, cited to this day's closest item."""
    for target in days:
        for donor in days:
            if donor is target:
                continue
            for claim in donor.real:
                if claim.status != "supported":
                    continue
                cited = _cite_closest(claim, target, exclude=set())
                if cited is not None:
                    yield Case("fabricated", "transplant", target, cited,
                               f"claim of {donor.date} cited to {cited.sources[0].item_id}")


def misattributed_headlines(days: list[Day]) -> Iterator[Case]:
    """A used news item's headline cited to the closest *other* item of the same day."""
    for day in days:
        for item in day.snapshot.items:
            if not isinstance(item, NewsItem) or not item.used_in_issue:
                continue
            claim = Claim(id=f"{day.date}.headline.{item.id}", section="essay", paragraph=0,
                          span=(0, len(item.title)), text=item.title, kind="fact")
            cited = _cite_closest(claim, day, exclude={item.id}, avoid_duplicates_of=item.title)
            if cited is not None:
                yield Case("fabricated", "headline", day, cited,
                           f"headline of {item.id} cited to {cited.sources[0].item_id}")


def _cite_closest(claim: Claim, day: Day, *, exclude: set[str],
                  avoid_duplicates_of: str | None = None) -> Claim | None:
    for item, _ in day.index.candidates(claim.text, k=5):
        if item.id in exclude:
            continue
        if avoid_duplicates_of and fuzz.token_set_ratio(avoid_duplicates_of,
                                                        item.evidence_text()) >= 80:
            continue
        quote = best_quote(claim.text, item) or item.title
        source = ClaimSource(item_id=item.id, url=item.url, quote=quote)
        kind = claim.kind if claim.kind != "analysis" else "fact"
        return claim.model_copy(update={"sources": [source], "kind": kind,
                                        "id": f"{claim.id}@{day.date}"})
    return None


# -- the suite -------------------------------------------------------------------------------


def generate_cases(days: list[Day]) -> Iterator[Case]:
    pools = entity_pools(days)
    for day in days:
        base = [*day.real, *table_claims(day)]
        yield from numeric_cases(day, base)
        yield from swap_cases(day, base, pools)
    yield from transplanted_claims(days)
    yield from misattributed_headlines(days)


def run_perturbation_suite(archive_dir: Path | None = None) -> PerturbationReport:
    archive_dir = archive_dir or ARCHIVE_DIR
    days = load_days(archive_dir)
    real = [_result(Case("real", "essay", day, claim, "none"), claim)
            for day in days for claim in day.real]
    perturbed = [_result(case, case.day.verify(case.claim)) for case in generate_cases(days)]
    return _report(archive_dir, days, real, perturbed)


def _result(case: Case, verified: Claim) -> CaseResult:
    return CaseResult(
        family=case.family, origin=case.origin, date=case.day.date, claim_id=verified.id,
        change=case.change, text=verified.text, cited=[s.item_id for s in verified.sources],
        status=verified.status, nearest_source_text=verified.nearest_source_text,
        failed_checks=[f"{c.name}: {c.detail}" for c in verified.checks if not c.passed],
    )


def _family_rate(family: str, results: list[CaseResult]) -> FamilyRate:
    def counted(result: CaseResult) -> bool:
        return result.status == "unsupported" if family == "real" else result.flagged

    total = sum(1 for r in results if counted(r))
    rate = total / len(results) if results else 0.0
    target = TARGETS[family]
    meets = bool(results) and (rate <= target if family == "real" else rate >= target)
    origins = sorted({r.origin for r in results})
    return FamilyRate(
        family=family, cases=len(results), counted=total, rate=rate, meets_target=meets,
        target=f"<= {target:.0%} unsupported" if family == "real" else f">= {target:.0%} flagged",
        origins=[OriginRate(origin=o, cases=sum(1 for r in results if r.origin == o),
                            counted=sum(1 for r in results if r.origin == o and counted(r)))
                 for o in origins],
    )


def _report(archive_dir: Path, days: list[Day], real: list[CaseResult],
            perturbed: list[CaseResult]) -> PerturbationReport:
    rates = [_family_rate("real", real)]
    rates += [_family_rate(f, [r for r in perturbed if r.family == f])
              for f in ("numeric", "entity_swap", "fabricated")]
    counts = {status: sum(1 for r in real if r.status == status)
              for status in ("supported", "partial", "unsupported", "not_checkable")}
    return PerturbationReport(
        archive=str(archive_dir), days=[d.date for d in days], rates=rates,
        real_status_counts=counts, real_flagged=[r for r in real if r.flagged],
        misses=[r for r in perturbed if not r.flagged],
    )


def print_report(report: PerturbationReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Claims perturbation suite ({', '.join(report.days)})")
    for column in ("family", "cases", "counted", "rate", "target", "ok", "by origin"):
        table.add_column(column)
    for rate in report.rates:
        origins = ", ".join(f"{o.origin} {o.counted}/{o.cases}" for o in rate.origins)
        table.add_row(rate.family, str(rate.cases), str(rate.counted), f"{rate.rate:.1%}",
                      rate.target, "yes" if rate.meets_target else "NO", origins)
    console.print(table)
    if report.own is not None:
        own = report.own
        console.print(f"own: {own.flagged}/{own.claims} of the desk's claims flagged on "
                      f"re-verification against sources.json ({own.rate:.1%}, target <= "
                      f"{OWN_TARGET:.0%}); statuses agree: {'yes' if own.agrees else 'NO'}")
    console.print(f"real claims by status: {report.real_status_counts}")
    for case in report.real_flagged:
        console.print(f"real {case.status} {case.claim_id}: {case.text}", markup=False)
        console.print(f"    {'; '.join(case.failed_checks)}", markup=False)
    console.print(f"perturbed claims not flagged: {len(report.misses)}")
    for case in report.misses:
        console.print(f"  {case.family}/{case.origin} {case.claim_id} ({case.change}): "
                      f"{case.text[:160]}", markup=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=None, help="Archive directory.")
    parser.add_argument("--json", action="store_true", help="Print the report as JSON only.")
    parser.add_argument("--no-drafts", action="store_true",
                        help="Skip drafting the sample days (the 'own' family).")
    args = parser.parse_args(argv)
    report = run_perturbation_suite(args.archive)
    if not args.no_drafts:
        report.own = reverify_sample_days(args.archive)
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print_report(report)
    own_ok = report.own is None or (report.own.agrees and report.own.rate <= OWN_TARGET)
    return 0 if own_ok and all(rate.meets_target for rate in report.rates) else 1


if __name__ == "__main__":
    sys.exit(main())
