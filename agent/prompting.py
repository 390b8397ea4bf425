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

import jinja2

from agent.llm.base import PromptBlock
from agent.paths import PROMPTS_DIR
from agent.schemas import ItemBase, PaperItem

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


def item_block(item: ItemBase, *, compact_papers: bool = False) -> str:
    flags = "".join(f' flag="{f.kind}"' for f in item.flags)
    text = (f"{item.title} ({item.category})" if compact_papers and isinstance(item, PaperItem)
            else item.evidence_text())
    return (
        f'<item id="{escape_data(item.id)}" kind="{item.kind}" source="{escape_data(item.source)}"'
        f"{flags}>\n{escape_data(text)}\n</item>"
    )


def data_block(items: Iterable[ItemBase], *, compact_papers: bool = False) -> str:
    """The items as data. ``compact_papers`` shows papers as title + category only: the lead
    essay names papers but never needs their abstracts (a third of a day's tokens)."""
    body = "\n".join(item_block(item, compact_papers=compact_papers) for item in items)
    return f"{DATA_OPEN}\n{body}\n{DATA_CLOSE}"


def static_system(*names: str) -> list[PromptBlock]:
    """The cacheable prefix (house style, rubric, exemplars) as system blocks, last one marked."""
    texts = [read_prompt(name) for name in names]
    return [PromptBlock(text=t, cache=(i == len(texts) - 1)) for i, t in enumerate(texts)]
