"""A model API that answers from a hand-written replay day, for the real SDK clients.

``ReplayTransport.handler`` is an ``httpx2.MockTransport`` handler that speaks the OpenAI Chat
Completions API and the Anthropic Messages API, streamed or not. It identifies which desk node
asked the way a server would, from the requested JSON schema's name and the task text
(``tests.sim.wire.ParsedRequest``), and answers with the day's JSON in the API's own wire format,
with usage computed from the text's length and prompt caching as each provider bills it
(``tests.sim.cache.PromptCache``).

It is never kinder than a real model: a request the day has no answer for gets an HTTP 400 that
says what is missing (and is recorded in ``unanswered``), and every answer served is recorded in
``used`` so a test can demand that none of the day's answers went stale. An answer longer than the
request's output budget is recorded in ``over_budget``; with ``output_budget="truncate"`` it is cut
there with the API's truncation stop reason, as the real API would.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any, Literal

import httpx2

from tests.sim.content import RequestContent
from tests.sim.cache import PromptCache
from tests.sim.model import capabilities
from tests.sim.server import SimSettings
from tests.sim.wire import CHARS_PER_TOKEN, ParsedRequest
from tests.replay.loader import AnswerKey, ReplayDay

OutputBudget = Literal["record", "truncate"]
Answer = tuple[list[AnswerKey], dict[str, Any]]
CREATED = 1776800000
STREAM_PIECE_CHARS = 256


class NoAnswerError(LookupError):
    """The day file holds no answer for a request."""


@dataclass(frozen=True)
class OverBudget:
    schema: str
    output_tokens: int
    max_tokens: int


@dataclass(frozen=True)
class Served:
    """One answer as it goes on the wire."""

    text: str
    input_tokens: int
    cache_read_tokens: int
    cache_write_tokens: int
    output_tokens: int
    truncated: bool


class ReplayTransport:
    """One day's answers behind a mock HTTP transport; thread-safe (the desks and the claims
    extraction call in parallel)."""

    def __init__(self, day: ReplayDay, *, output_budget: OutputBudget = "record") -> None:
        self.day = day
        self.output_budget = output_budget
        self.used: set[AnswerKey] = set()
        self.unanswered: list[str] = []
        self.over_budget: list[OverBudget] = []
        self.requests: list[ParsedRequest] = []
        self._cache = PromptCache(ttl_s=SimSettings().cache_ttl_s)
        self._ids = count(1)
        self._lock = threading.Lock()

    def http_client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self.handler))

    def stale(self) -> set[AnswerKey]:
        """The day's answers no request asked for."""
        return self.day.answer_keys() - self.used

    # -- one request ------------------------------------------------------------------------
    def handler(self, request: httpx2.Request) -> httpx2.Response:
        api = _api_of(request.url.path)
        if api is None:
            return self._refuse("openai", f"the replay speaks Chat Completions and Messages "
                                          f"only, not {request.url.path}")
        parsed = ParsedRequest.from_body(api, json.loads(request.content))
        with self._lock:
            self.requests.append(parsed)
        try:
            keys, payload = answer_for(self.day, parsed)
        except NoAnswerError as missing:
            return self._refuse(api, str(missing))
        served = self._serve(parsed, json.dumps(payload, ensure_ascii=False))
        with self._lock:
            self.used.update(keys)
        number = next(self._ids)
        if parsed.stream:
            return _event_stream(_sse_events(parsed, served, number))
        return httpx2.Response(200, json=_message(parsed, served, number))

    def _refuse(self, api: str, reason: str) -> httpx2.Response:
        message = f"replay day {self.day.date} has no answer: {reason}"
        with self._lock:
            self.unanswered.append(message)
        return _error(api, message)

    def _serve(self, parsed: ParsedRequest, text: str) -> Served:
        now = time.monotonic()
        min_tokens = capabilities(parsed, {}).min_cache_tokens
        billing = self._cache.bill(parsed, min_tokens, arrived=now, response_starts=now)
        uncached, read, write = (billing.input_tokens, billing.cache_read_tokens,
                                 billing.cache_write_tokens)
        output = _tokens(text)
        budget = _max_tokens(parsed.body)
        truncated = False
        if budget is not None and output > budget:
            with self._lock:
                self.over_budget.append(OverBudget(parsed.schema_name, output, budget))
            if self.output_budget == "truncate":
                text, output, truncated = text[: budget * CHARS_PER_TOKEN], budget, True
        return Served(text=text, input_tokens=uncached, cache_read_tokens=read,
                      cache_write_tokens=write, output_tokens=output, truncated=truncated)


# -- which answer ---------------------------------------------------------------------------
def answer_for(day: ReplayDay, request: ParsedRequest) -> Answer:
    """The day's answer to ``request`` and the answer keys it used."""
    answerer = _ANSWERERS.get(request.schema_name)
    if answerer is None:
        raise NoAnswerError(f"no node of the desk asks for the schema {request.schema_name!r}")
    return answerer(day, request)


def _section_essay(day: ReplayDay, request: ParsedRequest) -> Answer:
    for node, task in (("desk_wire", "Write the wire section essay"),
                       ("desk_labs", "Write the labs section essay")):
        if task in request.user:
            return [(node,)], getattr(day, node).model_dump(mode="json")
    raise NoAnswerError("a SectionEssayDecision request for neither the wire nor the labs desk")


def _single(node: str) -> Callable[[ReplayDay, ParsedRequest], Answer]:
    def answer(day: ReplayDay, request: ParsedRequest) -> Answer:
        return [(node,)], getattr(day, node).model_dump(mode="json")

    return answer


def _per_essay_version(node: Literal["critique", "revise"]
                       ) -> Callable[[ReplayDay, ParsedRequest], Answer]:
    """The critique and revise answers follow the essay version the request carries."""

    def answer(day: ReplayDay, request: ParsedRequest) -> Answer:
        version = _essay_version(day, request.user)
        answers = getattr(day, node)
        if version >= len(answers):
            raise NoAnswerError(f"no {node} answer for essay version {version}")
        return [(node, str(version))], answers[version].model_dump(mode="json")

    return answer


def _essay_version(day: ReplayDay, user: str) -> int:
    start, end = user.find("<essay>\n"), user.find("\n</essay>")
    if start < 0 or end < start:
        raise NoAnswerError("the request carries no <essay>")
    paragraphs = user[start + len("<essay>\n"):end].split("\n\n")
    if paragraphs not in day.essay_versions:
        raise NoAnswerError(f"an essay that is no version of the day's essay: {paragraphs[0]!r}")
    return day.essay_versions.index(paragraphs)


def _claims_extraction(day: ReplayDay, request: ParsedRequest) -> Answer:
    """The per-paragraph answers of every paragraph asked about, renumbered as the request
    numbers them (one paragraph of a per-paragraph request, or the whole essay)."""
    content = RequestContent.parse("", request.user)
    if not content.paragraphs:
        raise NoAnswerError("a ClaimExtraction request without <paragraph> blocks")
    keys: list[AnswerKey] = []
    reasons, claims = [], []
    for index, text in content.paragraphs:
        answer = day.claims_extract.get(text)
        if answer is None:
            raise NoAnswerError(f"no claims for paragraph {index}: {text[:90]!r}")
        keys.append(("claims_extract", text))
        reasons.append(answer.reasoning)
        claims += [claim.model_copy(update={"paragraph": index}).model_dump(mode="json")
                   for claim in answer.claims]
    return keys, {"reasoning": " ".join(reasons), "claims": claims}


def _entailment(day: ReplayDay, request: ParsedRequest) -> Answer:
    content = RequestContent.parse("", request.user)
    if not content.claims:
        raise NoAnswerError("an EntailmentDecision request without <claim> blocks")
    keys: list[AnswerKey] = []
    verdicts = []
    for claim_id, _, text in content.claims:
        verdict = day.claims_verify.get(text)
        if verdict is None:
            raise NoAnswerError(f"no entailment verdict for claim {claim_id}: {text!r}")
        keys.append(("claims_verify", text))
        verdicts.append({"claim_id": claim_id, **verdict.model_dump(mode="json")})
    return keys, {"verdicts": verdicts}


_ANSWERERS: dict[str, Callable[[ReplayDay, ParsedRequest], Answer]] = {
    "SectionEssayDecision": _section_essay,
    "PaperSelection": _single("desk_papers"),
    "ThesisProposals": _single("thesis"),
    "EssayDraftDecision": _single("draft"),
    "JudgeDecision": _per_essay_version("critique"),
    "RevisionDecision": _per_essay_version("revise"),
    "ClaimExtraction": _claims_extraction,
    "EntailmentDecision": _entailment,
}


# -- wire formats ---------------------------------------------------------------------------
def _api_of(path: str) -> Literal["openai", "anthropic"] | None:
    if path.endswith("/chat/completions"):
        return "openai"
    if path.endswith("/messages"):
        return "anthropic"
    return None


def _max_tokens(body: dict[str, Any]) -> int | None:
    value = body.get("max_completion_tokens", body.get("max_tokens"))
    return int(value) if value is not None else None


def _tokens(text: str) -> int:
    return max(math.ceil(len(text) / CHARS_PER_TOKEN), 1)


def _stop_reason(api: str, served: Served) -> str:
    if api == "anthropic":
        return "max_tokens" if served.truncated else "end_turn"
    return "length" if served.truncated else "stop"


def _message(request: ParsedRequest, served: Served, number: int) -> dict[str, Any]:
    if request.api == "anthropic":
        return {"id": f"msg_replay{number:04d}", "type": "message", "role": "assistant",
                "model": request.model, "content": [{"type": "text", "text": served.text}],
                "stop_reason": _stop_reason("anthropic", served), "stop_sequence": None,
                "usage": _anthropic_usage(served)}
    return {"id": f"chatcmpl-replay{number:04d}", "object": "chat.completion",
            "created": CREATED, "model": request.model, "system_fingerprint": "fp_replay",
            "choices": [{"index": 0, "finish_reason": _stop_reason("openai", served),
                         "logprobs": None,
                         "message": {"role": "assistant", "content": served.text,
                                     "refusal": None}}],
            "usage": _openai_usage(served)}


def _sse_events(request: ParsedRequest, served: Served, number: int) -> list[str]:
    pieces = [served.text[i:i + STREAM_PIECE_CHARS]
              for i in range(0, len(served.text), STREAM_PIECE_CHARS)]
    if request.api == "anthropic":
        return _anthropic_events(request, served, pieces, number)
    base = {"id": f"chatcmpl-replay{number:04d}", "object": "chat.completion.chunk",
            "created": CREATED, "model": request.model, "system_fingerprint": "fp_replay"}
    chunks = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                    "finish_reason": None}]}]
    chunks += [{**base, "choices": [{"index": 0, "delta": {"content": piece},
                                     "finish_reason": None}]} for piece in pieces]
    chunks.append({**base, "choices": [{"index": 0, "delta": {},
                                        "finish_reason": _stop_reason("openai", served)}]})
    chunks.append({**base, "choices": [], "usage": _openai_usage(served)})
    return [f"data: {json.dumps(chunk)}\n\n" for chunk in chunks] + ["data: [DONE]\n\n"]


def _anthropic_events(request: ParsedRequest, served: Served, pieces: list[str],
                      number: int) -> list[str]:
    usage = _anthropic_usage(served)
    events: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": {
            "id": f"msg_replay{number:04d}", "type": "message", "role": "assistant",
            "model": request.model, "content": [], "stop_reason": None, "stop_sequence": None,
            "usage": {**usage, "output_tokens": 1}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
        *[("content_block_delta", {"type": "content_block_delta", "index": 0,
                                   "delta": {"type": "text_delta", "text": piece}})
          for piece in pieces],
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta",
                           "delta": {"stop_reason": _stop_reason("anthropic", served),
                                     "stop_sequence": None},
                           "usage": {"output_tokens": served.output_tokens}}),
        ("message_stop", {"type": "message_stop"}),
    ]
    return [f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events]


def _event_stream(events: list[str]) -> httpx2.Response:
    return httpx2.Response(200, headers={"content-type": "text/event-stream"},
                           content="".join(events).encode())


def _anthropic_usage(served: Served) -> dict[str, int]:
    return {"input_tokens": served.input_tokens, "output_tokens": served.output_tokens,
            "cache_creation_input_tokens": served.cache_write_tokens,
            "cache_read_input_tokens": served.cache_read_tokens}


def _openai_usage(served: Served) -> dict[str, Any]:
    prompt = served.input_tokens + served.cache_read_tokens + served.cache_write_tokens
    return {"prompt_tokens": prompt, "completion_tokens": served.output_tokens,
            "total_tokens": prompt + served.output_tokens,
            "prompt_tokens_details": {"cached_tokens": served.cache_read_tokens,
                                      "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0,
                                          "rejected_prediction_tokens": 0}}


def _error(api: str, message: str) -> httpx2.Response:
    if api == "anthropic":
        return httpx2.Response(400, json={
            "type": "error", "error": {"type": "invalid_request_error", "message": message},
            "request_id": "req_replay"})
    return httpx2.Response(400, json={"error": {"message": message,
                                                "type": "invalid_request_error",
                                                "param": None, "code": None}})
