"""The editor's own words against the draft's, per section: the raw material of ``desk learn``.

An edit is stored before the graph acts on it (the draft the editor saw, and the text they wrote
instead). At approval each prose section's final text is compared with its first draft; the
record says whether the final text is the editor's (``approved_editor_text``) or a model's
(``approved_model_text``, after notes or a regeneration), and only the editor's teaches style.
"""

from __future__ import annotations

from agent.editor.versions import PROSE_SECTIONS, content_of, prose_text
from agent.persistence.runs import NewEdit
from agent.schemas import EDITOR_AUTHOR, EditorDecision
from agent.state import DeskState, versions_of

EDITOR_KINDS = ("edit", "approved_editor_text")
"""Records whose ``after_text`` the editor wrote."""


def edit_record(values: DeskState, decision: EditorDecision) -> NewEdit:
    """The essay the editor was shown and the paragraphs they replaced it with (stored with the
    action, in one transaction)."""
    assert decision.edited_paragraphs, "an edit carries its paragraphs"
    return NewEdit(section="essay", kind="edit", before_text=prose_text("essay", values["essay"]),
                   after_text="\n\n".join(decision.edited_paragraphs), editor=decision.editor)


def approval_records(values: DeskState, editor: str) -> list[NewEdit]:
    """Each prose section's approved text against its first draft, where they differ (stored
    with the approval's ``applied`` mark, in one transaction)."""
    records = []
    for section in PROSE_SECTIONS:
        versions = versions_of(values, section)
        first, final = (versions[0] if versions else None), content_of(values, section)
        if first is None or final is None:
            continue
        before, after = prose_text(section, first.content), prose_text(section, final)
        if before == after:
            continue
        written_by_editor = final.get("generated_by") == EDITOR_AUTHOR
        kind = "approved_editor_text" if written_by_editor else "approved_model_text"
        records.append(NewEdit(section=section, kind=kind, before_text=before, after_text=after,
                               editor=editor))
    return records
