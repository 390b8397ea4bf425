"""prompts/rubric.toml: shape, versioning, agreement with config, and with the lint registry."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from agent.config import ConfigError, load_desk_config
from agent.rubric.checks import REGISTRY, LintCheck, LintParams
from agent.rubric.lints import bind_lints, bind_signals, lint_essay
from agent.rubric.rubric import Rubric, default_rubric_path, load_rubric

REQUIRED_CRITERIA = {"thesis_clarity", "paragraphs_advance_thesis", "evidence_density",
                     "house_voice", "synthesis_across_sections", "closing_implication", "freshness"}


def _raw() -> dict:
    return tomllib.loads(default_rubric_path().read_text(encoding="utf-8"))


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rubric_is_versioned_and_every_rule_is_documented():
    rubric = load_rubric()
    assert rubric.version == "1.1"
    for rule in [*rubric.lints, *rubric.signals]:
        assert rule.message.strip() and len(rule.description.split()) >= 10, rule.id


def test_generic_prose_and_watch_words_are_signals_not_gates():
    rubric = load_rubric()
    assert {s.id for s in rubric.signals} == {"generic_prose", "watch_words"}
    assert not {r.id for r in rubric.lints} & {s.id for s in rubric.signals}


def test_rubric_defines_the_llm_criteria_with_anchors_1_3_5():
    rubric = load_rubric()
    assert {c.id for c in rubric.criteria} >= REQUIRED_CRITERIA
    for criterion in rubric.criteria:
        assert {1, 3, 5} <= criterion.anchors.keys(), criterion.id


def test_rubric_and_registry_name_the_same_checks_with_the_same_scopes():
    rubric = load_rubric()
    assert [b.rule.id for b in bind_lints(rubric)] == [r.id for r in rubric.lints]
    assert [b.rule.id for b in bind_signals(rubric)] == [r.id for r in rubric.signals]
    rules = [*rubric.lints, *rubric.signals]
    assert {r.id for r in rules} == REGISTRY.keys()
    assert all(REGISTRY[r.id].scope == r.scope for r in rules)


def test_every_published_essay_scores_at_least_4_on_every_criterion_as_written(published_essays):
    """The anchors describe the house's practice: each criterion's calibration notes score every
    published essay, with a reason naming the anchor it meets."""
    dates = {e.date for e in published_essays}
    for criterion in load_rubric().criteria:
        notes = {note.date: note for note in criterion.calibration}
        assert notes.keys() == dates, criterion.id
        for note in notes.values():
            assert note.score >= 4, (criterion.id, note.date)
            assert note.note.startswith(f"Meets {note.score}:"), (criterion.id, note.date)


def test_the_anchors_leave_room_above_and_below_the_published_essays():
    """Not every published essay is a 5 on everything (5 everywhere is not the house's level),
    and a 3 describes a competent draft the revise loop should polish."""
    rubric = load_rubric()
    scores = [note.score for c in rubric.criteria for note in c.calibration]
    assert 4 in scores and 5 in scores
    for criterion in rubric.criteria:
        assert criterion.anchors[3] != criterion.anchors[4]


def test_synthesis_rewards_the_sections_that_serve_the_thesis_not_coverage():
    synthesis = load_rubric().criterion("synthesis_across_sections")
    assert "only the sections that serve" in synthesis.question
    assert "Leaving a section out costs nothing" in synthesis.question
    wire_and_labs_only = next(n for n in synthesis.calibration if n.date == "2026-04-21")
    assert wire_and_labs_only.score >= 4


def test_calibration_notes_never_reach_a_prompt():
    """They describe issues published after some replay days (no time travel)."""
    from agent.writing.essay_prompt import rubric_criteria_text

    text = rubric_criteria_text()
    for criterion in load_rubric().criteria:
        assert all(note.note not in text for note in criterion.calibration)


def test_length_bounds_agree_with_the_editorial_config():
    rubric, editorial = load_rubric(), load_desk_config().editorial
    assert rubric.lint("word_count").params == {"min_words": editorial.min_words,
                                                "max_words": editorial.max_words}
    assert rubric.lint("paragraph_count").params["max_paragraphs"] == editorial.max_paragraphs


def test_load_rubric_is_cached():
    assert load_rubric() is load_rubric(default_rubric_path())


def test_a_rule_without_implementation_is_a_startup_error():
    raw = _raw()
    raw["lints"].append({"id": "oxford_comma", "scope": "sentence", "message": "m",
                         "description": "d"})
    with pytest.raises(ConfigError, match="'oxford_comma' has no implementation"):
        lint_essay(["The constraint is silicon."], "Grant Calloway",
                   rubric=Rubric.model_validate(raw))


def test_an_implementation_missing_from_the_rubric_is_a_startup_error():
    raw = _raw()
    raw["lints"] = [rule for rule in raw["lints"] if rule["id"] != "emoji"]
    with pytest.raises(ConfigError, match="implemented lint 'emoji' is missing from the rubric"):
        bind_lints(Rubric.model_validate(raw))


def test_an_extra_registered_check_is_a_startup_error():
    registry = dict(REGISTRY)
    registry["new_check"] = LintCheck("new_check", "sentence", LintParams, lambda doc, p: iter(()))
    with pytest.raises(ConfigError, match="'new_check' is missing from the rubric"):
        bind_lints(load_rubric(), registry)


def test_scope_disagreement_is_a_startup_error():
    raw = _raw()
    next(r for r in raw["lints"] if r["id"] == "emoji")["scope"] = "document"
    with pytest.raises(ConfigError, match="'emoji' has scope 'document'"):
        bind_lints(Rubric.model_validate(raw))


@pytest.mark.parametrize(("lint_id", "params", "problem"), [
    ("word_count", {"min_words": 330}, "max_words"),
    ("word_count", {"min_words": 330, "max_words": 700, "max_word": 1}, "max_word"),
    ("hype_words", {"phrases": "revolutionary"}, "phrases"),
])
def test_invalid_params_are_a_startup_error_naming_the_rule(lint_id, params, problem):
    raw = _raw()
    next(r for r in raw["lints"] if r["id"] == lint_id)["params"] = params
    with pytest.raises(ConfigError, match=f"'{lint_id}' has invalid params: .*{problem}"):
        bind_lints(Rubric.model_validate(raw))


def test_missing_rubric_file_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="missing"):
        load_rubric(tmp_path / "nope.toml")


def test_invalid_toml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_rubric(_write(tmp_path, "version = \n"))


@pytest.mark.parametrize(("edit", "problem"), [
    (lambda raw: raw.update(version="one"), "version"),
    (lambda raw: raw["criteria"][0]["anchors"].pop("3"), r"scores \[3\] are missing"),
    (lambda raw: raw["criteria"][0]["anchors"].update({"7": "x"}), "within 1-5"),
    (lambda raw: raw["lints"].append(dict(raw["lints"][0])),
     "duplicate lint or signal ids: word_count"),
    (lambda raw: raw["signals"].append(dict(raw["lints"][0])),
     "duplicate lint or signal ids: word_count"),
    (lambda raw: raw["criteria"][0]["calibration"].append(raw["criteria"][0]["calibration"][0]),
     "more than one calibration note for 2026-04-07"),
    (lambda raw: raw["criteria"][0]["calibration"][0].update(score=6), "calibration"),
    (lambda raw: raw["lints"][0].pop("description"), "description"),
    (lambda raw: raw["lints"][0].update(scope="essay"), "scope"),
])
def test_invalid_rubric_is_a_config_error_naming_the_problem(tmp_path, edit, problem):
    raw = _raw()
    edit(raw)
    path = _write(tmp_path, _to_toml(raw))
    with pytest.raises(ConfigError, match=problem):
        load_rubric(path)


def _to_toml(raw: dict) -> str:
    """Enough TOML for the rubric's shape (strings, numbers, lists, nested tables)."""
    import json

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(str(k))} = {value(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(v) if isinstance(v, str) else str(v)

    lines = [f"{k} = {value(v)}" for k, v in raw.items() if not isinstance(v, list)]
    for table in ("lints", "signals", "criteria"):
        for entry in raw.get(table, []):
            lines.append(f"[[{table}]]")
            lines += [f"{k} = {value(v)}" for k, v in entry.items()]
    return "\n".join(lines) + "\n"
