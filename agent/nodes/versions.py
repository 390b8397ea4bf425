"""Section versions as nodes record them: every node that changes a tracked section returns the
new content's version in the ``versions`` channel (a reducer-kept list), numbered per section.
The run's state is the record; ``assemble`` mirrors new versions to the run store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from agent.schemas import SectionVersionRecord, TrackedSection
from agent.state import DeskState, draft_version_of, dump, versions_of


def new_version(state: DeskState, section: TrackedSection, content: dict[str, Any], *,
                origin: str, provenance: Any = None, editor: str | None = None,
                decision_id: str | None = None, draft_version: int | None = None
                ) -> list[dict[str, Any]]:
    """The ``versions`` update for ``section``'s new content: one record, or none when the
    content equals the latest version (nothing changed)."""
    earlier = versions_of(state, section)
    if earlier and earlier[-1].content == content:
        return []
    record = SectionVersionRecord(
        section=section, version=(earlier[-1].version + 1) if earlier else 1, origin=origin,
        draft_version=draft_version if draft_version is not None else draft_version_of(state) + 1,
        content=content, provenance=provenance, editor=editor, decision_id=decision_id,
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    return [dump(record)]
