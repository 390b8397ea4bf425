"""``desk learn``: proposals for the rubric and the style guide, mined from the editor's edits.

Only text the editor wrote teaches (``edit`` and ``approved_editor_text`` records); per run and
section the first draft is compared with the editor's last word. A pattern becomes a proposal
only when it recurs in at least ``MIN_RUNS`` runs, and one the rubric already enforces is left
out. Proposals are written for the editor to accept by hand: nothing is ever applied here.

* phrases editors delete (short deletions, not cut sentences) -> banned-phrase candidates;
* figures rewritten in another form (``1500`` -> ``1,500``) -> formatting rules;
* words replaced by the same word each time -> word-choice rules;
* a consistent shift in sentence length -> a sentence-rhythm setting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from statistics import mean
from typing import Literal

from pydantic import BaseModel, Field

from agent.editor.edits import EDITOR_KINDS
from agent.persistence.runs import EditorEdit
from agent.text import split_sentences, word_count

MIN_RUNS = 2
MAX_PHRASE_EDIT = 6
"""Longer deletions are content cuts (a sentence dropped), not style."""
MIN_SENTENCE_SHIFT = 3.0
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*%?")
_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in",
    "is", "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were",
    "will", "with", "which", "who"))
# (draft form, editor form) -> the lint that already enforces it
ENFORCED = {("percent sign", "percent spelled"): "percent_format",
            ("abbreviated scale", "spelled scale"): "money_format"}

ProposalKind = Literal["banned_phrase", "number_format", "word_choice", "sentence_length"]


class Example(BaseModel):
    date: str
    section: str
    draft: str
    editor: str


class Proposal(BaseModel):
    id: str = Field(description="Stable id: the same pattern keeps the same id across runs.")
    kind: ProposalKind
    target: Literal["rubric", "style_guide"]
    rule: str = Field(description="The proposed addition, worded for the file it would go in.")
    rationale: str
    runs: int = Field(description="Distinct runs in which the editor made this change.")
    examples: list[Example]


class ProposalSet(BaseModel):
    generated_at: dt.datetime
    texts_analysed: int
    proposals: list[Proposal]
    applied: Literal[False] = False
    """Always False: proposals are for the editor to accept, by hand."""


@dataclass(frozen=True)
class TextPair:
    """The draft's text and the editor's final text of one section in one run."""

    date: str
    thread_id: str
    section: str
    draft: str
    editor: str


@dataclass(frozen=True)
class RubricFacts:
    banned: tuple[str, ...]
    lint_ids: frozenset[str]
    max_mean: float
    min_mean: float


def editor_texts(edits: Iterable[EditorEdit]) -> list[TextPair]:
    """One pair per run and section: the approved editor text if any, else the first edit's
    draft against the last edit's text."""
    grouped: dict[tuple[str, str], list[EditorEdit]] = defaultdict(list)
    for edit in edits:
        if edit.kind in EDITOR_KINDS:
            grouped[(edit.thread_id, edit.section)].append(edit)
    pairs = []
    for (thread, section), group in grouped.items():
        approved = [e for e in group if e.kind == "approved_editor_text"]
        first, last = (approved[-1], approved[-1]) if approved else (group[0], group[-1])
        pairs.append(TextPair(date=first.date, thread_id=thread, section=section,
                              draft=first.before_text, editor=last.after_text))
    return pairs


def build_proposals(edits: Iterable[EditorEdit], facts: RubricFacts) -> ProposalSet:
    pairs = editor_texts(edits)
    proposals = [*deleted_phrases(pairs, facts), *number_formats(pairs, facts),
                 *word_choices(pairs), *sentence_length(pairs, facts)]
    return ProposalSet(generated_at=dt.datetime.now(dt.UTC), texts_analysed=len(pairs),
                       proposals=proposals)


# -- patterns ----------------------------------------------------------------------------------


class _Tally:
    """Which runs showed each pattern, with an example from each."""

    def __init__(self) -> None:
        self.runs: dict[str, set[str]] = defaultdict(set)
        self.examples: dict[str, list[Example]] = defaultdict(list)

    def add(self, key: str, pair: TextPair, draft: str, editor: str) -> None:
        if pair.thread_id not in self.runs[key]:
            self.examples[key].append(Example(date=pair.date, section=pair.section, draft=draft,
                                              editor=editor))
        self.runs[key].add(pair.thread_id)

    def recurring(self) -> list[str]:
        keys = [k for k, runs in self.runs.items() if len(runs) >= MIN_RUNS]
        return sorted(keys, key=lambda k: (-len(self.runs[k]), -len(k.split()), k))


def _edits(pair: TextPair) -> Iterable[tuple[str, list[str], list[str], str, str]]:
    """(tag, draft tokens, editor tokens, draft sentence, editor sentence) per changed span."""
    draft, editor = _tokens(pair.draft), _tokens(pair.editor)
    matcher = SequenceMatcher(None, [t.lower() for t in draft], [t.lower() for t in editor],
                              autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield tag, draft[i1:i2], editor[j1:j2], " ".join(draft[max(i1 - 4, 0):i2 + 4]), \
                " ".join(editor[max(j1 - 4, 0):j2 + 4])


def deleted_phrases(pairs: Sequence[TextPair], facts: RubricFacts) -> list[Proposal]:
    tally = _Tally()
    for pair in pairs:
        kept = f" {' '.join(_tokens(pair.editor)).lower()} "
        for tag, removed, _added, context, after in _edits(pair):
            if tag != "delete" or len(removed) > MAX_PHRASE_EDIT:  # replacements: word_choices
                continue
            for phrase in _phrases(removed):
                if f" {phrase} " not in kept:
                    tally.add(phrase, pair, context, after)
    recurring = [p for p in tally.recurring() if not _already_banned(p, facts.banned)]
    longest = [p for p in recurring if not any(
        p != q and f" {p} " in f" {q} " and tally.runs[p] == tally.runs[q] for q in recurring)]
    return [Proposal(
        id=_id("banned_phrase", phrase), kind="banned_phrase", target="rubric",
        rule=f'add "{phrase}" to the phrases of lint stock_phrases (prompts/rubric.toml)',
        rationale=f'the editor deleted "{phrase}" in {len(tally.runs[phrase])} runs',
        runs=len(tally.runs[phrase]), examples=tally.examples[phrase][:3]) for phrase in longest]


def _already_banned(phrase: str, banned: Sequence[str]) -> bool:
    """The rubric flags it already, or it is a piece of a phrase the rubric flags."""
    from agent.rubric.phrases import find_phrases

    return bool(find_phrases(phrase, tuple(banned))) or any(
        f" {phrase} " in f" {b.rstrip('*').lower()} " for b in banned)


def _phrases(tokens: Sequence[str]) -> Iterable[str]:
    words = [t.lower() for t in tokens if not t[0].isdigit()]
    for size in range(1, len(words) + 1):
        for start in range(len(words) - size + 1):
            gram = words[start:start + size]
            if all(w in _STOPWORDS for w in gram) or (size == 1 and len(gram[0]) < 4):
                continue
            yield " ".join(gram)


def number_formats(pairs: Sequence[TextPair], facts: RubricFacts) -> list[Proposal]:
    from agent.claims.numbers import extract_quantities

    tally = _Tally()
    for pair in pairs:
        rewritten = extract_quantities(pair.editor)
        for before in extract_quantities(pair.draft):
            if before.text in pair.editor:
                continue
            after = next((q for q in rewritten if q.unit == before.unit and q.text != before.text
                          and math.isclose(q.value, before.value, rel_tol=1e-9)), None)
            if after is None:
                continue
            forms = (number_form(before.text), number_form(after.text))
            if forms[0] != forms[1] and ENFORCED.get(forms) not in facts.lint_ids:
                tally.add(f"{forms[0]} -> {forms[1]}", pair, before.text, after.text)
    return [Proposal(
        id=_id("number_format", key), kind="number_format", target="style_guide",
        rule=f"Figures: write {key.split(' -> ')[1]} rather than {key.split(' -> ')[0]} "
             f"(e.g. {tally.examples[key][0].editor!r}, not {tally.examples[key][0].draft!r})",
        rationale=f"the editor reformatted figures this way in {len(tally.runs[key])} runs",
        runs=len(tally.runs[key]), examples=tally.examples[key][:3]) for key in tally.recurring()]


def number_form(text: str) -> str:
    if "%" in text:
        return "percent sign"
    if re.search(r"percent", text, re.I):
        return "percent spelled"
    if re.search(r"\d\s?(bn|mn|[bmkt]n?)\b", text, re.I):
        return "abbreviated scale"
    if re.search(r"thousand|million|billion|trillion", text, re.I):
        return "spelled scale"
    if not re.search(r"\d", text):
        return "number in words"
    if re.search(r"\d{1,3}(,\d{3})+", text):
        return "thousands separator"
    if re.search(r"\d{4,}", text.replace(".", "")):
        return "digits without separator"
    return "digits"


def word_choices(pairs: Sequence[TextPair]) -> list[Proposal]:
    tally = _Tally()
    for pair in pairs:
        for tag, removed, added, context, after in _edits(pair):
            if (tag == "replace" and 1 <= len(removed) <= 2 and 1 <= len(added) <= 2
                    and not any(t[0].isdigit() for t in [*removed, *added])):
                tally.add(f"{' '.join(removed).lower()} -> {' '.join(added).lower()}", pair,
                          context, after)
    return [Proposal(
        id=_id("word_choice", key), kind="word_choice", target="style_guide",
        rule=f'Prefer "{key.split(" -> ")[1]}" to "{key.split(" -> ")[0]}"',
        rationale=f"the editor made this replacement in {len(tally.runs[key])} runs",
        runs=len(tally.runs[key]), examples=tally.examples[key][:3]) for key in tally.recurring()]


def sentence_length(pairs: Sequence[TextPair], facts: RubricFacts) -> list[Proposal]:
    """A shift in mean sentence length, in the same direction in every run that shows one."""
    shifts: list[tuple[TextPair, float, float]] = []
    for pair in pairs:
        draft, edited = _mean_length(pair.draft), _mean_length(pair.editor)
        if draft and edited and abs(edited - draft) >= MIN_SENTENCE_SHIFT:
            shifts.append((pair, draft, edited))
    runs = {p.thread_id for p, _, _ in shifts}
    if len(runs) < MIN_RUNS or len({e < d for _, d, e in shifts}) != 1:
        return []
    draft, edited = mean(d for _, d, _ in shifts), mean(e for _, _, e in shifts)
    target, rule = _length_rule(edited, shorter=edited < draft, facts=facts)
    return [Proposal(
        id=_id("sentence_length", target), kind="sentence_length", target=target, rule=rule,
        rationale=(f"in {len(runs)} runs the editor's sentences average {edited:.1f} words "
                   f"against {draft:.1f} in the drafts"),
        runs=len(runs),
        examples=[Example(date=p.date, section=p.section, draft=f"{d:.1f} words per sentence",
                          editor=f"{e:.1f} words per sentence") for p, d, e in shifts[:3]])]


def _length_rule(edited: float, *, shorter: bool,
                 facts: RubricFacts) -> tuple[Literal["rubric", "style_guide"], str]:
    """A rubric setting when one stays coherent with the other bound, else a style-guide line."""
    setting, current = ("max_mean", facts.max_mean) if shorter else ("min_mean", facts.min_mean)
    suggested = round(edited + 5) if shorter else round(edited - 5)
    if facts.min_mean < suggested < facts.max_mean:
        return "rubric", f"sentence_length_profile.{setting}: {current:g} -> {suggested}"
    return "style_guide", (f"Sentence length: write {'shorter' if shorter else 'longer'} "
                           f"sentences, nearer {edited:.0f} words on average")


def _mean_length(text: str) -> float | None:
    lengths = [word_count(s) for paragraph in text.split("\n\n")
               for _, _, s in split_sentences(paragraph)]
    return mean(lengths) if lengths else None


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _id(kind: str, key: str) -> str:
    prefix = {"banned_phrase": "bp", "number_format": "nf", "word_choice": "wc",
              "sentence_length": "sl"}[kind]
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:8]}"


def rubric_facts() -> RubricFacts:
    from agent.rubric.rubric import load_rubric

    rubric = load_rubric()
    banned = tuple(p for lint in rubric.lints for p in lint.params.get("phrases", []))
    profile = next((lint.params for lint in rubric.lints if lint.id == "sentence_length_profile"),
                   {})
    return RubricFacts(banned=banned, lint_ids=frozenset(lint.id for lint in rubric.lints),
                       max_mean=float(profile.get("max_mean", 30)),
                       min_mean=float(profile.get("min_mean", 15)))
