"""Typed failures of one source. The runner turns each into that source's ``SourceHealth``."""

from __future__ import annotations

from typing import Literal

from agent.errors import SourceError

ProblemStatus = Literal[
    "rate_limited", "blocked", "schema_error", "network_error", "failed",
]


class SourceProblem(SourceError):
    """One source could not deliver; ``status`` is the health status it maps to."""

    def __init__(self, status: ProblemStatus, message: str):
        super().__init__(message)
        self.status: ProblemStatus = status


class ArxivAPIError(SourceProblem):
    """The arXiv export API answered with its one-entry ``Error`` feed."""

    def __init__(self, message: str):
        super().__init__("failed", f"arXiv API error: {message}")
        self.api_message = message
