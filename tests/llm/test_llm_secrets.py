"""API keys reach the provider and nothing else: not the ledger, its records, logs, exception
messages or any file the run writes."""

from __future__ import annotations

import logging

import pytest

from agent.errors import LLMError
from agent.llm.factory import build_router
from agent.persistence.ledger import SqliteLedger, ledger_path
from tests.llm.desk_requests import MALFORMED_JSON, VALID_JSON, EntailmentVerdict, verify_request
from tests.llm.sdk_mocks import (
    FAKE_ANTHROPIC_KEY,
    FAKE_COMPATIBLE_KEY,
    FAKE_OPENAI_KEY,
    ScriptedAPI,
    anthropic_error,
    anthropic_message,
    openai_completion,
    openai_error,
)

KEYS = (FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, FAKE_COMPATIBLE_KEY)


def test_keys_never_leave_the_http_request(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)  # the SDKs log request options at DEBUG
    data_dir = tmp_path / "data"
    env = {"ANTHROPIC_API_KEY": FAKE_ANTHROPIC_KEY, "OPENAI_API_KEY": FAKE_OPENAI_KEY,
           "OPENAI_COMPATIBLE_API_KEY": FAKE_COMPATIBLE_KEY,
           "OPENAI_BASE_URL": "http://127.0.0.1:8000/v1"}
    api = ScriptedAPI(
        anthropic_message(VALID_JSON),                                     # writer ok
        openai_completion(VALID_JSON),                                     # critic ok
        # A server that echoes the key it refused (some proxies do).
        openai_error(401, "invalid_api_key", f"Incorrect API key provided: {FAKE_OPENAI_KEY}"),
        *[anthropic_error(529, "overloaded_error", "Overloaded")] * 5,     # verifier unavailable
        *[openai_completion(MALFORMED_JSON)] * 3,                          # local: invalid output
    )
    router = build_router(
        overrides=["extractor=openai-compatible:llama3.1"], env=env,
        ledger=SqliteLedger(ledger_path(data_dir)), run_id="issue-2026-04-21",
        http_client=api.http_client(), sleeper=lambda seconds: None)

    router.call(verify_request(role="writer", node="draft"), EntailmentVerdict)
    router.call(verify_request(role="critic", node="critique"), EntailmentVerdict)
    errors: list[LLMError] = []
    for role, node in (("critic", "critique2"), ("verifier", "verify"),
                       ("extractor", "claims")):
        with pytest.raises(LLMError) as caught:
            router.call(verify_request(role=role, node=node, user=f"<x>{node}</x>"),
                        EntailmentVerdict)
        errors.append(caught.value)

    # The keys were really in play: each provider received its own.
    sent = [request.headers.get("authorization", "") for request in api.requests]
    assert f"Bearer {FAKE_ANTHROPIC_KEY}" in sent and f"Bearer {FAKE_OPENAI_KEY}" in sent
    assert f"Bearer {FAKE_COMPATIBLE_KEY}" in sent
    assert "[redacted]" in str(errors[0]) and "check OPENAI_API_KEY" in str(errors[0])

    records = router.ledger.calls("issue-2026-04-21")
    assert [r.outcome for r in records] == [
        "ok", "ok", "rejected", "unavailable", "invalid_output"]
    texts = {
        "exception messages": " ".join(f"{e} {e!r} {getattr(e, 'last_raw', '')}" for e in errors),
        "call records": " ".join(r.model_dump_json() for r in records),
        "logs": caplog.text + " ".join(str(r.args) for r in caplog.records),
        "run info": router.ledger.run_info("issue-2026-04-21").model_dump_json(),
    }
    texts.update({str(path): path.read_bytes().decode("utf-8", "replace")
                  for path in data_dir.rglob("*") if path.is_file()})
    assert any("ledger.sqlite" in name for name in texts)
    assert "Sending HTTP Request" in texts["logs"]  # the SDK debug log was captured
    for where, text in texts.items():
        for key in KEYS:
            assert key not in text, f"{where} leaks a key"
