"""Who a story is about: the organisations, products and people it names.

Storyline labels and the baseline's framing sentences name actors, never what the entity
extractor also finds in a headline: a place or nationality ("UK", "Wales", "European",
"Chinese"), a feed's own marker ("Show HN"), a generic acronym ("PC") or the outlet that reported
the story. Places and nationalities come from ``countryinfo`` (every country's name, common
spellings and demonym, its region and subregion, the US states), plus the entity extractor's
own list of places in the beat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from agent.claims.entities import (
    GENERIC_NAMES, KNOWN_NAMES, KNOWN_PLACES, SENTENCE_OPENERS, EntityExtractor, normalize_name,
)
from agent.schemas import ItemBase

FEED_MARKER = re.compile(r"^\s*(?:Show|Ask|Tell|Launch)\s+HN\s*:\s*", re.IGNORECASE)
"""Hacker News titles open with their post type: a label of the feed, not a subject."""
FEED_NAMES = frozenset({"show hn", "ask hn", "tell hn", "launch hn", "hn"})
INSTRUMENTS = frozenset({"act", "acts", "bill", "law", "directive", "regulation", "treaty",
                         "accord", "section", "amendment", "order", "rules"})
"""Last words of laws and rules ("AI Act", "Section 702"): what actors pass, not actors."""
COLLECTIVES = frozenset({"big tech", "big pharma", "wall street", "hollywood"})
GENERIC_ACRONYMS = frozenset({"pc", "pcs", "tv", "hr", "it", "ip", "vr", "ar", "xr", "ev", "evs",
                              "ui", "ux", "os", "pr", "kv", "fp8", "qa", "vc", "vcs", "b2b", "b2c"})
"""Capitalised words that name a kind of thing, not an organisation (the entity extractor's
own list covers the AI ones: AI, LLM, GPU, CEO ...)."""
"""Groups of companies, not one actor."""
REGION_ADJECTIVES = frozenset({
    "african", "american", "asian", "european", "oceanian", "arab", "nordic", "scandinavian",
    "latin american", "middle eastern", "western", "eastern", "northern", "southern", "gulf",
    "transatlantic", "pacific", "atlantic", "global", "international", "federal", "national",
})
"""Adjectives of regions (countryinfo lists the regions' names, not their adjectives)."""
BEAT_PLACES = frozenset({"d.c.", "dc", "east coast", "west coast", "silicon valley", "bay area",
                         "earth", "southeast asia", "middle east"})
"""Places the wire names that are not countries, capitals or states."""


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Normalised names of countries, their common spellings, demonyms, capitals, regions and
    US states."""
    from countryinfo import CountryInfo

    names: set[str] = set(KNOWN_PLACES) | REGION_ADJECTIVES | BEAT_PLACES
    for info in CountryInfo.all().values():
        names.add(str(info.get("name") or ""))
        names.update(_spellings(info.get("altSpellings") or []))
        names.update(str(info.get("demonym") or "").split(","))
        names.update(str(info.get(key) or "") for key in ("region", "subregion", "capital"))
    names.update(CountryInfo("United States").provinces())
    return frozenset(key for key in (normalize_name(n) for n in names) if key)


def _spellings(spellings: Iterable[str]) -> list[str]:
    """Alternative spellings, without ISO codes ("AI" is Anguilla's, and every story's)."""
    return [s for s in spellings if not (s.isupper() and len(s) <= 3)]


def strip_feed_marker(title: str) -> str:
    return FEED_MARKER.sub("", title)


def is_actor(name: str) -> bool:
    """An organisation, product or person; not a place, nationality, marker or generic word."""
    key = normalize_name(strip_feed_marker(name))
    if not key or key in FEED_NAMES or key in COLLECTIVES or key in GENERIC_ACRONYMS:
        return False
    if re.fullmatch(r"[\w.\-]+/[\w.\-]+", name):
        return True  # owner/repo: a product
    places = place_names()
    words = key.split()
    if all(_is_place(w, places) or w in GENERIC_NAMES or w in SENTENCE_OPENERS for w in words) \
            or _is_place(key, places):
        return False
    if key in KNOWN_NAMES:
        return True
    if words[-1] in INSTRUMENTS or words[0] in INSTRUMENTS:
        return False
    # "AI-assisted", "2-per-conversation": no name in it
    return any(_is_name_part(part) for part in re.split(r"[\s\-]+", name))


def _is_place(key: str, places: frozenset[str]) -> bool:
    return key in places or (key.endswith("s") and key[:-1] in places)  # "Americans"


def _is_name_part(part: str) -> bool:
    if not part or part.lower() in GENERIC_NAMES:
        return False
    has_letter = any(ch.isalpha() for ch in part)
    return has_letter and (part[0].isupper() or (part[0].isalpha() and any(ch.isdigit()
                                                                            for ch in part)))


class ActorFinder:
    """Finds the actors of the day's items. A headline's leading capitalised words that the
    day's copy also uses in lower case ("Introducing", "Insurers", "Planned") are not names."""

    def __init__(self, extractor: EntityExtractor, common_words: frozenset[str]) -> None:
        self.extractor = extractor
        self.common_words = common_words

    @classmethod
    def from_items(cls, items: Sequence[ItemBase]) -> ActorFinder:
        text = " ".join(item.evidence_text() for item in items)
        common = frozenset(re.findall(r"(?<![\w./])[a-z][a-z\-]+(?![\w/])", text))
        return cls(EntityExtractor.from_items(items), common)

    def names(self, item: ItemBase) -> list[str]:
        """The actors an item names, most central first: its lab, then the names of its headline
        and its summary (the summary first when the headline is in title case). Outlets are who
        reported the story, not what it is about."""
        org = getattr(item, "org", None)
        outlets = {normalize_name(item.source),
                   *(normalize_name(r.source) for r in item.also_reported_by)} - {
            normalize_name(org or "")}
        title = strip_feed_marker(item.title)
        summary = getattr(item, "summary", "") or ""
        texts = (summary, title) if _title_case(title) else (title, summary)
        found: list[str] = [org] if org else []
        for text in texts:
            found += [self._trim(e.text) for e in self.extractor.extract(text)
                      if text is not title or self._named_in_title(e.text, e.span, summary)]
        opener = self._title_opener(title, summary)
        found += [opener] if opener else []
        return _distinct(n for n in found
                         if n and normalize_name(n) not in outlets and is_actor(n))

    def is_actor(self, name: str) -> bool:
        """``is_actor`` after the day's common words are trimmed off ("Legal AI" is not one)."""
        trimmed = self._trim(name)
        return bool(trimmed) and is_actor(trimmed)

    def _named_in_title(self, name: str, span: tuple[int, int], summary: str) -> bool:
        """A one-word name that opens a headline is a name only if it is known, looks like an
        identifier, or the summary uses it too ("Sandboxed shell for coding agents" is not)."""
        if span[0] > 0 or " " in name or normalize_name(name) in KNOWN_NAMES:
            return True
        return any(ch.isdigit() for ch in name) or any(ch.isupper() for ch in name[1:]) or \
            bool(re.search(rf"\b{re.escape(name)}\b", summary))

    def _title_opener(self, title: str, summary: str) -> str | None:
        """The headline's first word when the summary names it too and the day's copy never
        uses it in lower case ("Decagon raises $250 million" / "Decagon, which sells ...")."""
        first = re.match(r"[A-Z][A-Za-z0-9&\-]+", title)
        if first is None:
            return None
        word = first.group(0)
        if word.lower() in self.common_words or word.lower() in SENTENCE_OPENERS:
            return None
        return word if re.search(rf"\b{re.escape(word)}\b", summary) else None

    def _trim(self, name: str) -> str:
        """Leading common words and gerunds off a name ("Introducing GPT-5.5" -> "GPT-5.5")."""
        words = name.split(" ")
        while len(words) > 1 and self._verb_or_common(words[0]):
            words = words[1:]
        if len(words) == 1 and words[0].lower() in self.common_words and words[0][1:].islower() \
                and normalize_name(words[0]) not in KNOWN_NAMES:
            return ""
        return " ".join(words)


    def _verb_or_common(self, word: str) -> bool:
        lowered = word.lower()
        if normalize_name(word) in KNOWN_NAMES or normalize_name(word) in place_names():
            return False
        return lowered in self.common_words or (lowered.endswith("ing") and len(lowered) > 6)


def _title_case(title: str) -> bool:
    words = [w for w in title.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.7


def _distinct(names: Iterable[str]) -> list[str]:
    """First occurrence of each actor: a later variant of a kept name ("Tim Cook" / "Cook",
    "Samsung" / "Samsung Electronics", "FTC" / "Federal Trade Commission") is the same actor."""
    kept: list[str] = []
    for name in names:
        if not any(same_actor(name, earlier) for earlier in kept):
            kept.append(name)
    return kept


def same_actor(a: str, b: str) -> bool:
    """One name is the other, a word-boundary prefix or suffix of it, or its initials."""
    ka, kb = normalize_name(a), normalize_name(b)
    short, long_ = sorted((ka, kb), key=len)
    if short == long_ or long_.startswith(short + " ") or long_.endswith(" " + short):
        return True
    return _initials(b) == a or _initials(a) == b


def _initials(name: str) -> str:
    capitals = [w[0] for w in name.split() if w[:1].isupper()]
    return "".join(capitals) if len(capitals) >= 2 else ""


def join_names(names: Sequence[str]) -> str:
    """"Amazon", "Amazon and Anthropic", "Amazon, Anthropic and AWS"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
