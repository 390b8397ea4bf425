"""Keep API keys out of every message, log line and record the desk writes."""

from __future__ import annotations

from collections.abc import Callable

from agent.text import replace_literals

REDACTED = "[redacted]"


def redactor(*secrets: str | None) -> Callable[[str], str]:
    """A function that replaces each given secret in a text."""
    replacements = {secret: REDACTED for secret in secrets if secret}

    def redact(text: str) -> str:
        return replace_literals(text, replacements)

    return redact
