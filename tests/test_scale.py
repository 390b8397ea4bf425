"""A busy day through the real CLI: the checkpoint grows with the run's decisions, not with the
day's snapshot (which the run store keeps once), and state keeps a bounded set of storylines.
(The 10,000-item figures are measured by ``bench/curate_bench.py``, never by a test.)"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from pathlib import Path

import pytest

from typer.testing import CliRunner

from agent.cli import app
from agent.nodes.curate import KEPT_ITEMS, KEPT_STORYLINES
from agent.session import DeskSession
from tests.corpora.day import BASE_DATE, base_day, to_bytes

runner = CliRunner()


def _busy_day(news: int) -> dict:
    """The sample day with ``news`` wire items: headlines of a new company and six words of
    the day's headlines, the day's summaries; one in ten carried again by a second outlet."""
    day = base_day()
    rng = random.Random(news)
    own = [i for i in day["items"] if i["kind"] == "wire"]
    words = sorted({w for i in own for w in i["title"].split()})
    noon = dt.datetime(2026, 4, 20, 12, tzinfo=dt.timezone.utc).isoformat()
    for n in range(news - len(own)):
        title = f"Company{n} {' '.join(rng.sample(words, 6))}"
        day["items"].append({**own[n % len(own)], "id": f"wire-busy-{n}", "title": title,
                             "url": f"https://wire.example.com/{n}", "published_at": noon,
                             "also_reported_by": []})
        if n % 10 == 0:
            day["items"].append({**day["items"][-1], "id": f"wire-busy-{n}-again",
                                 "source": "Other Wire", "title": f"{title}, sources say",
                                 "url": f"https://other.example.com/{n}"})
    return day


def _draft(workdir: Path, news: int) -> Path:
    workdir.mkdir(exist_ok=True)
    path = workdir / "snapshot.json"
    path.write_bytes(to_bytes(_busy_day(news)))
    data = workdir / "data"
    result = runner.invoke(app, ["draft", "--snapshot", str(path), "--no-review", "--data-dir",
                                 str(data), "--out", str(workdir / "out")])
    assert result.exit_code == 0, result.stderr
    return data


def _checkpoint_bytes(data: Path) -> int:
    with sqlite3.connect(data / "checkpoints.sqlite") as db:
        return sum(db.execute("SELECT COALESCE(SUM(LENGTH(checkpoint)), 0) FROM checkpoints")
                   .fetchone() + db.execute("SELECT COALESCE(SUM(LENGTH(value)), 0) FROM writes")
                   .fetchone())


@pytest.mark.slow
def test_checkpoints_grow_with_decisions_not_with_the_snapshot(tmp_path):
    small, busy = _draft(tmp_path / "small", 100), _draft(tmp_path / "busy", 1500)
    snapshot_growth = (tmp_path / "busy" / "snapshot.json").stat().st_size / (
        tmp_path / "small" / "snapshot.json").stat().st_size
    checkpoint_growth = _checkpoint_bytes(busy) / _checkpoint_bytes(small)
    assert snapshot_growth > 8 and checkpoint_growth < 1.5, (snapshot_growth, checkpoint_growth)


def test_state_keeps_the_top_storylines_and_no_snapshot_copy(tmp_path):
    data = _draft(tmp_path, 1500)
    with DeskSession(date=BASE_DATE, data_dir=data, out_dir=tmp_path / "out",
                     create=False) as session:
        values = session.state().values
        stored = session.store.snapshot(values["snapshot_id"])
    storylines = values["storylines"]
    assert len(storylines) == KEPT_STORYLINES
    assert max(len(s["item_ids"]) for s in storylines) <= KEPT_ITEMS
    assert "sources.json" not in values["package"] and "draft.md" in values["package"]
    assert len(stored.items) > 1500  # the day itself is in the run store, once
    assert json.loads((tmp_path / "out" / BASE_DATE / "sources.json").read_text())["snapshot"]
