"""Run the rubric's deterministic lints on an essay (``desk lint``, the critique node, evals).

Every ``[[lints]]`` and ``[[signals]]`` rule of ``prompts/rubric.toml`` must have exactly one
registered check and every registered check must appear in the rubric; a mismatch, a scope
disagreement or invalid parameters raise ``ConfigError`` before any essay is judged. Lints are
gates; signals (``agent.rubric.signals``) are measurements shown to the critic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pydantic import ValidationError

from agent.config import ConfigError, load_desk_config
from agent.rubric.checks import REGISTRY, Finding, LintCheck, LintParams
from agent.rubric.document import EssayDocument, parse_essay_text
from agent.rubric.rubric import LintRule, Rubric, load_rubric
from agent.schemas import LintViolation

__all__ = ["BoundLint", "bind_lints", "bind_signals", "lint_essay", "lint_text",
           "parse_essay_text"]


@dataclass(frozen=True)
class BoundLint:
    """A rubric rule joined to its implementation and validated parameters."""

    rule: LintRule
    params: LintParams
    run: Callable[[EssayDocument, LintParams], Iterator[Finding]]

    def violations(self, doc: EssayDocument) -> list[LintViolation]:
        return [
            LintViolation(
                id=self.rule.id,
                scope=self.rule.scope,
                message=f"{self.rule.message} ({f.detail})" if f.detail else self.rule.message,
                span=f.span,
                paragraph=f.paragraph,
            )
            for f in self.run(doc, self.params)
        ]


def bind_lints(rubric: Rubric,
               registry: dict[str, LintCheck] | None = None) -> tuple[BoundLint, ...]:
    """The rubric's gates joined to their checks, or ``ConfigError`` naming every inconsistency."""
    registry = _checked_registry(rubric, registry)
    return tuple(_bind(rule, registry[rule.id]) for rule in rubric.lints)


def bind_signals(rubric: Rubric,
                 registry: dict[str, LintCheck] | None = None) -> tuple[BoundLint, ...]:
    """The rubric's signals joined to their checks (same consistency rules as ``bind_lints``)."""
    registry = _checked_registry(rubric, registry)
    return tuple(_bind(rule, registry[rule.id]) for rule in rubric.signals)


def _checked_registry(rubric: Rubric,
                      registry: dict[str, LintCheck] | None) -> dict[str, LintCheck]:
    registry = REGISTRY if registry is None else registry
    rule_ids = {rule.id for rule in [*rubric.lints, *rubric.signals]}
    problems = [f"rubric lint {i!r} has no implementation"
                for i in sorted(rule_ids - registry.keys())]
    problems += [f"implemented lint {i!r} is missing from the rubric"
                 for i in sorted(registry.keys() - rule_ids)]
    if problems:
        raise ConfigError(f"rubric v{rubric.version} and the lint registry disagree: "
                          + "; ".join(problems))
    return registry


def _bind(rule: LintRule, check: LintCheck) -> BoundLint:
    if rule.scope != check.scope:
        raise ConfigError(f"rubric lint {rule.id!r} has scope {rule.scope!r}, "
                          f"but its check works per {check.scope}")
    try:
        params = check.params.model_validate(rule.params)
    except ValidationError as error:
        details = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'params'}: {e['msg']}"
                            for e in error.errors())
        raise ConfigError(f"rubric lint {rule.id!r} has invalid params: {details}") from None
    return BoundLint(rule, params, check.run)


def lint_essay(paragraphs: list[str], byline: str | None, *, rubric: Rubric | None = None,
               expected_byline: str = "Grant Calloway") -> list[LintViolation]:
    """Every violation of the rubric's deterministic lints, in rubric order."""
    doc = EssayDocument.build(paragraphs, byline, expected_byline)
    return [v for lint in bind_lints(rubric or load_rubric()) for v in lint.violations(doc)]


def lint_text(text: str) -> list[LintViolation]:
    """Lint a plain-text essay (paragraphs separated by blank lines, optional by-line last)."""
    paragraphs, byline = parse_essay_text(text)
    expected = load_desk_config().editorial.byline
    return lint_essay(paragraphs, byline, expected_byline=expected)
