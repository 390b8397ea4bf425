"""Every version of every section, kept in the run store.

Versions are found in the run's checkpoint history rather than announced by the nodes: after each
command (draft, review, regen, restore) the new checkpoints are scanned, and each tracked section
whose content differs from its latest stored version becomes a new version. So the first draft,
every automatic and notes-driven revision, an editor's edit, a regeneration and a restore are all
kept, each with where it came from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator, Mapping
from contextlib import closing
from typing import TYPE_CHECKING, Any

from langgraph.types import StateSnapshot

from agent.schemas import SECTION_NAMES
from agent.persistence.runs import SectionVersion, canonical_json
from agent.text import split_sentences

if TYPE_CHECKING:
    from agent.session import DeskSession

TRACKED_SECTIONS: tuple[str, ...] = ("thesis", "essay", *SECTION_NAMES)
PROSE_SECTIONS: tuple[str, ...] = ("essay", "wire", "labs")
"""Sections whose text an editor reads as prose (and may rewrite)."""


def content_of(values: Mapping[str, Any], section: str) -> dict[str, Any] | None:
    if section in ("thesis", "essay"):
        return values.get(section)
    return values.get("sections", {}).get(section)


def provenance_of(values: Mapping[str, Any], section: str) -> Any:
    """What the claims need besides the text: the baseline's sentence -> item pairs."""
    if section == "essay":
        return values.get("essay_plan")
    if section in ("wire", "labs"):
        return values.get("section_sources", {}).get(section)
    return None


def record_versions(session: DeskSession, *, update_origin: str,
                    editor: str | None = None) -> list[SectionVersion]:
    """Store every section version found in the checkpoints written since the last scan.

    ``update_origin`` names versions written by a state update (regen, restore); versions written
    by nodes are named for the node (draft, revision, notes revision, editor edit).
    """
    store, thread = session.store, session.thread_id
    scanned = store.scanned_checkpoint(thread)
    fresh = _new_checkpoints(session, scanned)
    if not fresh:
        return []
    latest = {name: canonical_json(v.content) for name, v in store.latest_versions(thread).items()}
    found: list[SectionVersion] = []
    for (snapshot, ran), shown_in in zip(fresh, _shown_in(fresh), strict=True):
        for section in TRACKED_SECTIONS:
            content = content_of(snapshot.values, section)
            if content is None or latest.get(section) == canonical_json(content):
                continue
            latest[section] = canonical_json(content)
            updated = _is_update(snapshot)
            origin = update_origin if updated else _node_origin(snapshot, ran)
            found.append(SectionVersion(
                date=session.date, thread_id=thread, section=section, origin=origin,
                draft_version=shown_in,
                content=content, provenance=provenance_of(snapshot.values, section),
                checkpoint_id=_checkpoint_id(snapshot),
                editor=editor if updated or origin == "editor edit" else None,
                created_at=snapshot.created_at or _now()))
    numbers = store.add_versions(thread, found, scanned_from=scanned,
                                 scanned_to=_checkpoint_id(fresh[-1][0]))
    if numbers is None:
        return []  # another process recorded this stretch of history first
    return [v.model_copy(update={"version": n}) for v, n in zip(found, numbers, strict=True)]


def _new_checkpoints(session: DeskSession, scanned: str | None
                     ) -> list[tuple[StateSnapshot, tuple[str, ...]]]:
    """Checkpoints after ``scanned``, oldest first, each with the nodes that produced it."""
    newer: list[StateSnapshot] = []
    anchor: StateSnapshot | None = None
    history = _history(session)
    with closing(history):  # closing releases the saver's lock when the scan stops early
        for snapshot in history:
            if _checkpoint_id(snapshot) == scanned:
                anchor = snapshot
                break
            newer.append(snapshot)
    if not newer:
        return []
    newer.reverse()
    ran_before = [anchor.next if anchor else (), *(s.next for s in newer[:-1])]
    return list(zip(newer, ran_before, strict=True))


def _shown_in(fresh: list[tuple[StateSnapshot, tuple[str, ...]]]) -> list[int | None]:
    """For each checkpoint, the draft version whose handoff first showed its state: the next
    one written by ``assemble`` or by an editor's update (the newest, if the run stopped)."""
    upcoming = fresh[-1][0].values.get("draft_version")
    shown: list[int | None] = []
    for snapshot, ran in reversed(fresh):
        if "assemble" in ran or _is_update(snapshot):
            upcoming = snapshot.values.get("draft_version")
        shown.append(upcoming)
    return shown[::-1]


def _history(session: DeskSession) -> Generator[StateSnapshot, None, None]:
    yield from session.graph.get_state_history(session.config)  # type: ignore[arg-type]


def _is_update(snapshot: StateSnapshot) -> bool:
    return snapshot.metadata is not None and snapshot.metadata.get("source") == "update"


def _node_origin(snapshot: StateSnapshot, ran: tuple[str, ...]) -> str:
    if "revise" in ran:
        revisions = snapshot.values.get("revisions") or [{}]
        return "notes revision" if revisions[-1].get("trigger") == "editor_notes" else "revision"
    if "editor_review" in ran:
        return "editor edit"
    return "draft"


def _checkpoint_id(snapshot: StateSnapshot) -> str:
    return snapshot.config["configurable"]["checkpoint_id"]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


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
    return text if len(text) <= width else text[: width - 1] + "…"
