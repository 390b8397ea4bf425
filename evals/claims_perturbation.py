"""The claims perturbation suite: does the offline verifier pass real claims and catch bad ones?

One command generates every case from the archive (the published lead essays, the benchmark
tables each issue printed, and the day snapshots) and prints detection and false-flag rates:

    python -m evals.claims_perturbation [--archive DIR] [--json]

Families (a claim is *flagged* when its status is ``partial`` or ``unsupported``):

* ``real``: every sentence of every published lead essay, extracted and attributed against its
  own snapshot by the deterministic extractor. Target: at most 3% ``unsupported``.
* ``numeric``: one figure of a supported claim changed (amount, percent, count, rank, score,
  year, multiplier, speed, price) by an amount no rounding rule can absorb; the claim keeps its
  sources. Base claims are the essays' supported number claims and one sentence per benchmark
  row the issue printed. Target: at least 98% flagged.
* ``entity_swap``: a company, lab, model or person of a supported claim replaced (every
  occurrence) by another of the same type that the archive mentions; the claim keeps its sources.
  Target: at least 90% flagged.
* ``fabricated``: a real statement cited to a real item that does not report it: another day's
  supported essay claim cited to that day's closest item, or one item's headline cited to the
  closest *other* item of the day (near-duplicates of the headline's own story are excluded).
  Target: at least 90% flagged.

Perturbations are chosen from the data alone (seeded by claim id), never by looking at what the
verifier would say; misses are listed so they can be read.
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
from agent.claims.entities import KNOWN_NAMES, Entity, normalize_name
from agent.claims.extract import claims_from_known_sources, extract_claims
from agent.claims.numbers import ORDINAL_WORDS, Quantity, checkable_quantities
from agent.claims.verify import VerificationContext, verify_claim
from agent.paths import ARCHIVE_DIR
from agent.schemas import BenchmarkRow, Claim, ClaimSource, ClaimStatus, DaySnapshot, NewsItem
from agent.snapshot import SNAPSHOT_FILE, archive_days, load_snapshot

TARGETS = {"real": 0.03, "numeric": 0.98, "entity_swap": 0.90, "fabricated": 0.90}
FLAGGED: frozenset[ClaimStatus] = frozenset({"partial", "unsupported"})


class CaseResult(BaseModel):
    family: str
    date: str
    claim_id: str
    change: str = Field(description="What was perturbed, e.g. \"'$100 billion' -> '$150 billion'\".")
    text: str
    cited: list[str]
    status: ClaimStatus
    failed_checks: list[str]
    nearest_source_text: str | None = None

    @property
    def flagged(self) -> bool:
        return self.status in FLAGGED


class FamilyRate(BaseModel):
    family: str
    cases: int
    flagged: int
    rate: float = Field(description="real: unsupported share; others: flagged share.")
    target: str
    meets_target: bool


class PerturbationReport(BaseModel):
    archive: str
    days: list[str]
    rates: list[FamilyRate]
    real_status_counts: dict[str, int]
    real_flagged: list[CaseResult] = Field(description="Real claims flagged partial/unsupported.")
    misses: list[CaseResult] = Field(description="Perturbed claims the verifier let through.")

    def rate(self, family: str) -> FamilyRate:
        return next(r for r in self.rates if r.family == family)


@dataclass
class Day:
    date: str
    snapshot: DaySnapshot
    context: VerificationContext
    real: list[Claim]  # verified essay claims

    @property
    def index(self) -> ItemIndex:
        return self.context.index

    def verify(self, claim: Claim) -> Claim:
        return verify_claim(claim, self.context.items, context=self.context)


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
        days.append(Day(date.isoformat(), snapshot, context, real))
    return days


def table_claims(day: Day) -> list[Claim]:
    """One sentence per benchmark row the issue printed, cited to that row, verified."""
    published = day.snapshot.published
    assert published is not None
    rows = [day.context.items[i] for i in [*published.aa_ids, *published.swe_ids]]
    sentences = [(_row_sentence(row), row.id) for row in rows if isinstance(row, BenchmarkRow)]
    claims = claims_from_known_sources("benchmarks", [sentences], day.context.items,
                                       id_prefix=f"{day.date}.table", index=day.index)
    return [day.verify(c) for c in claims]


def _row_sentence(row: BenchmarkRow) -> str:
    if row.board == "swe_rebench":
        return f"{row.model} ranks {_ordinal(row.rank)} on SWE-rebench, resolving {row.score:g} percent of tasks."
    speed = f", {row.tokens_per_s:g} tokens per second" if row.tokens_per_s is not None else ""
    price = f" and ${row.price_per_1m_usd:.2f} per 1M tokens" if row.price_per_1m_usd is not None else ""
    return (f"{row.model} ranks {_ordinal(row.rank)} on the Artificial Analysis Intelligence "
            f"Index with a score of {row.score:g}{speed}{price}.")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- numeric perturbations -------------------------------------------------------------------

_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_SCALE_SWAP = {"billion": "million", "million": "billion", "trillion": "billion",
               "thousand": "million"}
_WORD_FOR = {value: word for word, value in ORDINAL_WORDS.items()}


def changed_figure(q: Quantity, rng: random.Random) -> str | None:
    """``q.text`` with its value changed beyond any rounding tolerance, in the same style."""
    if q.unit == "rank":
        new_rank = int(q.value) + rng.choice([2, 3]) if q.value < 4 else int(q.value) - 2
        if q.text.isalpha():
            return _WORD_FOR[new_rank].capitalize() if q.text[0].isupper() else _WORD_FOR[new_rank]
        return _ordinal(new_rank) if not q.text.isdigit() else str(new_rank)
    scale_word = next((w for w in _SCALE_SWAP if w in q.text.lower()), None)
    if scale_word and rng.random() < 0.3:
        return q.text.replace(scale_word, _SCALE_SWAP[scale_word])
    factor = {"year": None, "percent": rng.choice([0.6, 1.4]), "pp": 2.0}.get(q.unit, rng.choice([0.5, 1.5, 3.0]))
    digits = _DIGITS.search(q.text)
    if digits is None:
        return None
    raw = digits.group(0)
    value = float(raw.replace(",", ""))
    new_value = value + rng.choice([-2, 2]) if factor is None else value * factor
    return q.text[:digits.start()] + _format_like(raw, new_value) + q.text[digits.end():]


def _format_like(raw: str, value: float) -> str:
    decimals = len(raw.split(".")[1]) if "." in raw else 0
    if decimals == 0 and abs(value - round(value)) > 1e-9 and value < 10:
        decimals = 1  # 3 * 0.5 = 1.5 must stay distinct from 2
    text = f"{value:,.{decimals}f}" if "," in raw else f"{value:.{decimals}f}"
    return text


def numeric_cases(day: Day, base: Iterable[Claim]) -> Iterator[tuple[Claim, str]]:
    for claim in base:
        if claim.status != "supported":
            continue
        for position, q in enumerate(checkable_quantities(claim.text)):
            rng = random.Random(f"{claim.id}:{position}")
            new_text = changed_figure(q, rng)
            if new_text is None or new_text == q.text:
                continue
            text = claim.text[:q.span[0]] + new_text + claim.text[q.span[1]:]
            yield claim.model_copy(update={"id": f"{claim.id}.n{position}", "text": text}), \
                f"{q.text!r} -> {new_text!r}"


# -- entity swaps ----------------------------------------------------------------------------


def entity_pools(days: list[Day]) -> dict[str, list[str]]:
    """Models, organisations and people the archive mentions, by type."""
    models = {row.model for day in days for row in day.snapshot.items
              if isinstance(row, BenchmarkRow)}
    orgs = {item.org for day in days for item in day.snapshot.items
            if isinstance(item, NewsItem) and item.org}
    people: set[str] = set()
    for day in days:
        for claim in day.real:
            for entity in day.index.entities.extract(claim.text):
                kind = entity_type(entity.text, models, orgs)
                (orgs if kind == "org" else people if kind == "person" else set()).add(entity.text)
    return {"model": sorted(models), "org": sorted(orgs), "person": sorted(people)}


def entity_type(name: str, models: set[str], orgs: set[str]) -> str | None:
    if name in models or re.search(r"\d", name):
        return "model"
    if name in orgs or normalize_name(name) in KNOWN_NAMES:
        return "org"
    if re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", name):
        return "person"
    return None


def swap_cases(day: Day, base: Iterable[Claim], pools: dict[str, list[str]]) -> Iterator[tuple[Claim, str]]:
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
            yield claim.model_copy(update={"id": f"{claim.id}.e{position}", "text": text}), \
                f"{entity.text!r} -> {replacement!r}"


def _replacement(entity: Entity, kind: str | None, in_claim: list[Entity],
                 pools: dict[str, list[str]], seed: str) -> str | None:
    if kind is None:
        return None
    taken = {normalize_name(e.text) for e in in_claim}
    options = [name for name in pools[kind] if normalize_name(name) not in taken
               and normalize_name(name) not in normalize_name(entity.text)
               and normalize_name(entity.text) not in normalize_name(name)]
    return random.Random(seed).choice(options) if options else None


# -- fabricated citations --------------------------------------------------------------------


def fabricated_cases(days: list[Day]) -> Iterator[tuple[Day, Claim, str]]:
    yield from _transplanted_claims(days)
    yield from _misattributed_headlines(days)


def _transplanted_claims(days: list[Day]) -> Iterator[tuple[Day, Claim, str]]:
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
                    yield target, cited, f"claim from {donor.date} cited to {target.date}"


def _misattributed_headlines(days: list[Day]) -> Iterator[tuple[Day, Claim, str]]:
    """A news item's headline cited to the closest *other* item of the same day."""
    for day in days:
        for item in day.snapshot.items:
            if not isinstance(item, NewsItem) or not item.used_in_issue:
                continue
            claim = Claim(id=f"{day.date}.headline.{item.id}", section="essay", paragraph=0,
                          span=(0, len(item.title)), text=item.title, kind="fact")
            cited = _cite_closest(claim, day, exclude={item.id}, avoid_duplicates_of=item.title)
            if cited is not None:
                yield day, cited, f"headline of {item.id} cited to {cited.sources[0].item_id}"


def _cite_closest(claim: Claim, day: Day, *, exclude: set[str],
                  avoid_duplicates_of: str | None = None) -> Claim | None:
    for item, _ in day.index.candidates(claim.text, k=5):
        if item.id in exclude:
            continue
        if avoid_duplicates_of and fuzz.token_set_ratio(avoid_duplicates_of, item.evidence_text()) >= 80:
            continue
        quote = best_quote(claim.text, item) or item.title
        source = ClaimSource(item_id=item.id, url=item.url, quote=quote)
        kind = claim.kind if claim.kind != "analysis" else "fact"
        return claim.model_copy(update={"sources": [source], "kind": kind,
                                        "id": f"{claim.id}@{day.date}"})
    return None


# -- the suite -------------------------------------------------------------------------------


def run_perturbation_suite(archive_dir: Path | None = None) -> PerturbationReport:
    archive_dir = archive_dir or ARCHIVE_DIR
    days = load_days(archive_dir)
    real = [_result("real", day, c, "none") for day in days for c in day.real]
    pools = entity_pools(days)
    numeric, swaps = [], []
    for day in days:
        base = [*day.real, *table_claims(day)]
        numeric += [_result("numeric", day, day.verify(c), why) for c, why in numeric_cases(day, base)]
        swaps += [_result("entity_swap", day, day.verify(c), why) for c, why in swap_cases(day, base, pools)]
    fabricated = [_result("fabricated", day, day.verify(c), why)
                  for day, c, why in fabricated_cases(days)]
    return _report(archive_dir, days, real, {"numeric": numeric, "entity_swap": swaps,
                                             "fabricated": fabricated})


def _result(family: str, day: Day, claim: Claim, change: str) -> CaseResult:
    return CaseResult(
        family=family, date=day.date, claim_id=claim.id, change=change, text=claim.text,
        cited=[s.item_id for s in claim.sources], status=claim.status,
        failed_checks=[f"{c.name}: {c.detail}" for c in claim.checks if not c.passed],
        nearest_source_text=claim.nearest_source_text,
    )


def _report(archive_dir: Path, days: list[Day], real: list[CaseResult],
            perturbed: dict[str, list[CaseResult]]) -> PerturbationReport:
    unsupported = sum(1 for r in real if r.status == "unsupported")
    real_rate = unsupported / len(real) if real else 0.0
    rates = [FamilyRate(family="real", cases=len(real), flagged=unsupported, rate=real_rate,
                        target=f"<= {TARGETS['real']:.0%} unsupported",
                        meets_target=bool(real) and real_rate <= TARGETS["real"])]
    for family, results in perturbed.items():
        flagged = sum(1 for r in results if r.flagged)
        rate = flagged / len(results) if results else 0.0
        rates.append(FamilyRate(family=family, cases=len(results), flagged=flagged, rate=rate,
                                target=f">= {TARGETS[family]:.0%} flagged",
                                meets_target=bool(results) and rate >= TARGETS[family]))
    counts = {status: sum(1 for r in real if r.status == status)
              for status in ("supported", "partial", "unsupported", "not_checkable")}
    return PerturbationReport(
        archive=str(archive_dir), days=[d.date for d in days], rates=rates,
        real_status_counts=counts, real_flagged=[r for r in real if r.flagged],
        misses=[r for results in perturbed.values() for r in results if not r.flagged],
    )


def print_report(report: PerturbationReport) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Claims perturbation suite ({', '.join(report.days)})")
    for column in ("family", "cases", "flagged", "rate", "target", "ok"):
        table.add_column(column)
    for rate in report.rates:
        table.add_row(rate.family, str(rate.cases), str(rate.flagged), f"{rate.rate:.1%}",
                      rate.target, "yes" if rate.meets_target else "NO")
    console.print(table)
    console.print(f"real claims by status: {report.real_status_counts}")
    for case in report.real_flagged:
        console.print(f"[bold]real {case.status}[/] {case.claim_id}: {case.text}", markup=True)
        console.print(f"    {'; '.join(case.failed_checks)}", markup=False)
    console.print(f"misses: {len(report.misses)}")
    for case in report.misses:
        console.print(f"  {case.family} {case.claim_id} ({case.change}): {case.text[:160]}",
                      markup=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive", type=Path, default=None, help="Archive directory.")
    parser.add_argument("--json", action="store_true", help="Print the report as JSON only.")
    args = parser.parse_args(argv)
    report = run_perturbation_suite(args.archive)
    if args.json:
        print(report.model_dump_json(indent=2))
    else:
        print_report(report)
    return 0 if all(rate.meets_target for rate in report.rates) else 1


if __name__ == "__main__":
    sys.exit(main())
