"""Changing a paused run from outside the graph (regen, restore) without losing its place.

The change is computed with the nodes' own functions, written with
``graph.update_state(..., as_node="assemble")`` so the run stays paused at editor review, the
draft version is bumped (a review of the old draft then conflicts), the handoff package is
rewritten, and the new section versions are stored. The editor's request is stored first, and
claims the draft version exactly like a review decision does.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from agent.editor.versions import record_versions
from agent.errors import ConflictError, RunStateError
from agent.render.package import write_handoff
from agent.state import DeskState, merge_dicts
from agent.persistence.runs import SectionVersion

if TYPE_CHECKING:
    from agent.session import DeskSession

Update = dict[str, Any]
"""A partial state update, as a node would return it."""


class NoChangeError(RunStateError):
    """The regen or restore would not change the draft (no alternative exists, or the version is
    already current). The request is stored as skipped; no new version is stored."""


@dataclass
class EditorAction:
    """A claimed editor action: its stored id and the paused draft it applies to."""

    id: int
    draft_version: int
    values: DeskState
    started: float = field(default_factory=time.perf_counter)


def staged(values: DeskState, update: Mapping[str, Any]) -> DeskState:
    """``values`` as they will read once ``update`` is applied (the keyed reducers merged)."""
    merged: dict[str, Any] = {**values, **update}
    for key in ("sections", "section_sources"):
        if key in update:
            merged[key] = merge_dicts(cast(dict[str, Any], values).get(key, {}), update[key])
    return cast(DeskState, merged)


def claim_draft(session: DeskSession, request: dict[str, Any],
                expect_version: int | None) -> EditorAction:
    """Store the editor's request, then claim the paused draft for it.

    If the run is not paused for review (another editor's action moved it on, or it is still
    drafting), or the draft was already answered, the request is stored as a conflict and
    ConflictError (a RunStateError) is raised: nothing an editor wrote is lost.
    """
    state = session.state()
    values = cast(DeskState, dict(state.values))
    version = int(values.get("draft_version") or 0)
    if "editor_review" not in state.next:
        status = values.get("status", "not started")
        action_id = session.store.store_action(session.date, session.thread_id, request, version,
                                               status="conflict", error=f"run {status}")
        raise ConflictError(
            f"the {session.date} run is not waiting for review (status: {status}"
            + (f", next: {', '.join(state.next)}" if state.next else "")
            + f"); your request is saved as action #{action_id} but not applied")
    action_id = session.store.begin_action(session.date, session.thread_id, request, version,
                                           expected_version=expect_version)
    return EditorAction(id=action_id, draft_version=version, values=values)


@contextmanager
def editor_action(session: DeskSession, request: dict[str, Any],
                  expect_version: int | None) -> Iterator[EditorAction]:
    """Claim the draft for ``request`` and mark the action applied, skipped or failed."""
    action = claim_draft(session, request, expect_version)
    try:
        yield action
    except NoChangeError as error:
        session.store.mark_action(action.id, "skipped", str(error))
        raise
    except BaseException as error:
        session.store.mark_action(action.id, "failed", f"{type(error).__name__}: {error}")
        raise
    session.store.mark_action(action.id, "applied")


def apply_update(session: DeskSession, action: EditorAction, update: Update, *,
                 origin: str, editor: str) -> list[SectionVersion]:
    """Write ``update`` into the paused run as a new draft version and store its versions."""
    update = {**update, "draft_version": action.draft_version + 1}
    session.graph.update_state(session.config, update, as_node="assemble")  # type: ignore[arg-type]
    values = cast(DeskState, session.state().values)
    write_handoff(values, session.context, time.perf_counter() - action.started)
    session.run(None)  # editor_review pauses again, its payload describing the new draft
    return record_versions(session, update_origin=origin, editor=editor)
