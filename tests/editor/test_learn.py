"""``desk learn``: the editor's edits are stored per section, and recurring patterns become
proposals for the rubric or style guide, never applied automatically."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from agent.cli import app
from agent.editor.actions import decide
from agent.editor.learning import build_proposals, rubric_facts
from agent.paths import PROMPTS_DIR
from agent.schemas import EditorDecision
from agent.persistence.runs import RunStore

EDITS = {
    "issue-2026-04-07": (
        "Notably, Amazon committed 1500 GPUs to the project, and the market is, at the end of "
        "the day, thin. Microsoft will utilize the chips for its own models next year.",
        "Amazon committed 1,500 GPUs to the project, and the market is thin. Microsoft will "
        "use the chips for its own models next year."),
    "issue-2026-04-21": (
        "Notably, Nvidia shipped 2500 units in the quarter, and at the end of the day the "
        "buyers were few. Google will utilize the capacity for search and ads this spring.",
        "Nvidia shipped 2,500 units in the quarter, and the buyers were few. Google will use "
        "the capacity for search and ads this spring."),
    "issue-2026-04-22": (
        "Crucially, the chips arrived late and the customers who had paid up front waited.",
        "The chips arrived late. Customers waited."),
}


def store_with_edits(tmp_path) -> RunStore:
    store = RunStore(tmp_path / "runs.sqlite")
    for thread, (draft, edited) in EDITS.items():
        store.add_edit(date=thread[6:], thread_id=thread, section="essay", kind="edit",
                       before_text=draft, after_text=edited, editor="ada")
    store.add_edit(date="2026-04-24", thread_id="issue-2026-04-24", section="wire",
                   kind="approved_model_text", before_text="Notably, a model wrote this.",
                   after_text="A model wrote this.", editor="ada")
    return store


def test_recurring_edits_become_proposals_and_one_offs_do_not(tmp_path):
    proposals = build_proposals(store_with_edits(tmp_path).edits(), rubric_facts()).proposals
    rules = {p.kind: p for p in proposals}
    assert set(rules) >= {"banned_phrase", "number_format", "word_choice"}
    banned = [p for p in proposals if p.kind == "banned_phrase"]
    assert [p.rule for p in banned] == [
        'add "notably" to the phrases of lint stock_phrases (prompts/rubric.toml)']
    assert banned[0].runs == 2 and {e.date for e in banned[0].examples} == {"2026-04-07",
                                                                             "2026-04-21"}
    assert "thousands separator rather than digits without separator" in rules["number_format"].rule
    assert rules["word_choice"].rule == 'Prefer "use" to "utilize"'
    everything = json.dumps([p.model_dump() for p in proposals])
    assert "crucially" not in everything.lower()  # one run only
    assert "end of the day" not in everything  # already a stock phrase in the rubric


def test_a_consistent_shift_in_sentence_length_proposes_a_rhythm_setting(tmp_path):
    store = RunStore(tmp_path / "runs.sqlite")
    long = ("The company said on Tuesday that the new chips, which it has been designing for "
            "three years with partners in Taiwan and Korea, will ship to cloud customers first "
            "and to everyone else in the second half of next year. ") * 4
    short = ("The company said on Tuesday that its new chips will ship to cloud customers "
             "first. Everyone else waits until the second half of next year. ") * 4
    for thread in ("issue-2026-04-07", "issue-2026-04-21"):
        store.add_edit(date=thread[6:], thread_id=thread, section="essay", kind="edit",
                       before_text=long, after_text=short, editor="ada")
    (proposal,) = [p for p in build_proposals(store.edits(), rubric_facts()).proposals
                   if p.kind == "sentence_length"]
    assert proposal.rule.startswith("sentence_length_profile.max_mean: 30 -> ")
    assert proposal.target == "rubric" and proposal.runs == 2


def test_edit_and_approval_are_stored_and_desk_learn_proposes_without_applying(
        drafted, monkeypatch):
    run = drafted("2026-04-21", "baseline")
    with run.session() as session:
        essay = session.state().values["essay"]["paragraphs"]
        phrase = " for a third straight month"
        assert sum(phrase in p for p in essay) == 1
        edited = [p.replace(phrase, "") for p in essay]
        decide(session, EditorDecision(type="edit", edited_paragraphs=edited,
                                               editor="ada"))
        decide(session, EditorDecision(type="accept", editor="ada"))
        session.store.add_edit(date="2026-04-07", thread_id="issue-2026-04-07", section="essay",
                               kind="edit", before_text="Prices rose for a third straight month.",
                               after_text="Prices rose.", editor="bo")
        kinds = [(e.section, e.kind) for e in session.store.edits()]
    assert kinds[:2] == [("essay", "edit"), ("essay", "approved_editor_text")]
    guides = {p: p.read_bytes() for p in (PROMPTS_DIR / "rubric.toml",
                                          PROMPTS_DIR / "house_style.md")}
    monkeypatch.setenv("DESK_DATA_DIR", str(run.data_dir))
    result = CliRunner().invoke(app, ["learn", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["applied"] is False
    assert [p["rule"] for p in printed["proposals"] if p["kind"] == "banned_phrase"] == [
        'add "for a third straight month" to the phrases of lint stock_phrases '
        "(prompts/rubric.toml)"]
    saved = json.loads((run.data_dir / "learn" / "proposals.json").read_text())
    assert saved["proposals"] == printed["proposals"]
    assert all(p.read_bytes() == before for p, before in guides.items())
