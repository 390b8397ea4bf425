"""Section versions as the editor reads them: a line-oriented view for diffs, the prose for
``desk learn``, one summary line for ``desk history``. Versions themselves are recorded by the
graph's nodes in the run's state and mirrored to the run store (``agent.nodes.versions``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.schemas import PROSE_SECTIONS, TRACKED_SECTIONS
from agent.text import clip, split_sentences

__all__ = ["PROSE_SECTIONS", "TRACKED_SECTIONS", "content_of", "prose_text", "section_text",
           "summary_line"]


def content_of(values: Mapping[str, Any], section: str) -> dict[str, Any] | None:
    if section in ("thesis", "essay"):
        return values.get(section)
    return values.get("sections", {}).get(section)


# -- text views (diff, history, learning) ------------------------------------------------------


def prose_text(section: str, content: Mapping[str, Any]) -> str:
    """The section's prose as the editor reads it: paragraphs separated by blank lines."""
    return "\n\n".join(content.get("paragraphs", []))


def section_text(section: str, content: Mapping[str, Any]) -> str:
    """A line-oriented view for diffs: one sentence per line, a blank line between paragraphs."""
    if section == "thesis":
        chosen = content["candidates"][content["chosen_index"]]
        lines = [f"Chosen: {chosen['statement']}", "", f"Reasons: {content['reasons']}", "",
                 "Candidates:"]
        lines += [f"#{n + 1} {c['statement']}" for n, c in enumerate(content["candidates"])]
        return "\n".join(lines)
    lines = [content["heading"]] if content.get("heading") else []
    for paragraph in content.get("paragraphs", []):
        lines += ["", *(sentence for _, _, sentence in split_sentences(paragraph))]
    if content.get("byline"):
        lines += ["", content["byline"]]
    if content.get("item_ids") and section != "essay":
        reasons = content.get("selection_reasons") or {}
        lines += ["", "Items:"]
        lines += [f"- {i}" + (f" ({reasons[i]})" if i in reasons else "")
                  for i in content["item_ids"]]
    return "\n".join(lines)


def summary_line(section: str, content: Mapping[str, Any], width: int = 70) -> str:
    if section == "thesis":
        text = content["candidates"][content["chosen_index"]]["statement"]
    elif content.get("paragraphs"):
        text = content["paragraphs"][0]
    else:
        shown = content.get("item_ids", [])
        text = f"{len(shown)} item(s): " + ", ".join(shown)
    return clip(text, width)

