"""What the simulated model says: schema-valid JSON for whatever structured output a request asks
for, written from the request's own ``<source_data>`` so the answers can pass through the desk.

The generator walks the JSON schema the request carries (OpenAI ``response_format.json_schema``
or Anthropic ``output_config.format``; Anthropic's SDK moves ``minItems``-style limits into the
description as ``{minItems: 3}``, which is read back). A value's content is chosen by its field
name, the way a model reads field names: ``*item_id*`` fields cite ids from ``<source_data>``,
``paragraph`` / ``paragraphs`` are prose reused from the items' sentences (the lead essay is
checked with the desk's own rubric lints so a draft needs no revision, like a model that follows
the style guide), ``claims`` / ``verdicts`` / ``criteria`` follow the paragraphs, claims and
rubric criteria in the prompt, and ``reasoning``-style fields get a realistic number of words.
Everything else falls back to a generic schema-valid value. Output is deterministic per request.
"""

from __future__ import annotations

import hashlib
import html
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

ITEM = re.compile(r'<item id="([^"]*)" kind="([^"]*)" source="([^"]*)"[^>]*>\n(.*?)\n</item>',
                  re.DOTALL)
PARAGRAPH = re.compile(r'<paragraph index="(\d+)">\n(.*?)\n</paragraph>', re.DOTALL)
CLAIM = re.compile(r'<claim id="([^"]*)" cites="([^"]*)">(.*?)</claim>', re.DOTALL)
CRITERION = re.compile(r"^\[([a-z][a-z0-9_]*)\] ", re.MULTILINE)
DESCRIBED_LIMIT = re.compile(r"(minItems|maxItems|minimum|maximum|minLength|maxLength):\s*"
                             r"(-?\d+(?:\.\d+)?)")
FIRST_PERSON = re.compile(r"\b(?:I|me|my|we|us|our|ours|let's)\b", re.IGNORECASE)
BYLINE = "Grant Calloway"
PUNCHES = ("The pattern is not new.", "That is the real constraint.", "The money moved early.",
           "Cost decides the rest.", "The gap is widening.")
"""Short analytical sentences (a model's own words, not the items'): the house mixes very short
sentences with long ones, and source sentences alone are too even for the rhythm lint."""


@dataclass(frozen=True)
class OutputProfile:
    """Realistic output lengths (words) per kind of field; the source of each role's length."""

    reasoning_words: int = 55
    short_reason_words: int = 22
    claim_reason_words: int = 12
    section_words: int = 150
    essay_words: int = 520
    essay_paragraphs: int = 4
    plan_words: int = 14


@dataclass(frozen=True)
class SourceItem:
    id: str
    kind: str
    source: str
    text: str


@dataclass
class RequestContent:
    """What a simulated model reads in a request: the task text and its delimited data."""

    system: str
    user: str
    items: list[SourceItem] = field(default_factory=list)
    paragraphs: list[tuple[int, str]] = field(default_factory=list)
    claims: list[tuple[str, list[str], str]] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, system: str, user: str) -> RequestContent:
        # Items may sit in the cached system prefix (essay calls) or in the user turn.
        items = [SourceItem(i, k, html.unescape(s), html.unescape(t))
                 for i, k, s, t in ITEM.findall(f"{system}\n{user}")]
        paragraphs = [(int(i), html.unescape(p)) for i, p in PARAGRAPH.findall(user)]
        claims = [(html.unescape(i), html.unescape(c).split(), html.unescape(t))
                  for i, c, t in CLAIM.findall(user)]
        return cls(system=system, user=user, items=items, paragraphs=paragraphs, claims=claims,
                   criteria=CRITERION.findall(system))


def answer(schema: dict[str, Any], content: RequestContent, profile: OutputProfile) -> Any:
    """A JSON value valid against ``schema``, written from ``content``."""
    seed = hashlib.sha256((content.user + str(schema.get("title"))).encode()).digest()
    writer = _Writer(schema, content, profile, random.Random(seed))
    return writer.value(schema, name="", seeds={}, nested=False)


class _Writer:
    def __init__(self, root: dict[str, Any], content: RequestContent, profile: OutputProfile,
                 rng: random.Random) -> None:
        self.root, self.content, self.profile, self.rng = root, content, profile, rng
        self.prose = Prose(content.items, rng)
        self._ids = self._id_cycle()

    # -- schema walking ---------------------------------------------------------------------
    def value(self, schema: dict[str, Any], name: str, seeds: dict[str, Any], *,
              nested: bool) -> Any:
        """``nested``: inside a list element, where a model writes a line, not a paragraph."""
        schema = self._resolve(schema)
        if "anyOf" in schema:  # Optional[...] and unions: the first non-null branch
            options = [s for s in schema["anyOf"] if self._resolve(s).get("type") != "null"]
            return self.value(options[0] if options else schema["anyOf"][0], name, seeds,
                              nested=nested)
        if "enum" in schema:
            return seeds.get(name) if seeds.get(name) in schema["enum"] else schema["enum"][0]
        kind = schema.get("type")
        if kind == "object":
            return self.obj(schema, seeds, nested=nested)
        if kind == "array":
            return self.array(schema, name, seeds)
        if name in seeds:
            return seeds[name]
        if kind == "string":
            return self.string(name, schema, nested=nested)
        if kind in ("integer", "number"):
            return self.number(name, schema, integer=kind == "integer")
        if kind == "boolean":
            return True
        return None

    def obj(self, schema: dict[str, Any], seeds: dict[str, Any], *,
            nested: bool) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties", {})
        return {key: self.value(sub, key, seeds, nested=nested)
                for key, sub in properties.items()}

    def array(self, schema: dict[str, Any], name: str, seeds: dict[str, Any]) -> list[Any]:
        low, high = _limit(schema, "minItems", 0), _limit(schema, "maxItems", None)
        items_schema = schema.get("items", {})
        if name in seeds:
            values = list(seeds[name])
        elif (special := self._special_list(name)) is not None:
            values = special
        else:
            values = [self.value(items_schema, _singular(name), {}, nested=True)
                      for _ in range(max(low, min(3, high or 3)))]
        if values and isinstance(values[0], dict) \
                and self._resolve(items_schema).get("type") == "object":
            values = [self.obj(self._resolve(items_schema), element, nested=True)
                      for element in values]
        while len(values) < low:
            values.append(self.value(items_schema, _singular(name), {}, nested=True))
        return values[:high] if high is not None else values

    def string(self, name: str, schema: dict[str, Any], *, nested: bool) -> str:
        reasoning = self.profile.short_reason_words if nested else self.profile.reasoning_words
        writers: dict[str, Callable[[], str]] = {
            "item_id": lambda: next(self._ids),
            "claim_id": lambda: self.content.claims[0][0] if self.content.claims else "c0",
            "paragraph": lambda: self.prose.paragraph(self.profile.section_words),
            "statement": self.prose.thesis,
            "reasoning": lambda: self.prose.reasoning(reasoning),
            "fit_reasoning": lambda: self.prose.reasoning(self.profile.short_reason_words),
            "reason": lambda: self.prose.reasoning(self.profile.short_reason_words),
            "reasons": lambda: self.prose.reasoning(self.profile.short_reason_words),
        }
        text = writers.get(name, lambda: self.prose.reasoning(8))()
        low = _limit(schema, "minLength", 0)
        return text if len(text) >= low else text + " " + "x" * (low - len(text))

    def number(self, name: str, schema: dict[str, Any], *, integer: bool) -> float | int:
        low = _limit(schema, "minimum", 0)
        high = _limit(schema, "maximum", low + 10)
        if name == "score" and integer:  # a rubric score: good, not perfect
            return max(low, high - 1)
        value = low + (high - low) * self.rng.uniform(0.6, 0.9)
        return round(value) if integer else round(value, 2)

    # -- request-shaped lists ---------------------------------------------------------------
    def _special_list(self, name: str) -> list[Any] | None:
        makers: dict[str, Callable[[], list[Any]]] = {
            "paragraphs": lambda: essay_paragraphs(self.prose, self.profile,
                                                   shown=self.content.user),
            "paragraph_plans": self._plans,
            "item_ids": lambda: self._some_ids(4),
            "supporting_item_ids": lambda: self._some_ids(3),
            "criteria": lambda: [{"id": c, "score": 4} for c in self.content.criteria],
            "claims": lambda: claims_for(self.content, self.prose, self.profile),
            "verdicts": lambda: [{"claim_id": claim_id, "verdict": "entailed"}
                                 for claim_id, _, _ in self.content.claims],
            "picks": lambda: [{"item_id": i} for i in self._some_ids(6)],
        }
        maker = makers.get(name)
        return maker() if maker else None

    def _plans(self) -> list[str]:
        return [self.prose.reasoning(self.profile.plan_words)
                for _ in range(self.profile.essay_paragraphs)]

    def _some_ids(self, count: int) -> list[str]:
        ids = [item.id for item in self.content.items]
        return ids[:count] if ids else [f"item-{n}" for n in range(count)]

    def _id_cycle(self) -> Iterator[str]:
        ids = [item.id for item in self.content.items] or ["item-0"]
        while True:
            yield from ids

    def _resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if not ref:
            return schema
        target: Any = self.root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        return target


class Prose:
    """Sentences a model could write about the day: the items' own sentences, reused."""

    def __init__(self, items: list[SourceItem], rng: random.Random) -> None:
        self.items = items
        self.rng = rng
        news = [i for i in items if i.kind in ("wire", "lab")] or items
        self.sentences = [s for item in news for s in usable_sentences(item.text)]

    def paragraph(self, words: int) -> str:
        return " ".join(self.take(words, self.sentences))

    def take(self, words: int, pool: list[str]) -> list[str]:
        chosen, total = [], 0
        for sentence in pool:
            if total >= words:
                break
            chosen.append(sentence)
            total += len(sentence.split())
        return chosen or ["The day's items say little that can be checked."]

    def thesis(self) -> str:
        names = [item.source for item in self.items[:2]] or ["The labs", "their customers"]
        return (f"{names[0]} gains leverage while {names[-1]} pays for it, a split that shows "
                "who controls the next layer of the stack.")

    def reasoning(self, words: int) -> str:
        titles = [item.text.split(". ")[0] for item in self.items[:6]]
        clauses = [f"the item on {t[:60].rstrip()} bears on it" for t in titles] or ["no item"]
        text: list[str] = []
        count = 0
        while count < words:
            clause = clauses[len(text) % len(clauses)]
            text.append(clause)
            count += len(clause.split())
        return ("Because " + "; ".join(text)).rstrip(".") + "."


def usable_sentences(text: str) -> list[str]:
    """An item's sentences fit for essay prose (no first person, no questions, sane length)."""
    from agent.text import split_sentences

    spans = split_sentences(text)
    found = []
    for _, _, sentence in spans[1:] if len(spans) > 1 else spans:  # skip the headline
        words = len(sentence.split())
        if 8 <= words <= 45 and sentence[-1] == "." and not FIRST_PERSON.search(sentence):
            found.append(sentence)
    return found


def essay_paragraphs(prose: Prose, profile: OutputProfile, shown: str = "") -> list[str]:
    """A lead essay from the items' sentences that passes the rubric's lints (like a model that
    follows the style guide); sentences a lint objects to are dropped and replaced. Sentences
    the request already shows (the section essays, the essay under revision) are not reused:
    the lead never repeats a section."""
    from agent.rubric.lints import lint_essay

    pool = [s for s in prose.sentences if s not in shown] or list(prose.sentences)
    paragraphs = _compose(pool, profile)
    for _ in range(6):
        spans = {v.span for v in lint_essay(paragraphs, BYLINE) if v.span}
        if not spans:
            break
        pool = [s for s in pool if not any(span in s or s in span for span in spans)]
        paragraphs = _compose(pool, profile)
    return paragraphs


def _compose(pool: list[str], profile: OutputProfile) -> list[str]:
    """Paragraphs of about ``essay_words`` words; later ones open on a figure-free sentence."""
    openers = [s for s in pool if not re.search(r"\d", s) and len(s.split()) <= 30]
    body = _varied([s for s in pool if s not in openers[: profile.essay_paragraphs]])
    per = profile.essay_words // profile.essay_paragraphs
    paragraphs = []
    for n in range(profile.essay_paragraphs):
        opener = openers[n] if n < len(openers) else None
        sentences = [opener] if opener else []
        while body and sum(len(s.split()) for s in sentences) < per:
            sentences.append(body.pop(0))
        if len(sentences) > 2:  # the house's very short sentence after long ones
            sentences.insert(2, PUNCHES[n % len(PUNCHES)])
        if sentences:
            paragraphs.append(" ".join(sentences))
    return paragraphs or ["The day's items say little that can be checked."]


def _varied(sentences: list[str]) -> list[str]:
    """Long and short sentences alternated, as the house mixes them (rhythm lint)."""
    by_length = sorted(sentences, key=lambda s: len(s.split()))
    ordered = []
    while by_length:
        ordered.append(by_length.pop())  # the longest left
        if by_length and len(ordered) % 2 == 0:
            ordered.append(by_length.pop(0))  # then, every other time, the shortest
    return ordered


def claims_for(content: RequestContent, prose: Prose, profile: OutputProfile) -> list[dict]:
    """One claim per sentence of every ``<paragraph>``, cited to the item that states it."""
    from agent.text import contains_quote, split_sentences

    claims = []
    for index, paragraph in content.paragraphs:
        for _, _, sentence in split_sentences(paragraph):
            source = next((i for i in content.items if contains_quote(i.text, sentence)), None)
            has_figure = bool(re.search(r"\d", sentence))
            kind = "number" if has_figure else "fact" if source else "analysis"
            citations = [{"item_id": source.id, "quote": sentence}] if source else []
            claims.append({"paragraph": index, "sentence": sentence, "text": sentence,
                           "kind": kind, "citations": citations,
                           "reasoning": prose.reasoning(profile.claim_reason_words)})
    return claims


def _limit(schema: dict[str, Any], key: str, default: Any) -> Any:
    if key in schema:
        return schema[key]
    for found, value in DESCRIBED_LIMIT.findall(schema.get("description", "")):
        if found == key:
            return float(value) if "." in value else int(value)
    return default


def _singular(name: str) -> str:
    return name.removesuffix("s")
