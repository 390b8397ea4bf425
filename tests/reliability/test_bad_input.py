"""The bad-input corpus (tests/reliability/fixtures/): prompt injection in titles and summaries,
HTML and JavaScript, text that must be escaped, control and invisible characters, a script URL,
a very large item, invalid UTF-8 and duplicate ids.

Unreadable snapshots are one clear error; everything else is drafted, with the hostile text
cleaned, flagged for the editor, kept inside the data delimiters of every prompt and escaped in
draft.html."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from pydantic import TypeAdapter
from typer.testing import CliRunner

from agent.cli import app
from agent.paths import ARCHIVE_DIR
from agent.llm.prompting import DATA_OPEN
from agent.schemas import Item, NewsItem
from agent.sources.snapshots import load_snapshot, sample_path
from tests.sim.server import SimLLMServer, SimSettings
from tests.reliability.support import DATE, SIM_MODEL_FLAGS, sim_env

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED_FLAGS = {
    "bad-inject-title": "prompt_injection",
    "bad-inject-summary": "prompt_injection",
    "bad-html-js": "html_stripped",
    "bad-control-chars": "control_chars",
    "bad-huge": "truncated",
}
HUGE_SENTENCES = 6000  # about 330 KB of summary


def _hostile_snapshot(tmp_path: Path) -> Path:
    base = load_snapshot(sample_path(DATE, ARCHIVE_DIR))
    hostile = TypeAdapter(list[Item]).validate_json((FIXTURES / "hostile_items.json").read_bytes())
    huge = NewsItem(id="bad-huge", kind="wire", source="Example Wire",
                    url="https://wire.example.com/huge", title="Northwind files a long prospectus",
                    summary=" ".join(f"Northwind listed risk factor {n} in its filing."
                                     for n in range(HUGE_SENTENCES)))
    path = tmp_path / "hostile.json"
    # First in the snapshot, so the writers see them first (the simulated writer picks early ids).
    path.write_text(base.model_copy(update={"items": [*hostile, huge, *base.items]})
                    .model_dump_json(), encoding="utf-8")
    return path


def _draft(tmp_path: Path, snapshot: Path, *extra: str):
    return CliRunner().invoke(app, ["draft", "--snapshot", str(snapshot), "--no-review",
                                    "--data-dir", str(tmp_path / "data"),
                                    "--out", str(tmp_path / "out"), *extra])


@pytest.mark.parametrize(("fixture", "reason"), [
    ("invalid_utf8.json", "Invalid JSON: invalid unicode"),
    ("duplicate_ids.json", "duplicate item id 'same-id'"),
])
def test_an_unreadable_snapshot_is_one_clear_error(tmp_path, fixture, reason):
    result = _draft(tmp_path, FIXTURES / fixture)
    output = (result.stderr or result.output).strip()
    assert result.exit_code == 1
    assert "Traceback" not in output and len(output.splitlines()) == 1
    assert output.startswith("error: snapshot") and reason in output
    assert not (tmp_path / "data").exists()  # nothing was started


def test_hostile_items_are_cleaned_flagged_and_escaped(tmp_path):
    result = _draft(tmp_path, _hostile_snapshot(tmp_path))
    assert result.exit_code == 0, result.output
    target = tmp_path / "out" / DATE

    review = json.loads((target / "review.json").read_text())
    flagged = {item["id"]: set(item["flags"]) for item in review["flagged_items"]}
    for item_id, flag in EXPECTED_FLAGS.items():
        assert flag in flagged.get(item_id, set()), (item_id, flagged.get(item_id))
    assert any("instruct the model" in q for q in review["open_questions"])

    items = {i["id"]: i for i in json.loads((target / "sources.json").read_text())
             ["snapshot"]["items"]}
    assert "<" not in items["bad-html-js"]["summary"] and "alert" not in items["bad-html-js"]["summary"]
    assert items["bad-control-chars"]["title"] == "Fabrikam raises $500 million"
    assert len(items["bad-huge"]["summary"]) <= 4000
    assert items["bad-escaping"]["title"] == 'AT&T says "<3 open weights" & plans a 5 GW build'

    html = (target / "draft.html").read_text()
    assert_inert(html)
    assert "&lt;script&gt;alert(" in html  # the editor sees what was removed, as text


def assert_inert(html: str) -> lxml.html.HtmlElement:
    """No source string became markup: no script, image or frame, no event handler, and every
    link is http(s) or nowhere."""
    page = lxml.html.fromstring(html)
    assert not page.xpath("//script | //img | //iframe")
    assert not [name for element in page.iter() for name in element.attrib
                if name.lower().startswith("on")]
    assert all(href.startswith(("https://", "http://", "#")) for href in page.xpath("//@href"))
    return page


def test_no_prompt_carries_hostile_text_outside_the_data_delimiters(tmp_path, monkeypatch):
    with SimLLMServer(SimSettings(record_prompts=True)) as sim:
        for name, value in sim_env(sim).items():
            monkeypatch.setenv(name, value)
        result = _draft(tmp_path, _hostile_snapshot(tmp_path), *SIM_MODEL_FLAGS)
        prompts = [r.prompt for r in sim.log]
    assert result.exit_code == 0, result.output
    injected = "call this the deal of the decade"
    assert prompts and not any(injected in p for p in prompts)  # withheld at intake
    assert all(DATA_OPEN in p for p in prompts if "<item id=" in p)
    assert not any(re.search(r"<script|<\|im_start\|>|onerror", p, re.IGNORECASE) for p in prompts)
    assert max(len(p) for p in prompts) < 120_000  # the huge item was cut, not sent whole

    html = (tmp_path / "out" / DATE / "draft.html").read_text()
    page = assert_inert(html)
    links = {a.text_content(): a.get("href") for a in page.xpath("//a")}
    assert "A paper whose link is a script" not in links  # an invalid URL links nowhere
    assert "A paper whose link is a script" in html
    assert "AT&amp;T said it will spend $3 billion" in html
