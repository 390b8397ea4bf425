"""Every deterministic lint of the rubric: one small function each, registered by id.

Importing this package imports each check module, which registers its functions in
``REGISTRY`` (see ``registry.py``). ``agent.rubric.lints`` checks at start-up that the registry
and ``prompts/rubric.toml`` name exactly the same lints.
"""

from agent.rubric.checks import generic, numbers, rhythm, structure, voice  # noqa: F401 (register)
from agent.rubric.checks.registry import REGISTRY, Finding, LintCheck, LintParams

__all__ = ["REGISTRY", "Finding", "LintCheck", "LintParams"]
