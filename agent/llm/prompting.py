"""Prompt files in ``prompts/`` rendered with jinja2 under strict undefined variables.

Source text is data, never instructions (DESIGN §8): ``data_block`` wraps every item in
``<item>`` tags inside one ``<source_data>`` element and escapes angle brackets, so a title that
contains ``</item>`` or ``<script>`` cannot break out of the delimiters.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Literal

import jinja2

from agent.llm.base import PromptBlock
from agent.paths import PROMPTS_DIR
from agent.schemas import ItemBase, PaperItem
from agent.text import split_sentences

DATA_OPEN = "<source_data>"
DATA_CLOSE = "</source_data>"


@lru_cache(maxsize=2)
def _environment(root: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(name: str, root: Path = PROMPTS_DIR, **variables: object) -> str:
    """Render ``prompts/<name>``; a missing variable raises ``jinja2.UndefinedError``."""
    return _environment(root).get_template(name).render(**variables).strip()


def read_prompt(name: str, root: Path = PROMPTS_DIR) -> str:
    return (root / name).read_text(encoding="utf-8").strip()


def escape_data(text: str) -> str:
    return html.escape(text, quote=False)


PaperView = Literal["full", "lede", "title"]


def _paper_text(paper: PaperItem, view: PaperView) -> str:
    if view == "title":
        return f"{paper.title} ({paper.category})"
    if view == "lede":  # enough to judge fit with the day's storylines, a third of the tokens
        lede = " ".join(s for _, _, s in split_sentences(paper.abstract)[:2])
        return f"{paper.title} ({paper.category}). {lede}"
    return paper.evidence_text()


def item_block(item: ItemBase, *, papers: PaperView = "full") -> str:
    flags = "".join(f' flag="{f.kind}"' for f in item.flags)
    text = _paper_text(item, papers) if isinstance(item, PaperItem) else item.evidence_text()
    return (
        f'<item id="{escape_data(item.id)}" kind="{item.kind}" source="{escape_data(item.source)}"'
        f"{flags}>\n{escape_data(text)}\n</item>"
    )


def data_block(items: Iterable[ItemBase], *, papers: PaperView = "full") -> str:
    """The items as data. Paper abstracts are a third of a day's tokens: the lead essay names
    papers (``papers="title"``) and the papers desk judges fit from the first two sentences
    (``papers="lede"``); only claim checking needs whole abstracts."""
    body = "\n".join(item_block(item, papers=papers) for item in items)
    return f"{DATA_OPEN}\n{body}\n{DATA_CLOSE}"


def static_system(*names: str) -> list[PromptBlock]:
    """The cacheable prefix (house style, rubric, exemplars) as system blocks, last one marked."""
    texts = [read_prompt(name) for name in names]
    return [PromptBlock(text=t, cache=(i == len(texts) - 1)) for i, t in enumerate(texts)]
