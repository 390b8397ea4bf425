"""``desk restore``: bring back a stored version of a section, exactly, as a new version.

The stored content (and, for baseline text, the sentence -> item provenance its claims rely on)
goes back into the paused run unchanged; the section's claims and, for the essay, its lints are
re-checked, and the draft version is bumped like any other editor action.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel

from agent.editor.apply import NoChangeError, Update, apply_update, editor_action, staged
from agent.editor.recheck import essay_round, recheck_claims
from agent.editor.versions import TRACKED_SECTIONS, content_of
from agent.errors import DeskError, UsageError
from agent.schemas import LeadEssay
from agent.state import DeskState
from agent.persistence.runs import SectionVersion, canonical_json

if TYPE_CHECKING:
    from agent.context import DeskContext
    from agent.session import DeskSession


class RestoreOutcome(BaseModel):
    date: str
    section: str
    restored: int
    version: int
    """The new version number the restored content was stored as."""
    draft_version: int
    notices: list[str]


def restore_version(session: DeskSession, section: str, number: int, *, editor: str,
                    expect_version: int | None = None) -> RestoreOutcome:
    if section not in TRACKED_SECTIONS:
        raise UsageError(f"unknown section {section!r}: choose one of "
                         f"{', '.join(TRACKED_SECTIONS)}")
    stored = session.store.version(session.thread_id, section, number)
    if stored is None:
        raise DeskError(f"{section} has no version {number} for {session.date}; "
                        f"`desk history {session.date} --section {section}` lists them")
    request = {"type": "restore", "section": section, "version": number, "editor": editor,
               "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    with editor_action(session, request, expect_version) as action:
        if canonical_json(content_of(action.values, section)) == canonical_json(stored.content):
            raise NoChangeError(f"v{number} of {section} is already the current {section}; "
                                "nothing new was stored")
        update = restore_update(section, stored, action.values, session.context)
        versions = apply_update(session, action, update, origin=f"restore v{number}",
                                editor=editor)
    new = next(v for v in versions if v.section == section)
    notices = ["the essay was not re-drafted: restore or regenerate the essay too if it should "
               "follow this thesis"] if section == "thesis" else []
    return RestoreOutcome(date=session.date, section=section, restored=number,
                          version=new.version, draft_version=action.draft_version + 1,
                          notices=notices)


def restore_update(section: str, stored: SectionVersion, values: DeskState,
                   ctx: DeskContext) -> Update:
    if section == "thesis":
        return {"thesis": stored.content}
    if section == "essay":
        update: Update = {"essay": stored.content, "essay_plan": stored.provenance}
        after = staged(values, update)
        essay = LeadEssay.model_validate(stored.content)
        return {**update, "critique_rounds": [essay_round(after, essay, ctx)],
                **recheck_claims(after, {"essay"}, ctx)}
    update = {"sections": {section: stored.content},
              "section_sources": {section: stored.provenance or []}}
    return {**update, **recheck_claims(staged(values, update), {section}, ctx)}
