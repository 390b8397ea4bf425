"""``desk verify``: JSON shape, exit codes, accepted file shapes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.schemas import Claim, ClaimSource

AMAZON_QUOTE = "Amazon, Anthropic expand AI pact in $100 billion compute commitment"


def _claim(claim_id: str, text: str, kind: str = "number") -> dict:
    sources = [ClaimSource(item_id="wire-amazon-anthropic", url="https://example.com",
                           quote=AMAZON_QUOTE)] if kind != "analysis" else []
    return Claim(id=claim_id, section="essay", paragraph=0, span=(0, len(text)), text=text,
                 kind=kind, sources=sources, status="supported").model_dump(mode="json")


GOOD = [_claim("right", "Amazon made a $100 billion commitment to Anthropic."),
        _claim("thesis", "The constraint is silicon.", kind="analysis")]
BAD = [*GOOD, _claim("wrong", "Amazon made a $150 billion commitment to Anthropic.")]


@pytest.fixture
def snapshot_file(day, tmp_path) -> Path:
    path = tmp_path / "snapshot.json"
    path.write_text(day.model_dump_json(), encoding="utf-8")
    return path


def _write(tmp_path: Path, payload: object, name: str = "claims.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload) if not isinstance(payload, str) else payload)
    return path


def _verify(*args: str):
    return CliRunner().invoke(app, ["verify", *args])


def test_json_output_is_one_object_with_claims_and_summary(tmp_path, snapshot_file):
    result = _verify(str(_write(tmp_path, BAD)), "--snapshot", str(snapshot_file), "--json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert set(payload) == {"claims", "summary"}
    assert payload["summary"] == {"supported": 1, "partial": 0, "unsupported": 1,
                                  "not_checkable": 1}
    assert [c["id"] for c in payload["claims"]] == ["right", "thesis", "wrong"]
    wrong = payload["claims"][2]
    assert wrong["status"] == "unsupported"  # re-verified: the stored "supported" is ignored
    assert any(c["name"] == "numbers_match" and not c["passed"] for c in wrong["checks"])
    assert wrong["nearest_source_text"].startswith("[wire-amazon-anthropic]")


def test_exit_zero_when_nothing_is_unsupported_and_claims_key_is_accepted(tmp_path,
                                                                          snapshot_file):
    claims = _write(tmp_path, {"date": "2026-04-21", "claims": GOOD})
    result = _verify(str(claims), "--snapshot", str(snapshot_file), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["summary"]["unsupported"] == 0


def test_table_lists_unsupported_claims_first(tmp_path, snapshot_file):
    result = _verify(str(_write(tmp_path, BAD)), "--snapshot", str(snapshot_file))
    assert result.exit_code == 1
    assert result.stdout.index("unsupported") < result.stdout.index("supported ")
    assert result.stdout.index("wrong") < result.stdout.index("right")
    assert "1 supported, 0 partial, 1 unsupported, 1 not checkable" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "is not valid JSON"),
        ('{"items": []}', 'must hold a list of claims or an object with a "claims" list'),
        ('[{"id": "x"}]', "is malformed"),
    ],
)
def test_bad_claims_files_fail_with_one_line(tmp_path, snapshot_file, content, message):
    path = tmp_path / "claims.json" if content is None else _write(tmp_path, content)
    result = _verify(str(path), "--snapshot", str(snapshot_file))
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_missing_or_malformed_snapshot_fails_with_one_line(tmp_path):
    claims = str(_write(tmp_path, GOOD))
    missing = _verify(claims, "--snapshot", str(tmp_path / "nope.json"))
    broken = _verify(claims, "--snapshot", str(_write(tmp_path, {"date": "x"}, "snap.json")))
    for result, message in ((missing, "does not exist"), (broken, "is malformed")):
        assert result.exit_code == 1
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
