"""Prompt caching as the providers grant and bill it.

* Anthropic caches the prefix up to each ``cache_control`` breakpoint, if that prefix has at least
  the model's minimum cacheable tokens; a shorter one is neither written nor read (and no error
  is raised). A read needs an identical prefix written earlier, by a request whose response had
  begun before this request arrived (requests that start together all write). Writes and reads
  are reported apart from ``input_tokens``.
* OpenAI caches any prompt of the minimum (1,024 tokens) or more, automatically; a later request
  reads the longest identical prefix already cached, in 128-token steps.

Entries live ``ttl_s`` after their last use. Keys include the model: caches are per model.
"""

from __future__ import annotations

import hashlib
import threading

from tests.sim.wire import CHARS_PER_TOKEN, Billing, ParsedRequest, tokens

OPENAI_STEP_TOKENS = 128


class PromptCache:
    def __init__(self, ttl_s: float) -> None:
        self.ttl_s = ttl_s
        self._available: dict[str, float] = {}
        """key -> when it can first be read (the writing response's start)."""
        self._used: dict[str, float] = {}
        self._lock = threading.Lock()

    def bill(self, request: ParsedRequest, min_tokens: int, *, arrived: float,
             response_starts: float) -> Billing:
        """Input, cache read and cache write tokens of ``request``; remembers its prefixes."""
        total = tokens(request.prompt_text)
        if request.api == "anthropic":
            read, write = self._anthropic(request, min_tokens, arrived, response_starts)
        else:
            read, write = self._openai(request, min_tokens, arrived, response_starts), 0
        return Billing(input_tokens=max(total - read - write, 0), cache_read_tokens=read,
                       cache_write_tokens=write)

    def _anthropic(self, request: ParsedRequest, min_tokens: int, arrived: float,
                   starts: float) -> tuple[int, int]:
        breakpoints, prefix = [], ""
        for text, marked in request.system_blocks:
            prefix += text
            if marked and tokens(prefix) >= min_tokens:
                breakpoints.append((tokens(prefix), _key(request.model, prefix)))
        if not breakpoints:
            return 0, 0
        hit = max((size for size, key in breakpoints if self._readable(key, arrived)), default=0)
        self._remember([key for _, key in breakpoints], starts)
        return hit, breakpoints[-1][0] - hit

    def _openai(self, request: ParsedRequest, min_tokens: int, arrived: float,
                starts: float) -> int:
        text = request.prompt_text
        if tokens(text) < min_tokens:
            return 0
        step = OPENAI_STEP_TOKENS * CHARS_PER_TOKEN
        keys = [_key(request.model, text[:end]) for end in range(step, len(text) + 1, step)]
        hits = 0
        for key in keys:
            if not self._readable(key, arrived):
                break
            hits += 1
        self._remember(keys, starts)
        cached = hits * OPENAI_STEP_TOKENS
        return cached if cached >= min_tokens else 0

    def _readable(self, key: str, arrived: float) -> bool:
        with self._lock:
            available, used = self._available.get(key), self._used.get(key)
        return (available is not None and used is not None and available <= arrived
                and arrived - used < self.ttl_s)

    def _remember(self, keys: list[str], starts: float) -> None:
        with self._lock:
            for key in keys:
                live = key in self._used and starts - self._used[key] < self.ttl_s
                if not live:
                    self._available[key] = starts
                self._used[key] = starts


def _key(model: str, prefix: str) -> str:
    return hashlib.sha256(f"{model}\x1f{prefix}".encode()).hexdigest()
