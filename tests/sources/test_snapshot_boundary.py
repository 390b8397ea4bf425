"""The snapshot boundary: a file that breaks the contract is refused in one line naming the item
(by id) and the field; values a snapshot can carry but a checkpoint cannot (dates outside
1990-2100, integers beyond 64 bits) are refused there too; a naive time is read in the desk's
time zone."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from agent.errors import SnapshotError
from agent.sources.snapshots import load_snapshot, read_snapshot
from tests.corpora.day import Edit, apply_edit, base_day, to_bytes

WIRE = "wire-fermi-ceo-cfo-exit-amazon-150m"
REPO = "repo-microsoft-markitdown"


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "snapshot.json"
    path.write_bytes(data)
    return path


def _day_with(item_id: str, path: str, value: Any) -> bytes:
    day = base_day()
    apply_edit(day, Edit(item_id=item_id, path=path, value=value))
    return to_bytes(day)


def _refusal(tmp_path: Path, data: bytes) -> str:
    with pytest.raises(SnapshotError) as caught:
        read_snapshot(_write(tmp_path, data))
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(("item_id", "field", "value"), [
    (WIRE, "published_at", "0001-01-01T00:00:00Z"),
    (WIRE, "published_at", "9999-12-31T23:59:59Z"),
    (REPO, "first_seen_at", "1989-12-31T23:00:00Z"),
    (WIRE, "published_at", "2101-01-01T00:00:00Z"),
])
def test_dates_outside_1990_to_2100_are_refused_naming_item_and_field(tmp_path, item_id, field,
                                                                      value):
    message = _refusal(tmp_path, _day_with(item_id, field, value))
    assert f"item {item_id}: {field}:" in message and "1990-2100" in message
    assert "items." not in message  # the item is named by id, not by its position


def test_dates_at_the_edges_of_the_range_are_read(tmp_path):
    data = _day_with(WIRE, "published_at", "1990-01-01T00:00:00Z")
    assert read_snapshot(_write(tmp_path, data)).date == dt.date(2026, 4, 21)


def test_gathered_in_year_one_is_refused(tmp_path):
    day = base_day()
    day["gathered_at"] = "0001-01-01T00:00:00Z"
    assert "gathered_at:" in _refusal(tmp_path, to_bytes(day))


@pytest.mark.parametrize(("field", "value", "digits"), [
    ("stars_today", 2**64, 20), ("stars_total", -(2**63) - 1, 19)])
def test_integers_beyond_64_bits_are_refused(tmp_path, field, value, digits):
    message = _refusal(tmp_path, _day_with(REPO, field, value))
    assert f"item {REPO}: {field}: an integer of {digits} digits does not fit in 64 bits" in message


def test_an_integer_literal_too_long_to_parse_is_refused_naming_it(tmp_path):
    data = _day_with(REPO, "stars_total", "@@DIGITS@@").replace(b'"@@DIGITS@@"', b"7" * 5000)
    message = _refusal(tmp_path, data)
    assert f"item {REPO}: stars_total: an integer of 5000 digits" in message


def test_the_largest_64_bit_integer_is_read(tmp_path):
    day = base_day()
    day["sources"][0]["item_count"] = 2**63 - 1
    assert read_snapshot(_write(tmp_path, to_bytes(day))).sources[0].item_count == 2**63 - 1


def test_a_naive_time_is_read_in_the_desks_time_zone(tmp_path):
    # 22:05 in New York (EDT, UTC-4) is 02:05 UTC the next day.
    snapshot = load_snapshot(_write(tmp_path, _day_with(WIRE, "published_at",
                                                         "2026-04-20T22:05:00")))
    item = snapshot.by_id()[WIRE]
    assert item.published_at == dt.datetime(2026, 4, 21, 2, 5, tzinfo=dt.timezone.utc)


def test_a_naive_gathering_time_is_read_in_the_desks_time_zone(tmp_path):
    day = base_day()
    day["gathered_at"] = "2026-04-21T07:00:00"
    snapshot = load_snapshot(_write(tmp_path, to_bytes(day)))
    assert snapshot.gathered_at == dt.datetime(2026, 4, 21, 11, tzinfo=dt.timezone.utc)


def test_an_unknown_time_zone_is_refused(tmp_path):
    day = base_day()
    day["timezone"] = "Mars/Olympus_Mons"
    assert "timezone: 'Mars/Olympus_Mons' is not an IANA time zone" in _refusal(
        tmp_path, to_bytes(day))


def test_a_key_given_twice_is_refused_naming_item_and_key(tmp_path):
    data = _day_with(WIRE, "title", "@@T@@").replace(
        b'"title": "@@T@@"', b'"title": "Fermi shares soar", "title": "Fermi CEO exits"')
    assert f"item {WIRE}: title: the key is given twice" in _refusal(tmp_path, data)


def test_a_lone_surrogate_is_refused_naming_item_and_field(tmp_path):
    data = _day_with(WIRE, "title", "@@T@@").replace(b'"@@T@@"', b'"Fermi \\ud800 exits"')
    assert f"item {WIRE}: title: holds a lone surrogate" in _refusal(tmp_path, data)


def test_nesting_too_deep_to_parse_names_the_top_level_key(tmp_path):
    day = base_day()
    day["notes"] = "@@DEEP@@"
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    message = _refusal(tmp_path, to_bytes(day).replace(b'"@@DEEP@@"', deep))
    assert "notes: nested 5,001 levels deep" in message


def test_a_utf8_byte_order_mark_is_read(tmp_path):
    path = _write(tmp_path, codecs.BOM_UTF8 + to_bytes(base_day()))
    assert read_snapshot(path).date == dt.date(2026, 4, 21)


def test_an_item_without_an_id_is_named_by_its_position(tmp_path):
    day = base_day()
    del day["items"][0]["id"]
    assert "item #1 (no id): id: Field required" in _refusal(tmp_path, to_bytes(day))


def test_a_nested_field_is_named_with_its_path(tmp_path):
    day = base_day()
    reported = next(i for i in day["items"] if i.get("also_reported_by"))
    del reported["also_reported_by"][0]["url"]
    message = _refusal(tmp_path, to_bytes(day))
    assert f"item {reported['id']}: also_reported_by[0].url: Field required" in message


def test_withheld_items_may_not_hide_integers_beyond_64_bits(tmp_path):
    day = base_day()
    day["withheld"] = [{"id": "x", "kind": "wire", "reasons": ["invalid_number"],
                        "item": {"id": "x", "stars": [1, 2**70]}}]
    message = _refusal(tmp_path, to_bytes(day))
    assert "withheld item x: item: stars[1]: an integer that does not fit in 64 bits" in message


def test_a_valid_file_still_round_trips(tmp_path):
    snapshot = load_snapshot(_write(tmp_path, to_bytes(base_day())))
    again = _write(tmp_path, json.dumps(snapshot.model_dump(mode="json")).encode())
    assert load_snapshot(again) == snapshot
