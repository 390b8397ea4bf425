"""The draft's structure: does it lead with the day's story, and does each part do its own job?

* ``lead_story_match`` (against the day's gold): 1 when the essay's lead story is the published
  issue's lead story, else 0; summed over days it is the count of days the lead was right. The
  lead story of an essay is the storyline (the desk's own clustering of the day's news) of the
  news items cited by the first claim of its first paragraph that cites any.
* ``lead_section_repeats`` (reference-free): sentence pairs, one in the lead essay and one in a
  section essay (wire, labs, benchmarks), whose content words overlap by 0.8 or more
  (``agent.writing.overlap``). Target 0. Drafts from the graph only (controls have no sections).
* ``framing_non_entities`` (reference-free): sentences written by the desk (not found verbatim
  in any item) that list names ("A, B and C") of which one is not an actor: a place, a
  nationality, a feed marker, a law or a generic word, by ``agent.writing.actors`` ("The rest
  of the wire adds Amazon, Fermi and European."). Counted over the lead essay and the prose
  sections. Target 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from agent.schemas import Claim
from evals.metrics.base import NEWS_KINDS, Candidate, EvalDay, MetricSpec, MetricValues

PROSE_SECTIONS = ("wire", "labs", "benchmarks")
_LIST_GAPS = (", ", " and ", ", and ")

SPECS: tuple[MetricSpec, ...] = (
    MetricSpec(name="lead_story_match", family="structure", tier=1, higher_is_better=True,
               must_beat=("wrong_day",), reference="gold",
               description="The essay leads with the published issue's lead story (1) or not."),
    MetricSpec(name="lead_section_repeats", family="structure", tier=1, higher_is_better=False,
               must_beat=(), reference="free",
               description="Sentence pairs shared (>= 0.8 word overlap) by lead and sections."),
    MetricSpec(name="framing_non_entities", family="structure", tier=1, higher_is_better=False,
               must_beat=(), reference="free",
               description="Desk-written sentences listing a name that is not an actor."),
)


def score(candidate: Candidate, day: EvalDay) -> MetricValues:
    return {"lead_story_match": lead_story_match(candidate, day),
            "lead_section_repeats": lead_section_repeats(candidate),
            "framing_non_entities": float(len(framing_non_entities(candidate, day)))}


def lead_news_ids(claims: Sequence[Claim], kinds: dict[str, str]) -> set[str]:
    """News items cited by the first claim of paragraph 0 that cites any."""
    opening = sorted((c for c in claims if c.section == "essay" and c.paragraph == 0),
                     key=lambda c: c.span[0])
    for claim in opening:
        cited = {s.item_id for s in claim.sources if kinds.get(s.item_id) in NEWS_KINDS}
        if cited:
            return cited
    return set()


def lead_story_match(candidate: Candidate, day: EvalDay) -> float | None:
    gold = {day.storyline_of.get(i) for i in day.gold_lead_ids} - {None}
    if not gold:
        return None
    drafted = {day.storyline_of.get(i) for i in lead_news_ids(candidate.claims, day.kinds)}
    return 1.0 if gold & drafted else 0.0


def lead_section_repeats(candidate: Candidate) -> float | None:
    from agent.writing.overlap import repeated_sentences

    if candidate.sections is None:
        return None
    prose = {name: s.paragraphs for name, s in candidate.sections.items()
             if name in PROSE_SECTIONS}
    return float(len(repeated_sentences(candidate.paragraphs, prose)))


def framing_non_entities(candidate: Candidate, day: EvalDay) -> list[str]:
    """The offending sentences, each once."""
    from agent.text import contains_quote
    from agent.writing.overlap import sentences

    paragraphs = [*candidate.paragraphs, *(p for name, s in (candidate.sections or {}).items()
                                           if name in PROSE_SECTIONS for p in s.paragraphs)]
    from agent.writing.actors import ActorFinder

    texts = [item.evidence_text() for item in day.unlabelled.items]
    titles = sorted((i.title for i in day.unlabelled.items if len(i.title) >= 12), key=len,
                    reverse=True)
    actors = ActorFinder.from_items(day.unlabelled.items)
    found = []
    for _, sentence in sentences(paragraphs):
        if any(contains_quote(text, sentence) for text in texts):
            continue  # lifted from an item: the item's wording, not the desk's framing
        named = _without_titles(sentence, titles)  # a paper's title is cited, not a list
        if any(not actors.is_actor(name) for name in listed_names(named, day)):
            found.append(sentence)
    return list(dict.fromkeys(found))


def listed_names(sentence: str, day: EvalDay) -> list[str]:
    """Names that stand in a list ("A and B", "A, B and C"): a run of names joined by commas
    and at least one "and" (a comma alone is an aside: "On GitHub, owner/repo gained ...")."""
    entities = day.extractor.extract(sentence)
    listed: list[str] = []
    run, has_and = [0] if entities else [], False
    for n in range(1, len(entities) + 1):
        gap = sentence[entities[n - 1].span[1]:entities[n].span[0]] if n < len(entities) else ""
        if gap in _LIST_GAPS:
            run.append(n)
            has_and = has_and or "and" in gap
            continue
        if len(run) >= 2 and has_and:
            listed += [entities[i].text for i in run]
        run, has_and = [n], False
    return listed


def _without_titles(sentence: str, titles: Sequence[str]) -> str:
    for title in titles:
        sentence = sentence.replace(title, "the work")
    return sentence
