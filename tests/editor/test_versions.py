"""Every version of every section is kept: ``desk history``, ``desk diff`` and ``desk restore``
(which brings a version back exactly, as a new version)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from agent.cli import app
from agent.editor.actions import regenerate, restore
from agent.session import DeskSession
from agent.persistence.runs import canonical_json
from tests.fakes import draft_router
from tests.editor.test_regen import blocks
from tests.helpers import published_essay, start_input

DATE = "2026-04-21"
runner = CliRunner()


def cli(run, monkeypatch, *args: str):
    monkeypatch.setenv("DESK_DATA_DIR", str(run.data_dir))
    monkeypatch.setenv("DESK_OUT_DIR", str(run.out_dir))
    return runner.invoke(app, list(args))


def test_restore_brings_back_an_earlier_essay_exactly_with_its_claims(drafted):
    run = drafted(DATE, "baseline")
    with run.session() as session:
        original = session.state().values
        draft_md = (run.package / "draft.md").read_text()
        regenerate(session, "essay.p2", note=None, editor="ada")
        assert session.state().values["essay"] != original["essay"]
        outcome = restore(session, "essay", 1, editor="bo")
        values = session.state().values
        versions = session.store.versions(session.thread_id, "essay")
    assert [(v.version, v.origin, v.editor) for v in versions] == [
        (1, "draft", None), (2, "regen essay.p2", "ada"), (3, "restore v1", "bo")]
    assert canonical_json(versions[2].content) == canonical_json(versions[0].content)
    assert [(v.section, v.version, v.origin) for v in outcome.versions] == [
        ("essay", 3, "restore v1")]
    assert outcome.draft_version == 3
    assert values["essay"] == original["essay"]
    assert values["essay_plan"] == original["essay_plan"]
    essay_claims = lambda v: [c for c in v["claims"] if c["section"] == "essay"]  # noqa: E731
    assert essay_claims(values) == essay_claims(original)
    assert blocks((run.package / "draft.md").read_text()) == blocks(draft_md)


def test_cli_history_diff_and_restore_of_a_section(drafted, monkeypatch):
    run = drafted(DATE, "baseline")
    assert cli(run, monkeypatch, "regen", DATE, "--section", "wire").exit_code == 0
    history = cli(run, monkeypatch, "history", DATE, "--section", "wire", "--json")
    assert history.exit_code == 0, history.output
    listed = json.loads(history.stdout)["versions"]
    assert [(v["version"], v["origin"], v["draft_version"]) for v in listed] == [
        (1, "draft", 1), (2, "regen wire", 2)]
    diff = cli(run, monkeypatch, "diff", DATE, "wire", "1", "2")
    assert diff.exit_code == 0
    removed = listed[0]["content"]["paragraphs"][0].split(". ")[1]
    assert any(line.startswith("-") and removed in line for line in diff.stdout.splitlines())
    assert "+++ wire v2 (regen wire)" in diff.stdout
    restored = cli(run, monkeypatch, "restore", DATE, "wire", "1")
    assert restored.exit_code == 0, restored.output
    with run.session() as session:
        values = session.state().values
        (first, _, third) = session.store.versions(session.thread_id, "wire")
    assert values["sections"]["wire"] == first.content == third.content
    assert third.provenance == first.provenance == values["section_sources"]["wire"]
    again = cli(run, monkeypatch, "restore", DATE, "wire", "3")
    assert again.exit_code == 1 and "already the current wire" in again.output


def test_cli_errors_name_what_exists(drafted, monkeypatch):
    run = drafted(DATE, "baseline")
    missing = cli(run, monkeypatch, "diff", DATE, "papers", "1", "7")
    assert missing.exit_code == 1 and "no version 7 (versions 1-1)" in missing.output
    wrong = cli(run, monkeypatch, "history", DATE, "--section", "essay.p2")
    assert wrong.exit_code == 2 and "use essay" in wrong.output
    unknown = cli(run, monkeypatch, "history", "2026-04-07")
    assert unknown.exit_code == 1 and "no saved run" in unknown.output


def test_the_first_draft_and_each_automatic_revision_are_versions(tmp_path):
    with_lint_failure = [published_essay(DATE)[0] + " We think so.", *published_essay(DATE)[1:]]
    models = draft_router(DATE, essay=with_lint_failure, revisions=(published_essay(DATE),))
    with DeskSession(date=DATE, data_dir=tmp_path / "d", out_dir=tmp_path / "o", router=models,
                     env={}) as session:
        session.run(start_input(DATE))
        stored = session.store.versions(session.thread_id)
    essays = [(v.version, v.origin, v.content["paragraphs"][0]) for v in stored
              if v.section == "essay"]
    assert essays == [(1, "draft", with_lint_failure[0]), (2, "revision", published_essay(DATE)[0])]
    assert {v.section for v in stored} == {"thesis", "essay", "wire", "labs", "papers",
                                           "benchmarks", "trending"}
    assert all(v.draft_version == 1 for v in stored)


def test_the_store_mirrors_the_versions_in_the_runs_state_once(drafted):
    run = drafted(DATE, "baseline")
    with run.session() as session:
        from agent.state import versions_of

        in_state = versions_of(session.state().values)
        stored = session.store.versions(session.thread_id)
        assert len(stored) == len(in_state) == 7
        assert session.store.add_versions(session.thread_id, stored) == 0  # already there
        assert session.store.versions(session.thread_id) == stored
