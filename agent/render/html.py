"""draft.html / final.html: email-ready HTML. Jinja2 autoescaping escapes every source string;
in the draft each claim is highlighted by status with its sources beside it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from agent.render.escape import visible
from agent.render.markdown import AA_TITLE
from agent.render.view import IssueView, fmt_number, safe_url
from agent.schemas import Claim

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Segment:
    text: str
    claim: Claim | None = None


def segments(paragraph: str, claims: list[Claim]) -> list[Segment]:
    """Split a paragraph into plain text and claim spans (claims are sorted, non-overlapping)."""
    out: list[Segment] = []
    cursor = 0
    for claim in claims:
        start, end = claim.span
        if start < cursor or end > len(paragraph) or start >= end:
            continue  # overlapping or stale span: show the text unhighlighted rather than garble it
        if start > cursor:
            out.append(Segment(paragraph[cursor:start]))
        out.append(Segment(paragraph[start:end], claim))
        cursor = end
    if cursor < len(paragraph):
        out.append(Segment(paragraph[cursor:]))
    return out


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = fmt_number
    env.filters["safe_url"] = safe_url
    env.filters["visible"] = visible
    return env


def render_html(view: IssueView, *, editor_notes: bool) -> str:
    return _environment().get_template("issue.html.j2").render(
        view=view, editor_notes=editor_notes, segments=segments, aa_title=AA_TITLE,
    )
