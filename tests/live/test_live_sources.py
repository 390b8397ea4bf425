"""Each enabled source of config/sources.toml, fetched live through ``fetch_all`` (the path
``desk sources check`` takes), and ``desk sources record`` against the real services."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.clock import today
from agent.sources.catalog import SourceSpec
from agent.sources.gather import fetch_all
from agent.sources.http import utc_now
from agent.sources.recording import load_manifest
from agent.sources.registry import validate_options
from tests.live.conftest import CONFIG, LIVE, LIVE_ENV, SKIP_REASON

pytestmark = [pytest.mark.live, pytest.mark.enable_socket,
              pytest.mark.skipif(not LIVE, reason=SKIP_REASON)]
HEALTHY = ("ok", "not_modified")


def _skip_without_keys(spec: SourceSpec) -> None:
    missing = [name for name in validate_options(spec).required_env_names()
               if name not in LIVE_ENV]
    if missing:
        pytest.skip(f"{spec.name} needs {', '.join(missing)} (not set)")


@pytest.mark.parametrize("spec", CONFIG.enabled(), ids=lambda spec: spec.name)
def test_source_answers_live(spec: SourceSpec, tmp_path: Path) -> None:
    _skip_without_keys(spec)
    config = CONFIG.model_copy(update={"sources": [spec]})
    [result] = asyncio.run(fetch_all(today(utc_now()), config=config, data_dir=tmp_path,
                                     env=LIVE_ENV, use_fresh_cache=False))
    health = result.health
    assert result.items or health.status in HEALTHY, (
        f"{spec.name} ({spec.url}): {health.status}, {health.item_count} items: {health.error}")


def test_record_saves_the_live_responses_without_keys(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in LIVE_ENV.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "recording"
    result = CliRunner().invoke(app, ["sources", "record", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = load_manifest(out)
    assert manifest.snapshot_file == "snapshot.json"
    asked = ({r.source for r in manifest.responses}
             | {u.source for u in manifest.unanswered})  # a timeout leaves no response
    assert asked == {s.name for s in CONFIG.enabled()
                     if set(validate_options(s).required_env_names()) <= set(LIVE_ENV)}
    for path in out.rglob("*"):
        if path.is_file():
            content = path.read_bytes()
            leaked = [name for name, value in LIVE_ENV.items() if value.encode() in content]
            assert not leaked, f"{path} holds the value of {', '.join(leaked)}"
