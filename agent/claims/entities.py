"""Named entities in a claim (companies, labs, products, models, people, places), deterministically.

No NER model can load offline (evals notes: spaCy models and hub weights never arrive), so this is
a rule-based extractor tuned for the house's prose:

* An entity is a run of *name tokens*: capitalised words (``Amazon``, ``Rick Perry``), words with
  inner capitals or digits (``OpenAI``, ``xAI``, ``GPT-5.5``, ``K2.6``), lower-case model ids
  (``gpt-5.2-2025-12-11-medium``, ``qwen3``) and ``owner/repo`` names. ``&`` and ``of`` join
  names (``Sullivan & Cromwell``, ``Bank of America``); a version number right after a name
  belongs to it (``Claude Opus 4.6``, ``Gemini 3.1 Pro``). A possessive, punctuation or a
  lower-case word ends a run.
* Generic capitalised words are not entities: acronyms every story uses (``AI``, ``LLM``,
  ``CEO``), months and days, and the function words and sentence adverbs a sentence may open
  with (``The``, ``Meanwhile``, ``Yet``).
* A sentence's first word is capitalised anyway, so a *single-word* run at sentence start is an
  entity only if it looks like a name on its own (inner capitals, digits, an acronym) or the
  gazetteer knows it: a static list of organisations in the beat plus every name the day's items
  use mid-sentence or in their structured fields (``EntityExtractor.from_items``).

Presence (``entity_present``) is checked on normalised text (case, quotes, possessives, dots in
acronyms and hyphens folded): the whole name as a phrase, or every one of its tokens as a word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN_PLUS

from agent.claims.numbers import extract_quantities
from agent.schemas import BenchmarkRow, ItemBase, NewsItem, PaperItem, RepoItem

GENERIC_NAMES = frozenset(
    """ai agi asi llm llms ml api apis gpu gpus cpu cpus tpu tpus npu ceo ceos cfo cto coo cio
    ram dram hbm ssd saas paas iaas ipo r&d phd ok faq ui ux sdk sdks os etl rag mcp cve cves
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december q1 q2 q3 q4 h1 h2 fy am pm i""".split()
)
SENTENCE_OPENERS = frozenset(STOPWORDS_EN_PLUS) | frozenset(
    """meanwhile yet still even every each neither either both while when why how what who where
    rather instead across after before under over between since by today yesterday tomorrow
    elsewhere also however instead thus hence here there this that these those its their our
    although though despite because unless whether once if so and or but nor not no none one
    some many most more much few several all any another other others such only just
    first second third fourth fifth last next new now then later earlier""".split()
)
# Organisations, products and places in the beat (docs/design.md §1 labs plus frequent wire subjects):
# lets a one-word sentence opener like "Meta" or "Apple" count as a name even on a day when no
# item uses it.
KNOWN_ORGS = frozenset(
    """openai anthropic google deepmind meta microsoft nvidia amd intel ibm apple amazon aws
    mistral cohere xai hugging face huggingface tsmc samsung qualcomm arm broadcom oracle
    salesforce adobe snowflake databricks github gitlab cursor perplexity deepseek moonshot
    alibaba baidu tencent bytedance huawei zhipu minimax tesla spacex netflix uber linkedin
    reddit stripe accenture pwc deloitte infosys wpp cisco dell hp lenovo coreweave cerebras
    groq sambanova nscale lambda runpod vercel cloudflare palantir anduril scale openrouter
    ollama langchain fermi nsa ftc sec doj fcc pentagon congress""".split()
)
KNOWN_PRODUCTS = frozenset(
    "qwen kimi glm llama claude gemini gpt grok mythos codex copilot chatgpt sora".split()
)
KNOWN_PLACES = frozenset(
    """china chinese europe european india japan korea taiwan britain uk us usa eu florida
    california texas connecticut washington beijing""".split()
)
KNOWN_NAMES = KNOWN_ORGS | KNOWN_PRODUCTS | KNOWN_PLACES

_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.'’+\-/]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_JOINING_GAPS = frozenset({" ", " & "})  # "Sullivan & Cromwell" is one name
_NOT_MODELS = frozenset({"sub", "top", "pre", "post", "non", "mid", "over", "under", "multi", "x"})
_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}")
_ADJECTIVE_SUFFIX = re.compile(
    r"-(?:driven|based|related|powered|native|first|style|like|backed|owned|led|class|grade|"
    r"focused|centric|enabled|specific|level|scale|era|sized|made|built|friendly|compatible)$"
)
_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z0-9,;:)] )[A-Z][A-Za-z0-9&.'’\-]*")


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    span: tuple[int, int]

    @property
    def key(self) -> str:
        return normalize_name(self.text)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int
    possessive: bool
    gap_before: str  # the characters between the previous token and this one


class EntityExtractor:
    """Extracts entities; ``known`` names (any case) admit one-word sentence openers.

    Results are memoised per text for the extractor's life: curation asks for the entities of
    the same titles and summaries several times (clustering, ranking, labels).
    """

    def __init__(self, known: Iterable[str] = ()) -> None:
        self.known = KNOWN_NAMES | {normalize_name(name) for name in known if name}
        self._memo: dict[str, tuple[Entity, ...]] = {}

    @classmethod
    def from_items(cls, items: Iterable[ItemBase]) -> EntityExtractor:
        return cls(name for item in items for name in _item_names(item))

    def extract(self, text: str) -> list[Entity]:
        found = self._memo.get(text)
        if found is None:
            found = self._memo[text] = tuple(self._extract(text))
        return list(found)

    def _extract(self, text: str) -> list[Entity]:
        quantities = extract_quantities(text)
        in_figures = {i for q in quantities for i in range(*q.span)}
        versions = _version_starts(text, {q.span[0] for q in quantities})
        entities: list[Entity] = []
        for run in _runs(_tokens(text, in_figures), versions):
            entity = self._entity_of(text, run)
            if entity and entity.key not in {e.key for e in entities}:
                entities.append(entity)
        return entities

    def _entity_of(self, text: str, run: list[_Token]) -> Entity | None:
        at_start = _is_sentence_start(text, run[0].start)
        if at_start:
            openers = 0
            while openers < len(run) and run[openers].text.lower() in SENTENCE_OPENERS:
                openers += 1
            run, at_start = run[openers:], openers == 0
        if not run:
            return None
        if len(run) == 1 and not self._single_token_is_name(run[0].text, at_start):
            return None
        return Entity(text=text[run[0].start:run[-1].end], span=(run[0].start, run[-1].end))

    def _single_token_is_name(self, token: str, at_sentence_start: bool) -> bool:
        lowered = token.lower()
        if lowered in GENERIC_NAMES or lowered in SENTENCE_OPENERS or len(token) < 2:
            return False
        if not at_sentence_start or _looks_like_identifier(token):
            return True
        return normalize_name(token) in self.known


def _tokens(text: str, skip: set[int]) -> list[_Token]:
    """Word tokens, possessives and hyphenated adjective suffixes ("AI-driven") folded off;
    tokens starting inside a figure (``skip`` offsets: ``100x``, ``$100B``) are left out."""
    tokens: list[_Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        word, possessive, length = _token_shape(match.group(0))
        start = match.start()
        if word and start not in skip:
            tokens.append(_Token(word, start, start + len(word), possessive,
                                 text[previous_end:start]))
        previous_end = start + length
    return tokens


@lru_cache(maxsize=65536)
def _token_shape(raw: str) -> tuple[str, bool, int]:
    """A raw token's word, whether it was possessive, and how many characters it spans."""
    acronym = _ACRONYM.match(raw)
    raw = acronym.group(0) if acronym else raw.rstrip(".-/+'’")
    possessive = raw[-2:].lower() in {"'s", "’s"}
    word = raw[:-2] if possessive else raw.rstrip("'’")
    return _ADJECTIVE_SUFFIX.sub("", word), possessive, len(raw)


def _runs(tokens: list[_Token], versions: set[int]) -> Iterable[list[_Token]]:
    """Maximal runs of name tokens, with the version numbers that follow a name."""
    run: list[_Token] = []
    for token in tokens:
        joins = bool(run) and token.gap_before in _JOINING_GAPS and not run[-1].possessive
        if _is_name_token(token.text):
            if not joins and run:
                yield run
                run = []
            run.append(token)
        elif joins and token.start in versions:
            run.append(token)
        else:
            if run:
                yield run
            run = []
    if run:
        yield run


@lru_cache(maxsize=65536)
def _is_name_token(token: str) -> bool:
    if token[0].isupper():
        return True
    return _looks_like_identifier(token)


def _looks_like_identifier(token: str) -> bool:
    """``OpenAI``, ``xAI``, ``GPT-5.5``, ``NSA``, ``qwen3``, ``owner/repo``."""
    if not any(ch.isalpha() for ch in token):
        return False
    inner_caps = any(ch.isupper() for ch in token[1:])
    has_digit = any(ch.isdigit() for ch in token)
    is_repo = "/" in token and all(part for part in token.split("/"))
    if token.lower() in GENERIC_NAMES:
        return False
    if token[0].islower() and has_digit:
        return bool(re.match(r"[a-z]{2,}", token)) and token.split("-")[0] not in _NOT_MODELS
    return inner_caps or has_digit or is_repo


def _version_starts(text: str, quantity_starts: set[int]) -> set[int]:
    """Starts of digit tokens that are not quantities (so a name may absorb them as a version)."""
    return {m.start() for m in re.finditer(r"(?<![\w.])\d+(?:\.\d+)*[A-Za-z]?(?![\w])", text)
            if m.start() not in quantity_starts}


def _is_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?:;\n"


def _item_names(item: ItemBase) -> list[str]:
    """Names an item vouches for: structured fields plus capitalised words used mid-sentence."""
    body = item.evidence_text()
    mid_sentence = [_POSSESSIVE.sub("", m.group(0).rstrip(".-'’"))
                    for m in _MID_SENTENCE_NAME.finditer(body)]
    repo_parts = item.full_name.split("/") if isinstance(item, RepoItem) else []
    return [*_structured_names(item), *repo_parts, *mid_sentence]


# -- presence --------------------------------------------------------------------------------

_FOLD = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": " ", "—": " ", "-": " ",
                       "_": " ", "/": " ", "\u00a0": " "})


@lru_cache(maxsize=4096)
def normalize_name(text: str) -> str:
    """Case-, quote-, possessive-, acronym-dot- and hyphen-folded text for presence checks."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    text = re.sub(r"(?<=\w)'s\b", "", text)
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group(0).replace(".", ""), text)  # u.s. -> us
    return re.sub(r"\s+", " ", text).strip()


def entity_present(entity: Entity | str, haystack: str) -> bool:
    """Whether ``entity`` occurs in ``haystack`` (already passed through ``normalize_name``)."""
    key = entity.key if isinstance(entity, Entity) else normalize_name(entity)
    if _has_word(haystack, key):
        return True
    parts = [part for part in key.split(" ") if part != "&"]
    return len(parts) > 1 and all(_has_word(haystack, part) for part in parts)


def _has_word(haystack: str, phrase: str) -> bool:
    return bool(_word_pattern(phrase).search(haystack))


@lru_cache(maxsize=8192)
def _word_pattern(phrase: str) -> re.Pattern[str]:
    """Compiled once per phrase: a day's names outnumber the ``re`` module's own cache."""
    return re.compile(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9]|\.\d)")


def entity_haystack(item: ItemBase) -> str:
    """Normalised text an entity may be found in: the evidence plus the item's own names (its
    outlet, lab, model, repository, authors), so "GitHub" is found in a GitHub Trending row."""
    return normalize_name(" . ".join([item.evidence_text(), *_structured_names(item)]))


def _structured_names(item: ItemBase) -> list[str]:
    names = [item.source, *(ref.source for ref in item.also_reported_by)]
    if isinstance(item, NewsItem) and item.org:
        names.append(item.org)
    if isinstance(item, BenchmarkRow):
        names.append(item.model)
    if isinstance(item, RepoItem):
        names.append(item.full_name)
    if isinstance(item, PaperItem):
        names += [*item.authors, item.category]
    return names
