"""How a simulated model behaves like the real one: what it refuses, how much it thinks, where its
answer is cut off.

A model's limits come from the same table the desk reads (``config/model_capabilities.toml``, the
providers' documented figures), so the simulator is exactly as strict as the APIs are documented
to be: it answers HTTP 400 for an effort value or a ``max_tokens`` the model does not accept, and
for a prompt over its context window. An unknown model id gets the table's conservative defaults.

Reasoning models think before they answer; those tokens are output tokens, billed and counted
against ``max_tokens`` first. How much a model thinks is an assumption (no provider publishes
it): a share of the answer's length per effort level, ``REASONING_SHARE``. An answer that does not
fit what is left is cut there, with the API's own stop reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from agent.llm.capabilities import CapabilityTable, ModelCapabilities
from tests.sim.wire import CHARS_PER_TOKEN, CUT_OFF, STOP, ParsedRequest, tokens

REASONING_SHARE: Mapping[str, float] = {
    "none": 0.0, "minimal": 0.05, "low": 0.2, "medium": 0.6, "high": 1.2, "xhigh": 2.0,
    "max": 3.0}
"""Thinking tokens per answer token at each effort (assumed; see the module docstring)."""


@lru_cache(maxsize=1)
def _table() -> CapabilityTable:
    return CapabilityTable.load()


def capabilities(request: ParsedRequest,
                 overrides: Mapping[str, ModelCapabilities]) -> ModelCapabilities:
    """The requested model's documented limits (an OpenAI-API model id the table does not know
    is a local server's model)."""
    if request.model in overrides:
        return overrides[request.model]
    table = _table()
    found = (table.find("anthropic", request.model) if request.api == "anthropic" else
             table.find("openai", request.model) or table.find("openai-compatible",
                                                                request.model))
    return found or table.defaults


@dataclass(frozen=True)
class Refusal:
    kind: str
    message: str
    param: str | None = None


def refusal(request: ParsedRequest, caps: ModelCapabilities) -> Refusal | None:
    """Why the real API would answer 400, or None."""
    effort = request.effort
    if effort is not None and effort not in caps.effort:
        return _effort_refusal(request, caps, effort)
    limit = request.max_tokens
    if limit is not None and limit > caps.max_output_tokens:
        return Refusal("invalid_request_error", f"max_tokens: {limit} > "
                       f"{caps.max_output_tokens}, which is the maximum allowed number of output "
                       f"tokens for {request.model}", "max_tokens")
    prompt = tokens(request.prompt_text)
    if prompt + (limit or 0) > caps.context_window:
        return Refusal("invalid_request_error", f"prompt is too long: {prompt} tokens + "
                       f"{limit or 0} output > {caps.context_window} maximum")
    return None


def _effort_refusal(request: ParsedRequest, caps: ModelCapabilities, effort: str) -> Refusal:
    name = "output_config.effort" if request.api == "anthropic" else "reasoning_effort"
    if not caps.effort:
        return Refusal("invalid_request_error", f"Unsupported parameter: '{name}' is not "
                       f"supported with model {request.model}.", name)
    return Refusal("invalid_request_error", f"Unsupported value: '{name}' does not support "
                   f"'{effort}' with model {request.model}. Supported values are: "
                   f"{', '.join(caps.effort)}.", name)


@dataclass(frozen=True)
class Generation:
    text: str
    answer_tokens: int
    reasoning_tokens: int
    stop_reason: str

    @property
    def output_tokens(self) -> int:
        return self.answer_tokens + self.reasoning_tokens


def generate(request: ParsedRequest, caps: ModelCapabilities, answer: str, *,
             overthink: bool = False) -> Generation:
    """The answer as the model would send it: after its thinking, cut at ``max_tokens``.
    ``overthink``: the model thinks until the limit (a rambling model; nothing is left)."""
    budget = request.max_tokens or caps.max_output_tokens
    wanted = max(tokens(answer), 1)
    thinking = reasoning_tokens(caps, request.effort, wanted)
    if overthink:
        thinking = budget
    if thinking + wanted <= budget:
        return Generation(answer, wanted, thinking, STOP[request.api])
    thinking = min(thinking, budget)
    room = budget - thinking
    return Generation(answer[: room * CHARS_PER_TOKEN], room, thinking, CUT_OFF[request.api])


def reasoning_tokens(caps: ModelCapabilities, effort: str | None, answer_tokens: int) -> int:
    level = caps.thinking_effort(effort)
    return round(answer_tokens * REASONING_SHARE.get(level, 0.0)) if level else 0
