"""``desk sources record``: every raw response of a live gather saved as fixtures, secrets
scrubbed, and replayed through ``gather_live`` to the same snapshot."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from agent.cli import app
from agent.commands.sources import record_command
from agent.errors import RecordingError, SourceError
from agent.paths import data_dir
from agent.schemas import DaySnapshot
from agent.sources.gather import gather_live
from agent.sources.recording import (
    REDACTED,
    Redactor,
    ReplayTransport,
    UnrecordedRequest,
    is_secret_param,
    load_manifest,
    record_gather,
    recording_dir,
)
from tests.sources.helpers import (
    AA_LEGACY,
    FakeSleep,
    Router,
    connect_timeout,
    feed_source,
    fixed_clock,
    fixture_bytes,
    listing_sources,
    make_config,
    respond,
)

DAY = dt.date(2026, 11, 23)
CLOCK = fixed_clock("2026-11-23T07:00:00-05:00")
URL_SECRET = "SECRET123"
ENV_SECRET = "aa-env-secret-7f3e9c"
COOKIE_SECRET = "session-cookie-5b1d"
KEYED_FEED = f"https://feeds.example.com/ai?api_key={URL_SECRET}&lang=en"
RETRY_NOW = {"Retry-After": "0"}  # retried at once: the test never sleeps

SOURCES = [
    feed_source("TechCrunch", "https://techcrunch.com/feed"),
    feed_source("Keyed Wire", KEYED_FEED),
    feed_source("Flaky Wire", "https://flaky.example.com/feed"),
    feed_source("Down Wire", "https://down.example.com/feed"),
    feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab"),
    feed_source("NVIDIA Blog", "https://blogs.nvidia.com/feed/", kind="lab"),
    *listing_sources(),
]


def _keyed_feed_body() -> bytes:
    """A feed that echoes the URL it was fetched with, key and all (some servers do)."""
    feed = fixture_bytes("feeds/edge_cases.rss.xml")
    echo = f"<!-- generated for {KEYED_FEED.replace('&', '&amp;')} -->\n".encode()
    declaration_end = feed.index(b"?>") + 2
    return feed[:declaration_end] + b"\n" + echo + feed[declaration_end:]


def _aa_body() -> bytes:
    """The real legacy payload plus a field echoing the caller's key."""
    payload = json.loads(fixture_bytes("artificial_analysis/legacy.json"))
    payload["request_echo"] = {"x-api-key": ENV_SECRET}
    return json.dumps(payload).encode()


def _services() -> Router:
    """The real services' answers for SOURCES, from the fixtures in tests/fixtures/sources."""
    return Router({
        "https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml",
                                               content_type="application/rss+xml"),
        "https://feeds.example.com/ai": respond(body=_keyed_feed_body(), headers={
            "content-type": "application/rss+xml; charset=utf-8",
            "set-cookie": f"sid={COOKIE_SECRET}; Path=/; HttpOnly",
            "etag": '"feed-v1"'}),
        "https://flaky.example.com/feed": [
            respond(status=500, body=b"upstream hiccup", headers=RETRY_NOW),
            respond("feeds/story_wire.rss.xml", content_type="application/rss+xml")],
        "https://down.example.com/feed": respond(status=500, body=b"down", headers=RETRY_NOW),
        "https://openai.com/news/rss.xml": respond("feeds/cloudflare_403.html", status=403,
                                                   content_type="text/html"),
        "https://blogs.nvidia.com/feed/": respond("feeds/story_lab.rss.xml",
                                                  content_type="application/rss+xml"),
        "https://www.anthropic.com/news": respond("anthropic/news.SHAPE.html",
                                                  content_type="text/html"),
        "https://rss.arxiv.org/rss/cs.AI": respond("arxiv/rss_cs_AI.rss.xml",
                                                   content_type="application/rss+xml"),
        AA_LEGACY: respond(body=_aa_body(), headers={
            "content-type": "application/json", "x-ratelimit-remaining": "999",
            "x-request-note": f"served for key {ENV_SECRET}"}),
        "https://swe-rebench.com/": respond(status=301, headers={
            "location": "https://swe-rebench.com/leaderboard"}),
        "https://swe-rebench.com/leaderboard": respond("swe_rebench/page.SHAPE.html",
                                                       content_type="text/html"),
        "https://github.com/trending": respond("github/trending.SHAPE.html",
                                               content_type="text/html"),
    })


def _files_containing(directory: Path, secret: str) -> list[str]:
    return [str(path) for path in directory.rglob("*")
            if path.is_file() and secret.encode() in path.read_bytes()]


def _without_latency(snapshot: DaySnapshot) -> dict:
    """The snapshot but its sources' wall times (the replay is the same day, not the same speed)."""
    return snapshot.model_dump(exclude={"sources": {"__all__": {"latency_ms"}}})


def _health(snapshot: DaySnapshot) -> dict[str, tuple[str, int]]:
    return {h.source: (h.status, h.item_count) for h in snapshot.sources}


def _replay(directory: Path, replay_data: Path, **env: str) -> tuple[DaySnapshot, ReplayTransport]:
    transport = ReplayTransport(directory)
    snapshot = asyncio.run(gather_live(
        DAY, config=make_config(SOURCES), data_dir=replay_data,
        client=httpx.AsyncClient(transport=transport), clock=CLOCK, sleep=FakeSleep(), env=env))
    return snapshot, transport


@pytest.mark.shape
def test_record_saves_every_response_without_secrets_and_replays_to_the_same_snapshot(
        tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ARTIFICIAL_ANALYSIS_API_KEY", ENV_SECRET)
    services = _services()
    out = tmp_path / "recording"

    code = record_command(date=DAY.isoformat(), out=out, config=make_config(SOURCES),
                          client=services.client(), clock=CLOCK)

    assert code == 0 and str(out) in capsys.readouterr().out.replace("\n", "")
    manifest = load_manifest(out)
    redactor = Redactor({})
    sent = sorted((r.method, redactor.url(str(r.url))) for r in services.requests)
    assert sorted((r.method, r.url) for r in manifest.responses) == sent
    assert len(manifest.responses) == 14 and manifest.unanswered == []
    statuses = [(r.source, r.status) for r in manifest.responses]
    assert statuses.count(("Down Wire", 500)) == 2  # the first try and its retry
    assert {("Flaky Wire", 500), ("Flaky Wire", 200), ("OpenAI", 403),
            ("SWE-rebench", 301), ("SWE-rebench", 200)} <= set(statuses)
    assert {r.source for r in manifest.responses} == {s["name"] for s in SOURCES}
    for response in manifest.responses:
        body = (out / response.body_file).read_bytes()
        assert hashlib.sha256(body).hexdigest() == response.sha256
    aa = next(r for r in manifest.responses if r.source == "Artificial Analysis")
    assert ("x-ratelimit-remaining", "999") in aa.headers and aa.content_type == "application/json"
    assert services.requests[[str(r.url) for r in services.requests].index(AA_LEGACY)].headers[
        "x-api-key"] == ENV_SECRET  # the key really travelled, so the scrub below means something

    for secret in (URL_SECRET, ENV_SECRET, COOKIE_SECRET):
        assert _files_containing(out, secret) == [], secret
    keyed = next(r for r in manifest.responses if r.source == "Keyed Wire")
    assert keyed.url == f"https://feeds.example.com/ai?api_key={REDACTED}&lang=en"
    assert [name for name, _ in keyed.headers] == ["content-type", "etag"]
    assert f"api_key={REDACTED}".encode() in (out / keyed.body_file).read_bytes()
    assert manifest.redacted_env == ["ARTIFICIAL_ANALYSIS_API_KEY"]

    recorded = DaySnapshot.model_validate_json((out / "snapshot.json").read_text())
    assert recorded == DaySnapshot.model_validate_json(
        (data_dir() / "snapshots" / "2026-11-23.json").read_text())
    replayed, transport = _replay(out, tmp_path / "replay",
                                  ARTIFICIAL_ANALYSIS_API_KEY="a-different-key")
    assert len(transport.requests) == len(services.requests)
    assert len(recorded.items) >= 15 and recorded.withheld  # the injection item is withheld
    assert _without_latency(replayed) == _without_latency(recorded)
    assert _health(recorded)["OpenAI"] == ("blocked", 0)
    assert _health(recorded)["Down Wire"] == ("network_error", 0)
    assert _health(recorded)["Flaky Wire"] == ("ok", 2)


def test_a_request_that_got_no_answer_is_listed_and_replays_as_a_network_error(tmp_path):
    sources = [feed_source("TechCrunch", "https://techcrunch.com/feed"),
               feed_source("Slow Lab", "https://slow.example.com/feed", kind="lab")]
    services = Router({"https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml"),
                       "https://slow.example.com/feed": connect_timeout})
    out = tmp_path / "recording"
    recording = asyncio.run(record_gather(
        DAY, config=make_config(sources), data_dir=tmp_path / "data", out=out,
        client=services.client(), clock=CLOCK, sleep=FakeSleep(), env={}))
    assert [(u.source, u.url) for u in recording.manifest.unanswered] == [
        ("Slow Lab", "https://slow.example.com/feed")] * 2  # the first try and its retry
    replayed = asyncio.run(gather_live(
        DAY, config=make_config(sources), data_dir=tmp_path / "replay",
        client=httpx.AsyncClient(transport=ReplayTransport(out)), clock=CLOCK, sleep=FakeSleep(),
        env={}))
    assert _health(replayed) == {"TechCrunch": ("ok", 1), "Slow Lab": ("network_error", 0)}


def test_replay_names_a_url_it_never_recorded(tmp_path):
    services = Router({"https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml")})
    out = tmp_path / "recording"
    record_command(date=DAY.isoformat(), out=out, client=services.client(), clock=CLOCK,
                   config=make_config([feed_source("TechCrunch", "https://techcrunch.com/feed")]))

    async def fetch_unrecorded() -> None:
        async with httpx.AsyncClient(transport=ReplayTransport(out)) as client:
            await client.get("https://techcrunch.com/other-feed")

    with pytest.raises(UnrecordedRequest, match="https://techcrunch.com/other-feed"):
        asyncio.run(fetch_unrecorded())


def test_when_every_source_fails_the_responses_are_still_recorded(tmp_path):
    services = Router({"https://openai.com/news/rss.xml": respond(
        "feeds/cloudflare_403.html", status=403, content_type="text/html")})
    config = make_config([feed_source("OpenAI", "https://openai.com/news/rss.xml", kind="lab")])
    with pytest.raises(SourceError, match="every source failed.*responses are recorded in"):
        record_command(date=DAY.isoformat(), out=None, config=config, client=services.client())
    manifest = load_manifest(recording_dir(data_dir(), DAY))
    assert [(r.source, r.status) for r in manifest.responses] == [("OpenAI", 403)]
    assert manifest.snapshot_file is None and "blocked" in (manifest.gather_error or "")


def test_recording_again_replaces_the_earlier_recording_but_never_a_foreign_directory(tmp_path):
    config = make_config([feed_source("TechCrunch", "https://techcrunch.com/feed")])
    services = Router({"https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml")})
    out = tmp_path / "recording"
    record_command(date=DAY.isoformat(), out=out, config=config, client=services.client())
    (out / "bodies" / "stale.xml").write_text("from an older recording")
    record_command(date=DAY.isoformat(), out=out, config=config, client=services.client())
    assert not (out / "bodies" / "stale.xml").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left

    foreign = tmp_path / "home"
    (foreign / "notes.txt").parent.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(RecordingError, match="holds no manifest.json"):
        record_command(date=DAY.isoformat(), out=foreign, config=config, client=services.client())
    assert (foreign / "notes.txt").read_text() == "mine"


def test_a_recording_that_cannot_be_written_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    services = Router({"https://techcrunch.com/feed": respond("feeds/wordpress.SHAPE.rss.xml")})
    config = make_config([feed_source("TechCrunch", "https://techcrunch.com/feed")])
    with pytest.raises(RecordingError, match=r"cannot write the recording in .*a-file/rec: "
                       ) as error:
        record_command(date=DAY.isoformat(), out=blocker / "rec", client=services.client(),
                       config=config)
    assert "\n" not in str(error.value)


def test_reading_a_directory_that_is_not_a_recording_is_one_line(tmp_path):
    with pytest.raises(RecordingError, match="cannot read the recording"):
        ReplayTransport(tmp_path)
    (tmp_path / "manifest.json").write_text('{"format": 1}')
    with pytest.raises(RecordingError, match="is not a recording manifest"):
        ReplayTransport(tmp_path)


@pytest.mark.parametrize("name,secret", [
    ("api_key", True), ("apiKey", True), ("key", True), ("token", True), ("access_token", True),
    ("client_secret", True), ("X-Amz-Signature", True), ("X-Amz-Credential", True),
    ("page", False), ("lang", False), ("since", False), ("q", False),
])
def test_key_like_query_parameters(name, secret):
    assert is_secret_param(name) is secret


def test_redactor_scrubs_urls_in_text_and_secret_values_everywhere():
    redactor = Redactor({"GITHUB_TOKEN": "ghp_abc123", "UNSET": ""})
    html = ('<a href="https://x.test/a?page=2&amp;token=t0k&amp;q=ai">'
            "Bearer ghp_abc123</a> https://x.test/b?access_token=zz#top")
    assert redactor.text(html) == (
        f'<a href="https://x.test/a?page=2&amp;token={REDACTED}&amp;q=ai">Bearer {REDACTED}</a>'
        f" https://x.test/b?access_token={REDACTED}#top")
    assert redactor.names == ["GITHUB_TOKEN"]
    assert redactor.body("café ghp_abc123".encode()) == f"café {REDACTED}".encode()
    headers = httpx.Headers([("Content-Type", "text/html"), ("Set-Cookie", "a=1"),
                             ("WWW-Authenticate", "Bearer"), ("X-RateLimit-Remaining", "9"),
                             ("Content-Encoding", "gzip"), ("Location", "/next?key=abc")])
    assert redactor.headers(headers) == [("content-type", "text/html"),
                                         ("x-ratelimit-remaining", "9"),
                                         ("location", f"/next?key={REDACTED}")]


def test_the_record_command_line():
    runner = CliRunner()
    help_text = runner.invoke(app, ["sources", "record", "--help"]).output
    assert "--date" in help_text and "--out" in help_text and "recordings" in help_text
    bad = runner.invoke(app, ["sources", "record", "--date", "23/11/2026"])
    assert bad.exit_code == 2 and "not a date" in bad.output
