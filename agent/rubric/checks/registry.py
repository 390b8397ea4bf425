"""The lint registry: rubric id -> the function that implements it, its scope and its parameters.

Each check is a small generator over an ``EssayDocument`` that yields ``Finding``s; the rubric
rule supplies the message, so wording lives in ``prompts/rubric.toml`` and logic lives here.
Parameters are pydantic models (unknown keys are errors), so a typo in the rubric file fails at
start-up instead of silently disabling a check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from agent.rubric.document import EssayDocument
from agent.rubric.rubric import LintScope


class LintParams(BaseModel):
    """Base for a check's parameters; an empty subclass means 'no parameters'."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=LintParams)


@dataclass(frozen=True)
class Finding:
    """One violation as a check sees it; ``detail`` is appended to the rule's message."""

    paragraph: int | None
    span: str | None
    detail: str = ""


CheckFunction = Callable[[EssayDocument, P], Iterator[Finding]]


@dataclass(frozen=True)
class LintCheck(Generic[P]):
    id: str
    scope: LintScope
    params: type[P]
    run: CheckFunction[P]


REGISTRY: dict[str, LintCheck] = {}


def register(lint_id: str, *, scope: LintScope,
             params: type[P]) -> Callable[[CheckFunction[P]], CheckFunction[P]]:
    """Decorator: make ``function`` the implementation of rubric lint ``lint_id``."""

    def decorate(function: CheckFunction[P]) -> CheckFunction[P]:
        if lint_id in REGISTRY:
            raise RuntimeError(f"lint {lint_id!r} is registered twice")
        REGISTRY[lint_id] = LintCheck(lint_id, scope, params, function)
        return function

    return decorate
