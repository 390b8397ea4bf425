"""Corrupted variants of the published lead essays: what each lint exists to catch.

Each published essay is corrupted in seeded, deterministic ways (first person inserted, hype,
bullets, % signs, headings, a paragraph of generic AI prose, all-short or all-long sentences, a
missing by-line, ...). Every variant is labelled with the lint id(s) it must trigger; it is
*detected* when all of them fire.

Generic-prose variants use three pools of paragraphs: *dev* (in view while the tell vocabulary
was written), *seen* (v1.0's held-out pool, which the v1.1 recalibration saw) and *held-out*
(written for v1.1 before its vocabulary and thresholds were set, never tuned on): the held-out
rate is the honest estimate of how the tell gate generalises.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from agent.rubric.rubric import Rubric, load_rubric
from agent.text import split_sentences, word_count
from evals.published_essays import PublishedEssay

DEFAULT_SEED = 20260424


class Variant(BaseModel):
    """An essay derived from a published one, and the lint ids it must trigger (none: a
    plausible other-day house essay that every lint must pass)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    date: str
    corruption: str
    expected: list[str] = Field(description="Lint ids this variant must trigger.")
    pool: str = Field(default="", description="Generic paragraphs: dev, seen or held_out.")
    paragraphs: list[str]
    byline: str | None


# --------------------------------------------------------------------------------------------
# Text surgery (deterministic given the rng)
# --------------------------------------------------------------------------------------------


def sentences_of(paragraph: str) -> list[str]:
    return list(_split(paragraph))


@lru_cache(maxsize=4096)
def _split(paragraph: str) -> tuple[str, ...]:
    return tuple(sentence for _, _, sentence in split_sentences(paragraph))


def _lower_first(sentence: str) -> str:
    """'The market' -> 'the market', but 'OpenAI' and 'U.S.' keep their capitals."""
    if len(sentence) > 1 and sentence[0].isupper() and sentence[1].islower():
        return sentence[0].lower() + sentence[1:]
    return sentence


def _body_position(paragraphs: list[str], rng: random.Random) -> tuple[int, int]:
    """A (paragraph, sentence) position that is neither the thesis nor a topic sentence."""
    choices = [(p, s) for p, text in enumerate(paragraphs) for s in range(1, len(sentences_of(text)))]
    return rng.choice(choices)


def _edit_body_sentence(paragraphs: list[str], rng: random.Random,
                        edit: Callable[[str], str]) -> list[str]:
    p, s = _body_position(paragraphs, rng)
    sentences = sentences_of(paragraphs[p])
    sentences[s] = edit(sentences[s])
    return [*paragraphs[:p], " ".join(sentences), *paragraphs[p + 1:]]


def insert_sentence(paragraphs: list[str], rng: random.Random, sentence: str) -> list[str]:
    p, s = _body_position(paragraphs, rng)
    sentences = sentences_of(paragraphs[p])
    sentences.insert(s, sentence)
    return [*paragraphs[:p], " ".join(sentences), *paragraphs[p + 1:]]


def _edit_opener(paragraphs: list[str], rng: random.Random, edit: Callable[[str], str]) -> list[str]:
    p = rng.randrange(1, len(paragraphs))
    return [*paragraphs[:p], edit(paragraphs[p]), *paragraphs[p + 1:]]


def _replace_figure(paragraphs: list[str], rng: random.Random, pattern: re.Pattern[str],
                    render: Callable[[re.Match[str]], str], fallback: str) -> list[str]:
    """Rewrite one figure matching ``pattern``; insert ``fallback`` when the essay has none."""
    text = "\n\n".join(paragraphs)
    matches = list(pattern.finditer(text))
    if not matches:
        return insert_sentence(paragraphs, rng, fallback)
    m = rng.choice(matches)
    return (text[: m.start()] + render(m) + text[m.end():]).split("\n\n")


def _even_chunks(paragraphs: list[str], target: int) -> list[str]:
    """Re-cut every paragraph's words into sentences of (almost) exactly ``target`` words."""
    out = []
    for paragraph in paragraphs:
        words = [w.rstrip(".!?;:") for w in paragraph.split()]
        count = max(1, round(len(words) / target))
        bounds = [round(i * len(words) / count) for i in range(count + 1)]
        chunks = [" ".join(words[a:b]) for a, b in zip(bounds, bounds[1:])]
        out.append(" ".join(_capitalise(chunk) + "." for chunk in chunks))
    return out


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join_runs(paragraph: str, run: int) -> str:
    """Join every ``run`` consecutive sentences into one with ', and' / ';'."""
    sentences = [s.rstrip(".") for s in sentences_of(paragraph)]
    joined = []
    for i in range(0, len(sentences), run):
        group = sentences[i:i + run]
        joined.append(group[0] + "".join(f", and {_lower_first(s)}" for s in group[1:]) + ".")
    return " ".join(joined)


def _grow(paragraphs: list[str], donors: list[str], min_words: int) -> list[str]:
    """Append donor sentences round-robin to the body paragraphs until the essay passes min_words."""
    out = list(paragraphs)
    targets = list(range(1, len(out))) or [0]
    for i, sentence in enumerate(donors):
        if sum(word_count(p) for p in out) > min_words:
            break
        p = targets[i % len(targets)]
        out[p] = f"{out[p]} {sentence}"
    return out


def _truncate(paragraphs: list[str], max_words: int) -> list[str]:
    """Keep whole sentences from the start while the essay stays under ``max_words``."""
    out: list[str] = []
    total = 0
    for paragraph in paragraphs:
        kept: list[str] = []
        for sentence in sentences_of(paragraph):
            if total + word_count(sentence) > max_words:
                return [*out, " ".join(kept)] if kept else out
            kept.append(sentence)
            total += word_count(sentence)
        out.append(" ".join(kept))
    return out


def split_until(paragraphs: list[str], more_than: int) -> list[str]:
    """Split the paragraph with the most sentences at its middle until there are enough."""
    out = list(paragraphs)
    while len(out) <= more_than:
        index = max(range(len(out)), key=lambda i: len(sentences_of(out[i])))
        sentences = sentences_of(out[index])
        middle = len(sentences) // 2
        out[index:index + 1] = [" ".join(sentences[:middle]), " ".join(sentences[middle:])]
    return out


def _spliced(paragraphs: list[str], rng: random.Random, count: int) -> list[str]:
    """Splice ``count`` consecutive body sentences into one with ', and' (a comma-splice run-on,
    whatever the lint's threshold: its length is what the house's sentences add up to)."""
    starts = [(p, s) for p, text in enumerate(paragraphs)
              for s in range(1, len(sentences_of(text)) - count + 1)]
    p, start = rng.choice(starts)
    sentences = sentences_of(paragraphs[p])
    group = [x.rstrip(".") for x in sentences[start:start + count]]
    fused = group[0] + "".join(f", and {_lower_first(x)}" for x in group[1:]) + "."
    out = list(paragraphs)
    out[p] = " ".join([*sentences[:start], fused, *sentences[start + count:]])
    return out


# --------------------------------------------------------------------------------------------
# Corruptions
# --------------------------------------------------------------------------------------------

FIRST_PERSON = ("We think the market has already made its choice.",
                "In our view, the margin sits with whoever owns the power contracts.",
                "I expect the same split to show up in next quarter's earnings.",
                "Let's be clear about who pays for this.", "None of this should surprise us.")
HYPE = ("This is a revolutionary shift in who pays for compute.",
        "The numbers are nothing short of game-changing.",
        "It is an unprecedented concentration of capital.",
        "Call it a groundbreaking realignment of the stack.")
STOCK_PREFIXES = ("It's worth noting that ", "It is important to note that ",
                  "In today's fast-paced market, ", "At the end of the day, ")
STOCK_SENTENCES = ("The competitive landscape is shifting beneath every lab.",
                   "These moves delve into the economics of inference.")
HEDGES = ("Arguably, ", "In many ways, ", "To some extent, ", "Perhaps ")
EMOJI = ("🚀", "📈", "🔥", "🤖", "💡")
QUESTIONS = ("Who pays for the compute? And who keeps the margin?",
             "Is this sustainable? Can anyone else afford to follow?",
             "What happens when the grid runs out? Who gets cut first?")
TITLES = ("The Compute Squeeze", "Follow the Money", "Who Owns the Stack", "The Agent Rush")
LABELS = ("Why it matters: ", "The big picture: ", "Bottom line: ", "Key takeaway: ")
CONNECTIVES = ("Additionally, ", "Furthermore, ", "Moreover, ", "Also, ")
OPENING_QUESTIONS = ("What does this mean for the labs? ", "Where is the money going? ")
FIGURE_OPENERS = ("Amazon put in $8 billion, Google $2 billion and Microsoft $10 billion across "
                  "14 sites in 2025. ",
                  "Meta cut 3,600 jobs, raised capital spending to $65 billion and signed 4 power "
                  "deals in 2025. ")
WRONG_BYLINES = ("Sloane Duvall", "Staff Writer", "Grant Callaway")
_PERCENT = re.compile(r"(\d[\d,.]*) percent(?!age)")
_MONEY = re.compile(r"\$(\d[\d,.]*) (billion|million)")

# Generic AI prose. DEV paragraphs were in view while the v1.0 generic_prose vocabulary (now the
# generic_prose signal) and the v1.1 llm_tells vocabulary were written.
GENERIC_DEV = (
    "In today's rapidly evolving landscape, artificial intelligence continues to play a pivotal "
    "role in shaping the future of technology. It's important to note that organizations must "
    "navigate the complexities of adoption while fostering innovation. Ultimately, the key to "
    "success lies in harnessing the power of these transformative tools to unlock new "
    "possibilities.",
    "As organizations continue to explore new possibilities, the broader ecosystem is evolving in "
    "meaningful ways. Stakeholders across industries are increasingly recognizing the value of "
    "responsible innovation, and many are investing in capabilities that can drive long-term "
    "growth. At the same time, challenges remain, and success will depend on collaboration, "
    "adaptability and a shared commitment to building trust.",
    "This moment represents a significant opportunity for businesses of all sizes. By embracing "
    "these powerful new technologies, companies can enhance productivity, streamline operations "
    "and deliver more personalized experiences to their customers. However, it is essential to "
    "balance innovation with ethical considerations, ensuring that these systems remain "
    "transparent, fair and accountable as they become more deeply integrated into everyday life.",
    "Looking ahead, the future of AI will be shaped by a complex interplay of technological, "
    "economic and societal factors. Companies that prioritize agility and invest in the right "
    "talent will be well positioned to thrive, while those that fail to adapt may struggle to keep "
    "pace. The road ahead is full of both promise and uncertainty, and the choices made today will "
    "have lasting implications.",
    "Taken together, these stories paint a picture of an industry in flux. New players are "
    "entering the market, established companies are rethinking their strategies, and regulators "
    "are paying closer attention than ever before. For developers and enterprises, staying "
    "informed and adaptable will be key to making the most of what comes next.",
    "The recent announcements from OpenAI and Google signal a new chapter for the industry. As "
    "these companies continue to push the boundaries of what is possible, businesses and "
    "consumers alike stand to benefit from smarter, more intuitive tools. The real question is "
    "not whether this technology will change how people live and work, but how quickly society "
    "can adapt to keep up with it.",
    "For Anthropic and its peers, the stakes could not be higher. Getting this right will require "
    "a careful balance between moving quickly and maintaining the trust of users, regulators and "
    "partners. Those who strike that balance will be best placed to lead in the years to come, "
    "while those who do not risk being left behind.",
    "Developers, for their part, continue to experiment with new ideas at a remarkable pace. "
    "Open-source projects on GitHub are making it easier than ever to build, test and deploy "
    "sophisticated applications, lowering the barriers to entry and inviting a broader community "
    "to participate in shaping what comes next.",
)
# Written for rubric v1.1 before its llm_tells vocabulary and thresholds were set, and never
# used to tune them: the honest estimate of how the tell gate and the generic_prose signal
# generalise. (GENERIC_SEEN below was the v1.0 held-out pool; the v1.1 recalibration saw it.)
GENERIC_HELD_OUT = (
    "Across the sector, leaders are rethinking how they approach artificial intelligence. Rather "
    "than chasing every new release, many are focusing on practical use cases that deliver "
    "measurable returns, from customer service to software development. This shift reflects a "
    "maturing market, one in which thoughtful execution matters more than bold announcements.",
    "Microsoft and Google both made news this week, underscoring how quickly the competitive "
    "dynamics are shifting. Each is betting that deeper integration will give it an advantage, and "
    "each faces real questions about cost, reliability and trust. How these bets play out will "
    "shape the next phase of enterprise adoption.",
    "The implications extend well beyond any single company. As these systems become more "
    "capable, they raise fundamental questions about work, ownership and accountability that no "
    "one has fully answered. Finding those answers will require input from technologists, "
    "policymakers and the public alike.",
    "It is also a reminder that progress rarely moves in a straight line. Setbacks and surprises "
    "are part of the process, and the organizations that stay focused on their long-term goals "
    "tend to weather them best. Patience, in other words, remains an underrated strategy.",
    "For developers, the message is clear: the tools are getting better, but the fundamentals "
    "still matter. Writing clean code, understanding the problem and testing carefully are as "
    "important as ever, even as AI assistants take on a larger share of the routine work.",
    "At its heart, this is a story about trust. Customers want assurance that the systems they "
    "rely on are secure, fair and transparent, and vendors that can deliver that assurance will "
    "earn lasting loyalty. Those that cannot will find the market increasingly unforgiving.",
)
GENERIC_SEEN = (
    "Nvidia's results this week are another reminder of how much the market has changed in a "
    "short time. Investors who once treated chips as a cyclical business now see them as the "
    "foundation of a new economy, and that shift in perception is reshaping how capital moves "
    "across the sector. Whether that optimism proves justified will depend on how quickly "
    "real-world adoption catches up with expectations.",
    "The broader picture is one of steady, if uneven, progress. Some teams are seeing strong "
    "results from early deployments, while others are still working out how these systems fit "
    "into their day-to-day operations. What unites them is a growing recognition that the "
    "technology is here to stay and that the organizations which learn fastest will have an edge.",
    "Regulation adds another layer of complexity. In Brussels and Washington, lawmakers are "
    "weighing how to encourage growth without exposing the public to new harms, and the rules "
    "they settle on will influence decisions made far beyond their borders. For now, many firms "
    "are choosing to wait and see, preferring flexibility over early commitments.",
    "None of this happens in isolation. Advances in research, shifts in consumer behavior and "
    "changes in the economy all feed into one another, creating a cycle that is difficult to "
    "predict but impossible to ignore. The companies that understand these connections, and act "
    "on them with clarity and purpose, will be the ones that define the next decade.",
)


@dataclass(frozen=True)
class CorruptionInput:
    essay: PublishedEssay
    index: int
    others: list[PublishedEssay]
    rng: random.Random
    params: dict[str, dict]


Corrupted = tuple[list[str], str | None]


@dataclass(frozen=True)
class Corruption:
    name: str
    expected: tuple[str, ...]
    apply: Callable[[CorruptionInput], Corrupted]
    pool: str = ""


def _body(edit: Callable[[list[str], random.Random], list[str]]) -> Callable[[CorruptionInput], Corrupted]:
    """Lift a paragraphs-only edit into a corruption that keeps the by-line."""
    return lambda c: (edit(list(c.essay.paragraphs), c.rng), c.essay.byline)


def _inserting(paragraph: str) -> Callable[[CorruptionInput], Corrupted]:
    return lambda c: (_insert_paragraph(list(c.essay.paragraphs), c.rng, paragraph), c.essay.byline)


def _money_style(match: re.Match[str], rng: random.Random) -> str:
    amount, unit = match.group(1), match.group(2)
    letter = "B" if unit == "billion" else "M"
    return rng.choice([f"${amount}{letter}", f"${amount}{letter.lower()}n", f"{amount} {unit} dollars",
                       f"USD {amount} {unit}", f"${amount} {unit.capitalize()}"])


def _insert_paragraph(paragraphs: list[str], rng: random.Random, paragraph: str) -> list[str]:
    at = rng.randrange(1, len(paragraphs) + 1)
    return [*paragraphs[:at], paragraph, *paragraphs[at:]]


def _replace_paragraph(paragraphs: list[str], rng: random.Random, paragraph: str) -> list[str]:
    at = rng.randrange(1, len(paragraphs)) if len(paragraphs) > 1 else 0
    return [*paragraphs[:at], paragraph, *paragraphs[at + 1:]]


def _bulleted(paragraph: str, numbered: bool) -> str:
    first, *rest = sentences_of(paragraph)
    items = [f"{i}. {s}" if numbered else f"- {s}" for i, s in enumerate(rest, start=1)]
    return "\n".join([first, *items])


def _donor_sentences(c: CorruptionInput) -> list[str]:
    return [s for other in c.others for p in other.paragraphs for s in sentences_of(p)]


CORRUPTIONS: tuple[Corruption, ...] = (
    Corruption("first_person", ("first_person",), _body(
        lambda ps, rng: insert_sentence(ps, rng, rng.choice(FIRST_PERSON)))),
    Corruption("hype_words", ("hype_words",), _body(
        lambda ps, rng: insert_sentence(ps, rng, rng.choice(HYPE)))),
    Corruption("stock_phrase_prefix", ("stock_phrases",), _body(
        lambda ps, rng: _edit_body_sentence(ps, rng, lambda s: rng.choice(STOCK_PREFIXES)
                                            + _lower_first(s)))),
    Corruption("stock_phrase_sentence", ("stock_phrases",), _body(
        lambda ps, rng: insert_sentence(ps, rng, rng.choice(STOCK_SENTENCES)))),
    Corruption("hedging", ("hedging",), _body(
        lambda ps, rng: _edit_body_sentence(ps, rng, lambda s: rng.choice(HEDGES) + _lower_first(s)))),
    Corruption("exclamation", ("exclamation",), _body(
        lambda ps, rng: _edit_body_sentence(ps, rng, lambda s: s.rstrip(".") + "!"))),
    Corruption("emoji", ("emoji",), _body(
        lambda ps, rng: _edit_body_sentence(ps, rng, lambda s: f"{s.rstrip('.')} {rng.choice(EMOJI)}."))),
    Corruption("rhetorical_questions", ("rhetorical_questions",), _body(
        lambda ps, rng: insert_sentence(ps, rng, rng.choice(QUESTIONS)))),
    Corruption("percent_sign", ("percent_format",), _body(
        lambda ps, rng: _replace_figure(ps, rng, _PERCENT, lambda m: f"{m.group(1)}%",
                                        "Inference prices fell 40% in a single quarter."))),
    Corruption("money_abbreviated", ("money_format",), _body(
        lambda ps, rng: _replace_figure(ps, rng, _MONEY, lambda m: _money_style(m, rng),
                                        "Zero Shot is targeting a $5B valuation."))),
    Corruption("heading_markdown", ("headings",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: f"## {rng.choice(TITLES)}\n{p}"))),
    Corruption("heading_all_caps", ("headings",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: f"{rng.choice(TITLES).upper()}\n{p}"))),
    Corruption("heading_label", ("headings",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: rng.choice(LABELS) + _lower_first(p)))),
    Corruption("heading_title_line", ("headings",), _body(
        lambda ps, rng: _insert_paragraph(ps[:-1], rng, rng.choice(TITLES)) + ps[-1:])),
    Corruption("bullet_list", ("lists",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: _bulleted(p, numbered=False)))),
    Corruption("numbered_list", ("lists",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: _bulleted(p, numbered=True)))),
    Corruption("generic_paragraph_inserted", ("llm_tells",), _body(
        lambda ps, rng: _insert_paragraph(ps, rng, rng.choice(GENERIC_DEV))), pool="dev"),
    Corruption("generic_paragraph_replaces", ("llm_tells",), _body(
        lambda ps, rng: _replace_paragraph(ps, rng, rng.choice(GENERIC_DEV))), pool="dev"),
    Corruption("generic_paragraph_seen", ("llm_tells",), lambda c: (
        _insert_paragraph(list(c.essay.paragraphs), c.rng,
                          GENERIC_SEEN[c.index % len(GENERIC_SEEN)]), c.essay.byline), pool="seen"),
    *(Corruption(f"generic_held_out_{number}", ("llm_tells",),
                 _inserting(paragraph), pool="held_out")
      for number, paragraph in enumerate(GENERIC_HELD_OUT, start=1)),
    Corruption("all_short_sentences", ("sentence_length_profile",), _body(
        lambda ps, rng: _even_chunks(ps, rng.randint(5, 9)))),
    Corruption("all_long_sentences", ("sentence_length_profile",), _body(
        lambda ps, rng: _even_chunks(ps, rng.randint(34, 44)))),
    Corruption("monotone_sentences", ("sentence_length_profile",), _body(
        lambda ps, rng: _even_chunks(ps, rng.randint(18, 22)))),
    Corruption("sentences_joined_in_threes", ("sentence_length_profile",), _body(
        lambda ps, rng: [_join_runs(p, 3) for p in ps])),
    Corruption("byline_missing", ("byline",), lambda c: (list(c.essay.paragraphs), None)),
    Corruption("byline_wrong", ("byline",), lambda c: (list(c.essay.paragraphs),
                                                       c.rng.choice(WRONG_BYLINES))),
    Corruption("over_length", ("word_count",), lambda c: (
        _grow(list(c.essay.paragraphs), _donor_sentences(c),
              c.params["word_count"]["max_words"] + 10), c.essay.byline)),
    Corruption("under_length", ("word_count",), lambda c: (
        _truncate(list(c.essay.paragraphs), c.params["word_count"]["min_words"] - 40),
        c.essay.byline)),
    Corruption("too_many_paragraphs", ("paragraph_count",), lambda c: (
        split_until(list(c.essay.paragraphs), c.params["paragraph_count"]["max_paragraphs"]),
        c.essay.byline)),
    Corruption("topic_connective", ("topic_sentence",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: rng.choice(CONNECTIVES) + _lower_first(p)))),
    Corruption("topic_question", ("topic_sentence",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: rng.choice(OPENING_QUESTIONS) + p))),
    Corruption("topic_figures", ("topic_sentence",), _body(
        lambda ps, rng: _edit_opener(ps, rng, lambda p: rng.choice(FIGURE_OPENERS) + p))),
    Corruption("run_on_three_spliced", ("run_on_sentence",), _body(
        lambda ps, rng: _spliced(ps, rng, 3))),
    Corruption("run_on_four_spliced", ("run_on_sentence",), _body(
        lambda ps, rng: _spliced(ps, rng, 4))),
)


def generate_variants(essays: list[PublishedEssay], seed: int = DEFAULT_SEED,
                      params: dict[str, dict] | None = None) -> list[Variant]:
    """Every corruption applied to every essay, each with its own seeded rng; the other essays
    donate sentences. ``params`` (lint id -> params) default to the committed rubric's."""
    return [variant for index, essay in enumerate(essays)
            for variant in corrupt(essay, [e for e in essays if e.date != essay.date], seed,
                                   params, index=index)]


def corrupt(essay: PublishedEssay, others: list[PublishedEssay], seed: int = DEFAULT_SEED,
            params: dict[str, dict] | None = None, *, index: int = 0) -> list[Variant]:
    """Every corruption of one essay (``index`` picks its paragraph from the rotating pools)."""
    params = params if params is not None else lint_params()
    variants = []
    for corruption in CORRUPTIONS:
        rng = random.Random(f"{seed}|{corruption.name}|{essay.date}")
        paragraphs, byline = corruption.apply(CorruptionInput(essay, index, others, rng, params))
        variants.append(Variant(name=f"{corruption.name}@{essay.date}", date=essay.date,
                                corruption=corruption.name, expected=list(corruption.expected),
                                pool=corruption.pool, paragraphs=paragraphs, byline=byline))
    return variants


def lint_params(rubric: Rubric | None = None) -> dict[str, dict]:
    return {rule.id: rule.params for rule in (rubric or load_rubric()).lints}
