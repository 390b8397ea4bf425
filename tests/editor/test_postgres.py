"""``DESK_DATABASE_URL=postgresql://...``: checkpoints, the ledger and the run store on a real
PostgreSQL server (started by the fixtures from Debian's packages), shared by several editors."""

from __future__ import annotations

import threading

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.editor.actions import decide, editor_session, regenerate
from agent.errors import CheckpointError, ConflictError, DateBusyError
from agent.persistence.ledger import CallRecord, RunInfo
from agent.llm.router import LLMRouter
from agent.schemas import EditorDecision
from agent.session import DeskSession
from tests.helpers import start_input

DATE = "2026-04-21"


def pg_session(tmp_path, url: str, **options) -> DeskSession:
    return DeskSession(date=DATE, data_dir=tmp_path / "data", out_dir=tmp_path / "out",
                       router=LLMRouter(), env={"DESK_DATABASE_URL": url}, **options)


def test_a_run_drafted_regenerated_and_approved_on_postgres(tmp_path, postgres_url, monkeypatch):
    import psycopg
    from langgraph.checkpoint.postgres import PostgresSaver

    with pg_session(tmp_path, postgres_url) as session:
        assert isinstance(session.checkpointer, PostgresSaver)
        session.run(start_input(DATE))
        regenerate(session, "papers", note=None, editor="ada")
    with pg_session(tmp_path, postgres_url, create=False) as other_editor:  # a second process
        assert other_editor.state().values["draft_version"] == 2
        decide(other_editor, EditorDecision(type="accept", editor="bo"))
    assert not list((tmp_path / "data").glob("*.sqlite"))  # nothing went to SQLite
    assert (tmp_path / "out" / DATE / "final.md").exists()
    with psycopg.connect(postgres_url) as conn:
        count = lambda table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: E731
        assert count("checkpoints") > 0 and count("section_versions") == 8
        assert count("editor_actions") == 2
    monkeypatch.setenv("DESK_DATABASE_URL", postgres_url)
    history = CliRunner().invoke(app, ["history", DATE, "--section", "papers", "--json"])
    assert history.exit_code == 0, history.output
    assert '"origin": "regen papers"' in history.stdout
    runs = CliRunner().invoke(app, ["runs", "--json"])
    assert '"status": "published"' in runs.stdout


def test_two_editors_on_postgres_one_applies_the_other_is_busy(tmp_path, postgres_url):
    with pg_session(tmp_path, postgres_url) as session:
        session.run(start_input(DATE))
    start = threading.Barrier(2)
    results: list[str] = []
    env = {"DESK_DATABASE_URL": postgres_url}

    def editor(decision: EditorDecision) -> None:
        start.wait()
        try:
            with editor_session(date=DATE, data_dir=tmp_path / "data", out_dir=tmp_path / "out",
                                decision=decision, command=f"desk review ({decision.editor})",
                                env=env, router=LLMRouter()) as session:
                decide(session, decision)
                results.append("applied")
        except (ConflictError, DateBusyError):
            results.append("refused")

    threads = [threading.Thread(target=editor, args=(d,)) for d in (
        EditorDecision(type="accept", editor="ada"),
        EditorDecision(type="edit", edited_paragraphs=["A paragraph by bo."], editor="bo"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["applied", "refused"]
    with pg_session(tmp_path, postgres_url, create=False) as session:
        actions = session.store.actions(DATE)
    statuses = sorted(a.status for a in actions)
    assert statuses[0] == "applied" and statuses[1] in ("busy", "conflict")
    assert any(a.decision.get("edited_paragraphs") == ["A paragraph by bo."] for a in actions)


def test_postgres_ledger_records_replays_and_merges_run_info(postgres_url):
    from agent.persistence.database import Database
    from agent.persistence.ledger import DatabaseLedger

    ledger = DatabaseLedger(Database.postgres(postgres_url))
    try:
        call = CallRecord(run_id="issue-x", node="draft", role="writer", provider="fake",
                          model="m", fingerprint="fp1", input_tokens=10, output_tokens=5,
                          cost_usd=0.25, response_text='{"a": 1}')
        ledger.record(call.model_copy(update={"outcome": "unavailable", "error": "529"}))
        ledger.record(call)
        assert ledger.find_completed("issue-x", "fp1").response_text == '{"a": 1}'
        assert ledger.totals("issue-x").calls == 2 and ledger.totals("issue-x").failed_calls == 1
        ledger.save_run(RunInfo(run_id="issue-x", models={"writer": "fake:m"},
                                degradations=["budget"]))
        ledger.save_run(RunInfo(run_id="issue-x", models={"writer": "fake:n"},
                                degradations=["verifier moved"]))
        info = ledger.run_info("issue-x")
        assert info.models == {"writer": "fake:n"}
        assert info.degradations == ["budget", "verifier moved"]
    finally:
        ledger.close()


def test_an_unreachable_database_is_one_clear_line_without_the_password(tmp_path, postgres_server):
    url = postgres_server.replace("desk@", "desk:s3cret-pw@").rsplit(":", 1)[0] + ":1/nowhere"
    with pytest.raises(CheckpointError) as raised:
        pg_session(tmp_path, url)
    message = str(raised.value)
    assert message.startswith("cannot open PostgreSQL desk@127.0.0.1:1/nowhere")
    assert "s3cret-pw" not in message and "\n" not in message
    with pytest.raises(CheckpointError, match="must be a postgresql:// URL"):
        pg_session(tmp_path, "mysql://desk@127.0.0.1/x")
