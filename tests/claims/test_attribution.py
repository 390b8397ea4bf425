"""Entities, retrieval, verbatim quotes and the deterministic extractor."""

from __future__ import annotations

import pytest

from agent.claims.attribute import ItemIndex, attribute, best_quote
from agent.claims.entities import EntityExtractor, entity_present, normalize_name
from agent.claims.extract import claims_from_known_sources, extract_claims
from agent.text import contains_quote


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("OpenAI released GPT-5.5 and workspace agents in ChatGPT.",
         ["OpenAI", "GPT-5.5", "ChatGPT"]),
        ("Moonshot AI's Kimi K2.6 scales to 300 sub-agents.", ["Moonshot AI", "Kimi K2.6"]),
        ("Meanwhile, Claude Opus 4.6 maintains its lead on SWE-rebench at 65.3 percent.",
         ["Claude Opus 4.6", "SWE-rebench"]),
        ("Fermi, Rick Perry's nuclear power startup, lost its CEO.", ["Fermi", "Rick Perry"]),
        ("A Sullivan & Cromwell partner admitted AI hallucinations.", ["Sullivan & Cromwell"]),
        ("U.S. tech workers could lead an AI-driven backlash.", ["U.S."]),
        ("Data centers remain vulnerable to missiles.", []),
        ("The constraint is silicon.", []),
        ("Smaller repos like fim-ai/fim-one point to the frontier.", ["fim-ai/fim-one"]),
    ],
)
def test_entities_are_names_not_sentence_openers_or_generic_words(sentence, names):
    assert [e.text for e in EntityExtractor().extract(sentence)] == names


def test_a_one_word_opener_is_a_name_when_the_days_items_use_it(day):
    sentence = "Clarifai deleted the photos."
    assert EntityExtractor().extract(sentence) == []
    assert [e.text for e in EntityExtractor(["Clarifai"]).extract(sentence)] == ["Clarifai"]


def test_entity_presence_folds_case_possessives_and_acronym_dots():
    haystack = normalize_name("NSA is using Anthropic's Mythos; U.S. officials said.")
    assert entity_present("Anthropic", haystack)
    assert entity_present("Anthropic Mythos", haystack)  # every token present counts
    assert entity_present("US", haystack)
    assert not entity_present("OpenAI", haystack)
    assert not entity_present("Claude Opus 4.7", normalize_name("Claude Opus 4.6 leads"))


def test_bm25_candidates_rank_the_story_first(day):
    index = ItemIndex(day.items)
    candidates = index.candidates("Amazon withdrew a $150 million investment in Fermi", k=3)
    assert candidates[0][0].id == "wire-fermi"
    assert all(score > 0 for _, score in candidates)
    assert index.candidates("zebra quagga", k=3) == []
    assert ItemIndex([]).candidates("anything", k=3) == []


def test_best_quote_is_a_verbatim_sentence_of_the_item(day):
    item = day.by_id()["wire-fermi"]
    quote = best_quote("Fermi lost its CEO and CFO when Amazon withdrew a $150 million "
                       "investment", item)
    assert quote is not None and contains_quote(item.evidence_text(), quote)
    assert "$150 million investment" in quote
    assert best_quote("zebra quagga", item) is None


def test_a_sentence_combining_stories_cites_each_story(day):
    index = ItemIndex(day.items)
    text = ("Amazon's $100 billion commitment to Anthropic came as Fermi lost its CEO when "
            "Amazon withdrew a $150 million investment.")
    cited = {s.item_id for s in attribute(text, index)}
    assert cited == {"wire-amazon-anthropic", "wire-fermi"}


def test_extractor_tags_kinds_and_spans(day):
    paragraph = ("The constraint is silicon. Meta is cutting 10 percent of its workforce. "
                 "GitHub is pausing Copilot sign-ups. NVIDIA said it was \"the real margin "
                 "layer\" for agents.")
    claims = extract_claims("essay", [paragraph], ItemIndex(day.items), id_prefix="essay")
    assert [c.kind for c in claims] == ["analysis", "number", "fact", "quote"]
    assert [c.id for c in claims] == ["essay.p0.s0", "essay.p0.s1", "essay.p0.s2", "essay.p0.s3"]
    for claim in claims:
        assert paragraph[claim.span[0]:claim.span[1]] == claim.text
    assert claims[0].sources == []
    assert claims[1].sources[0].item_id == "wire-meta-cuts"
    assert claims[2].sources[0].item_id == "wire-github-copilot"


def test_known_sources_cite_the_writers_item_first(day):
    items = day.by_id()
    paragraphs = [[
        ("Meta will lay off about 10 percent of its workforce.", "wire-meta-cuts"),
        ("GitHub paused Copilot sign-ups.", None),
        ("Tesla restarted Dojo.", "wire-missing"),
    ]]
    claims = claims_from_known_sources("wire", paragraphs, items, id_prefix="wire",
                                       index=ItemIndex(day.items))
    text = " ".join(sentence for sentence, _ in paragraphs[0])
    assert [text[c.span[0]:c.span[1]] for c in claims] == [s for s, _ in paragraphs[0]]
    assert claims[0].sources[0].item_id == "wire-meta-cuts"
    assert contains_quote(items["wire-meta-cuts"].evidence_text(), claims[0].sources[0].quote)
    assert claims[1].sources[0].item_id == "wire-github-copilot"  # found by retrieval
    assert claims[2].sources[0].item_id == "wire-missing"  # kept so verification reports it


def test_known_sources_work_without_an_index(day):
    claims = claims_from_known_sources(
        "wire", [[("Meta will lay off about 10 percent of its workforce.", "wire-meta-cuts")]],
        day.by_id(), id_prefix="wire")
    assert [s.item_id for s in claims[0].sources] == ["wire-meta-cuts"]
