"""``desk sources check`` / ``desk sources fetch`` and the shipped config/sources.toml."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from agent.config import ConfigError
from agent.errors import SourceError, UsageError
from agent.paths import data_dir
from agent.schemas import DaySnapshot
from agent.commands.sources import check_command, fetch_command
from agent.sources.registry import load_sources_config
from agent.sources.registry import PARSERS, validate_options
from tests.sources.helpers import Router, feed_source, make_config, respond

WIRE = feed_source("TechCrunch", "https://techcrunch.com/feed")
LAB = feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab", required=True)


def _router(openai_status: int = 200) -> Router:
    return Router({
        "https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml"),
        "https://openai.com/news/rss.xml": respond("feeds/openai.SHAPE.rss.xml",
                                                   status=openai_status),
    })


def test_check_json_prints_one_object_and_passes_when_required_sources_work(capsys) -> None:
    code = check_command(as_json=True, config=make_config([WIRE, LAB]), client=_router().client())
    payload = json.loads(capsys.readouterr().out)
    assert code == 0
    assert [(s["source"], s["status"], s["required"]) for s in payload["sources"]] == [
        ("TechCrunch", "ok", False), ("OpenAI", "ok", True)]


def test_check_exits_1_when_a_required_source_fails(capsys) -> None:
    code = check_command(as_json=True, config=make_config([WIRE, LAB]),
                         client=_router(openai_status=403).client())
    statuses = {s["source"]: s["status"] for s in json.loads(capsys.readouterr().out)["sources"]}
    assert code == 1 and statuses == {"TechCrunch": "ok", "OpenAI": "blocked"}


def test_check_table_names_each_source(capsys) -> None:
    code = check_command(as_json=False, config=make_config([WIRE]), client=_router().client())
    out = capsys.readouterr().out
    assert code == 0 and "TechCrunch" in out and "ok" in out


def test_fetch_writes_the_snapshot_to_the_data_dir(capsys) -> None:
    code = fetch_command(date="2026-11-23", out=None, config=make_config([WIRE]),
                         client=_router().client())
    path = data_dir() / "snapshots" / "2026-11-23.json"
    assert code == 0 and str(path) in capsys.readouterr().out.replace("\n", "")
    snapshot = DaySnapshot.model_validate_json(path.read_text())
    assert snapshot.date == dt.date(2026, 11, 23) and len(snapshot.items) == 1


def test_fetch_to_an_explicit_file(tmp_path) -> None:
    out = tmp_path / "day.json"
    assert fetch_command(date="2026-11-23", out=out, config=make_config([WIRE]),
                         client=_router().client()) == 0
    assert DaySnapshot.model_validate_json(out.read_text()).origin == "live"


def test_fetch_rejects_a_bad_date_and_fails_when_everything_fails() -> None:
    with pytest.raises(UsageError):
        fetch_command(date="23/11/2026", out=None, config=make_config([WIRE]))
    with pytest.raises(SourceError):
        fetch_command(date="2026-11-23", out=None, config=make_config([LAB]),
                      client=_router(openai_status=403).client())


def test_shipped_config_is_valid_and_covers_every_parser() -> None:
    config = load_sources_config()
    assert {spec.parser for spec in config.sources} == set(PARSERS)
    names = {spec.name for spec in config.sources}
    assert {"arXiv", "Artificial Analysis", "SWE-rebench", "GitHub Trending", "Anthropic",
            "OpenAI", "TechCrunch", "Hacker News"} <= names
    assert all(spec.url.startswith("https://") for spec in config.sources)
    assert "@" in config.settings.user_agent


def test_a_typo_in_parser_options_is_a_config_error() -> None:
    spec = make_config([{**WIRE, "parser": "hn_algolia", "options": {"min_pionts": 5}}]).sources[0]
    with pytest.raises(ConfigError, match="min_pionts"):
        validate_options(spec)
