"""How the essay is cut into extraction requests: candidates per sentence (a sentence whose best
item ranks low for the essay as a whole still gets it), paragraphs grouped by words within the
request budget, and the halves a request is split into when its answer cannot fit."""

from __future__ import annotations

from agent.claims.attribute import ItemIndex
from agent.claims.extraction_plan import ExtractionUnit, Passage, candidate_items, plan_units
from agent.schemas import NewsItem

NAMES = ("Zephyr", "Quasar", "Borealis", "Tundra", "Helix", "Cobalt", "Meridian", "Aurora")


def news(n: int, text: str) -> NewsItem:
    return NewsItem(id=f"wire-{n}", kind="wire", source="Reuters",
                    url=f"https://example.com/{n}", title=text.split(".")[0], summary=text)


def _day() -> tuple[list[str], list[NewsItem]]:
    """Eight sentences with three strong matches each, and one whose only match is weak (the
    words it shares with its item are common to many items)."""
    sentences = [f"{name} raised money for {name}Cloud chips and {name}Net." for name in NAMES]
    strong = [news(10 * i + j, f"{name} {name}Cloud {name}Net chips funding, report {j}.")
              for i, name in enumerate(NAMES) for j in range(3)]
    common = [news(200 + j, f"A chief executive left after a board dispute, case {j}.")
              for j in range(6)]
    weak = news(99, "The utility said its chief executive left after a dispute.")
    sentences.append("The utility lost its chief executive.")
    return sentences, [*strong, *common, weak]


def test_every_sentence_is_offered_its_own_best_items_however_low_they_rank_overall():
    sentences, items = _day()
    index = ItemIndex(items)
    unit = ExtractionUnit((Passage(0, " ".join(sentences)),))

    offered = {item.id for item in candidate_items(unit, index, per_sentence=3)}

    best: dict[str, float] = {}  # what a global top 20 by raw score would have kept
    for sentence in sentences:
        for item, score in index.candidates(sentence, 4):
            best[item.id] = max(score, best.get(item.id, 0.0))
    global_top = sorted(best, key=lambda item_id: -best[item_id])[:20]
    assert index.candidates(sentences[-1], 1)[0][0].id == "wire-99"
    assert "wire-99" not in global_top and "wire-99" in offered


def test_paragraphs_are_grouped_in_order_into_at_most_the_configured_requests():
    paragraphs = ["one " * 120, "two " * 40, "three " * 40, "four " * 130, "", "five " * 60]

    per_paragraph = plan_units(paragraphs)
    two = plan_units(paragraphs, max_requests=2)

    assert [sorted(u.paragraphs) for u in per_paragraph] == [[0], [1], [2], [3], [5]]
    assert [sorted(u.paragraphs) for u in two] == [[0, 1, 2], [3, 5]]
    assert sum(u.words for u in two) == sum(u.words for u in per_paragraph) == 390


def test_a_request_splits_into_paragraphs_then_halves_of_sentences_then_stops():
    text = "First sentence here. Second one follows. Third closes it."
    group = ExtractionUnit((Passage(0, "Zero."), Passage(2, text)))

    (left, right) = group.split()
    assert [p.paragraph for p in left.passages] == [0] and right.passages == (Passage(2, text),)
    (first, second) = right.split()
    assert first.passages == (Passage(2, "First sentence here."),)
    assert second.passages == (Passage(2, "Second one follows. Third closes it."),)
    assert first.split() is None  # one sentence: nothing smaller to ask for
