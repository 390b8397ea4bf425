"""Typed errors. The CLI turns a ``DeskError`` into one clear line and exit code 1."""

from __future__ import annotations


class DeskError(Exception):
    """A failure the user must act on; ``str(error)`` is the one-line message shown."""


class UsageError(DeskError):
    """Bad flags or arguments (exit code 2)."""


class SnapshotError(DeskError):
    """A day snapshot is missing, unreadable or does not match the schema."""


class UnknownDateError(DeskError):
    """No sample day, archive day or saved run exists for the requested date."""


class CheckpointError(DeskError):
    """The checkpoint or run database cannot be opened or is corrupted."""


class StoreBusyError(CheckpointError):
    """Another process holds a store past the busy timeout: nothing is wrong, try again."""


class StoreDamagedError(CheckpointError):
    """A store cannot be read or written (damaged, read-only, full disk): the message names it."""


class RunStateError(DeskError):
    """The requested action does not fit the run's current state (e.g. nothing to review)."""


class ConflictError(RunStateError):
    """Someone else acted on this run since the caller last looked at it."""


class ApprovalRefusedError(RunStateError):
    """Approval refused: the publishable text holds unsupported claims or flagged text."""


class DateBusyError(RunStateError):
    """Another desk command holds the issue date (one writer per date)."""


class OutputError(DeskError):
    """The handoff package (or the final issue) cannot be written: the run stops at its last
    checkpoint and resumes once the output directory is writable."""


class ServeError(DeskError):
    """The review page cannot listen where it was asked to (port in use, no such address)."""


class SourceError(DeskError):
    """Every source failed, or a required source is unusable."""


class RecordingError(DeskError):
    """A recording of source responses cannot be written, or read back for a replay."""


class NoNewsError(SourceError):
    """The day holds no usable wire story or lab announcement: no lead essay is possible."""


class LLMError(DeskError):
    """Base for provider failures."""

    def __init__(self, message: str, *, role: str | None = None, model: str | None = None):
        super().__init__(message)
        self.role = role
        self.model = model


class ProviderUnavailableError(LLMError):
    """A transient provider failure survived every retry: the run pauses and can be resumed."""


class ProviderRequestError(LLMError):
    """A non-transient provider error (401, 403, 400...): retrying cannot help."""


class StructuredOutputError(LLMError):
    """The model kept returning output that does not validate against the schema."""

    def __init__(self, message: str, *, attempts: int, last_raw: str, role: str | None = None,
                 model: str | None = None, usage: dict[str, int] | None = None):
        super().__init__(message, role=role, model=model)
        self.attempts = attempts
        self.last_raw = last_raw
        self.usage = usage or {}
        """Tokens spent on the failed turns (``Usage`` fields), so the ledger can bill them."""


class OutputTruncatedError(LLMError):
    """The answer did not fit the output limit even after one retry with a larger budget (or the
    model's maximum was already reached): the caller should split the work into smaller calls."""

    def __init__(self, message: str, *, budgets: list[int], role: str | None = None,
                 model: str | None = None, usage: dict[str, int] | None = None):
        super().__init__(message, role=role, model=model)
        self.budgets = budgets
        """The ``max_tokens`` values sent, in order (never the same one twice)."""
        self.usage = usage or {}
        """Tokens spent on the cut-off turns (``Usage`` fields), so the ledger can bill them."""
