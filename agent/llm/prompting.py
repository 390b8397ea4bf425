"""Prompt files in ``prompts/`` rendered with jinja2 under strict undefined variables.

Source text is data, never instructions: ``data_block`` wraps every item in ``<item>`` tags
inside one ``<source_data>`` element and escapes ``&``, ``<`` and ``>`` (and quotes in
attributes), so a title that contains ``</item>`` or ``<script>`` cannot break out of the
delimiters. The text inside is exactly the item's ``evidence_text()`` (or a prefix of it for
papers), the text the quote checks read; ``as_source_text`` undoes the escaping, so a model that
copies "AT&amp;T" exactly as its prompt showed it quotes "AT&T" of the item.

Items withheld at intake (``agent.sources.intake``) are not in the snapshot's items, so they never
reach a prompt. An item carrying a withholding flag that reaches ``item_block`` anyway (an old
checkpoint) is shown as an empty placeholder that names the flag, never with its text.
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
from agent.schemas import WITHHOLDING_FLAGS, ItemBase, PaperItem
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


def as_source_text(text: str) -> str:
    """``text`` as the item holds it: the data block's escaping undone (items hold no entities
    after intake, so unescaping a quote copied from a prompt can only restore the item's text)."""
    return html.unescape(text) if "&" in text else text


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)


PaperView = Literal["full", "lede", "title"]


def _paper_text(paper: PaperItem, view: PaperView) -> str:
    """A prefix of the paper's evidence text (the category goes in the tag, not the text)."""
    if view == "title":
        return paper.title
    if view == "lede":  # enough to judge fit with the day's storylines, a third of the tokens
        lede = " ".join(s for _, _, s in split_sentences(paper.abstract)[:2])
        return f"{paper.title}. {lede}"
    return paper.evidence_text()


def item_block(item: ItemBase, *, papers: PaperView = "full") -> str:
    flags = "".join(f' flag="{f.kind}"' for f in item.flags)
    head = f'<item id="{_attribute(item.id)}" kind="{item.kind}"'
    withheld = sorted({f.kind for f in item.flags if f.kind in WITHHOLDING_FLAGS})
    if withheld:
        return f'{head} withheld="{" ".join(withheld)}">[withheld by the desk]</item>'
    text = item.evidence_text()
    if isinstance(item, PaperItem):
        text = _paper_text(item, papers)
        head += f' category="{_attribute(item.category)}"'
    return f'{head} source="{_attribute(item.source)}"{flags}>\n{escape_data(text)}\n</item>'



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
