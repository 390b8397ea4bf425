"""The review interrupt's wire format: the request the desk shows (an Agent Inbox
``HumanInterrupt``, sent as a one-item list as the Inbox expects) and every reply a client sends
back, translated into an ``EditorDecision`` or refused with a message that says what to send.

Replies accepted: the desk's own typed decisions (the CLI and the review page send
``EditorDecision`` dicts, including ``regen`` and ``restore``), and Agent Inbox's
``HumanResponse`` in every shape it sends: a one-item list or a bare object; ``accept`` with args
null, an object or a JSON string; ``edit`` with args as an ``ActionRequest`` object
(``{"action": ..., "args": {"paragraphs": ...}}``) or a JSON string of one, the paragraphs as a
list, a JSON string of a list, or plain text with blank lines between paragraphs; ``response``
(or ``respond``) with the notes as a string; ``ignore``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from agent.schemas import EditorDecision

REVIEW_ACTION = "review_issue"


class InvalidReply(ValueError):
    """A reply the desk cannot act on; the message is shown when the review asks again."""


def decision_from_reply(reply: Any, *, decision_id: str, draft_version: int) -> EditorDecision:
    data = _one_response(reply)
    kind = {"respond": "response"}.get(str(data.get("type")), data.get("type"))
    args = _maybe_json(data.get("args"))
    fields: dict[str, Any] = {k: v for k, v in data.items() if k not in ("type", "args")}
    if kind == "accept" and isinstance(args, dict) and "accept_unsupported" in args:
        fields.setdefault("accept_unsupported", _accepted(args["accept_unsupported"]))
    if kind == "response" and fields.get("notes") is None:
        fields["notes"] = args if isinstance(args, str) else (
            args.get("notes") if isinstance(args, dict) else None)
    if kind == "edit" and fields.get("edited_paragraphs") is None:
        fields["edited_paragraphs"] = _edited_paragraphs(args)
    fields.setdefault("id", decision_id)
    fields.setdefault("draft_version", draft_version)
    raw_args = args if isinstance(args, (str, dict)) or args is None else json.dumps(args)
    try:
        return EditorDecision.model_validate({"type": kind, "args": raw_args, **fields})
    except ValidationError as error:
        raise InvalidReply(_explain(error)) from None


def _one_response(reply: Any) -> dict[str, Any]:
    if isinstance(reply, list):
        if len(reply) != 1:
            raise InvalidReply(f"expected one response, got {len(reply)}")
        reply = reply[0]
    reply = _maybe_json(reply)
    if not isinstance(reply, dict):
        raise InvalidReply("a reply is an object with a type (accept, edit, response, ignore, "
                           f"regen or restore), not {type(reply).__name__}")
    return reply


def _maybe_json(value: Any) -> Any:
    if isinstance(value, str) and value.strip()[:1] in ("{", "["):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _edited_paragraphs(args: Any) -> list[str] | None:
    """The essay an edit carries, from any of the shapes the Inbox sends."""
    if isinstance(args, dict):
        inner = _maybe_json(args.get("args", args))
        value = _maybe_json(inner.get("paragraphs")) if isinstance(inner, dict) else inner
    else:
        value = args
    if isinstance(value, list):
        return [str(p).strip() for p in value if str(p).strip()]
    if isinstance(value, str):
        return [p.strip() for p in value.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return None


def _accepted(value: Any) -> list[str]:
    if value is True:
        return ["*"]
    return [str(v) for v in value] if isinstance(value, list) else []


def _explain(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}" if where else message


def review_request(*, date: str, draft_version: int, paragraphs: list[str], byline: str,
                   summary: str, package_dir: str, problem: str | None) -> dict[str, Any]:
    """The ``HumanInterrupt`` the Inbox shows (our own summary fields beside it)."""
    lines = [f"**Draft v{draft_version} of {date}**: {summary}", f"Package: {package_dir}"]
    if problem:
        lines.insert(0, f"**Your last reply was not applied:** {problem}")
    lines.append("Accept to publish; edit the paragraphs to replace the essay; respond with "
                 "notes for a revision; ignore to end the run. Approving with unsupported claims "
                 'needs accept args {"accept_unsupported": true}.')
    return {
        "action_request": {"action": REVIEW_ACTION,
                           "args": {"date": date, "paragraphs": paragraphs, "byline": byline}},
        "config": {"allow_ignore": True, "allow_respond": True, "allow_edit": True,
                   "allow_accept": True},
        "description": "\n\n".join(lines),
        "draft_version": draft_version,
        "error": problem,
    }
