"""Rendering: source text is text. In markdown it cannot form links, images, HTML or autolinks (a
markdown parser with GFM-style linkify finds none but the desk's own links); in HTML every source
string is escaped; only http(s) URLs with a host ever become links."""

from __future__ import annotations

import datetime as dt

import pytest
from markdown_it import MarkdownIt

from agent.render.escape import md_text, visible
from agent.render.html import render_html
from agent.render.markdown import EDITOR_NOTES_MARKER, render_markdown
from agent.render.view import IssueView
from agent.schemas import BenchmarkRow, LeadEssay, PaperItem, RepoItem, SectionEssay

PAYLOADS = [
    "x](javascript:alert(1))",
    "[click](javascript:alert(1))",
    "![img](https://evil.example.com/p.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<https://evil.example.com>",
    "<javascript:alert(1)>",
    "see https://evil.example.com/x now",
    "visit www.evil.example.com today",
    "mail admin@evil.example.com",
    "evil.example.com",
    "[ref]: https://evil.example.com",
    "&lt;b&gt;entity&#60;i&#62;",
    "| cell | break |",
    "# heading\n> quote\n- item\n1. item",
    "`code` *em* _em_ ~~strike~~",
]
REPO_URL = "https://github.com/evil/repo"
PAPER_URL = "https://arxiv.org/abs/2604.00001"
OWN_LINKS = {REPO_URL, PAPER_URL}
_MD = MarkdownIt("gfm-like")  # CommonMark + tables + strikethrough + linkify


def _view(payload: str, field: str, *, repo_url: str = REPO_URL) -> IssueView:
    def value(name: str, default: str) -> str:
        return payload if name == field else default

    repo = RepoItem(id="repo-x", source="GitHub Trending", url=repo_url, title="evil/repo",
                    full_name=value("full_name", "evil/repo"),
                    description=value("description", "A tool."), stars_today=5)
    paper = PaperItem(id="paper-x", source="arXiv", url=PAPER_URL, title=value("title", "A paper"),
                      category=value("category", "cs.AI"), abstract=value("abstract", "We study."))
    row = BenchmarkRow(id="aa-x", source="Artificial Analysis", url="https://artificialanalysis.ai/",
                       title="X", board="artificial_analysis", rank=1,
                       model=value("model", "Model X"), score=50.0)
    swe = row.model_copy(update={"id": "swe-x", "board": "swe_rebench"})
    paragraph = value("paragraph", "One paragraph.")
    sections = {
        "wire": SectionEssay(section="wire", heading="From the Wire", paragraphs=[paragraph],
                             signed_by="Sloane Duvall", generated_by="baseline"),
        "papers": SectionEssay(section="papers", heading="Research Papers", item_ids=["paper-x"],
                               generated_by="baseline"),
        "benchmarks": SectionEssay(section="benchmarks", heading="Benchmarks",
                                   item_ids=["aa-x", "swe-x"], generated_by="baseline"),
        "trending": SectionEssay(section="trending", heading="Trending", item_ids=["repo-x"],
                                 generated_by="baseline"),
    }
    return IssueView(
        date=dt.date(2026, 4, 21), masthead="The Inference Report",
        essay=LeadEssay(paragraphs=[paragraph], generated_by="baseline"), sections=sections,
        items={"repo-x": repo, "paper-x": paper, "aa-x": row, "swe-x": swe},
    )


def _tokens(markdown: str) -> list:
    out = []
    for token in _MD.parse(markdown):
        out.append(token)
        out += token.children or []
    return out


FIELDS = ["paragraph", "title", "category", "abstract", "full_name", "description", "model"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("payload", PAYLOADS)
def test_source_text_cannot_form_markup_in_markdown(payload: str, field: str) -> None:
    markdown = render_markdown(_view(payload, field), editor_notes=False)
    tokens = _tokens(markdown)
    kinds = {t.type for t in tokens}
    assert not kinds & {"image", "html_inline", "html_block"}, markdown
    links = {t.attrs.get("href") for t in tokens if t.type == "link_open"}
    assert links <= OWN_LINKS, markdown
    assert "javascript:" not in "".join(links)


@pytest.mark.parametrize("field", FIELDS)
def test_escaped_source_text_still_reads_as_written(field: str) -> None:
    payload = "[GPT-5.5](x) <b>fast</b> at $1.25 & 10%_off *now*"
    html = _MD.render(render_markdown(_view(payload, field), editor_notes=False))
    assert "[GPT-5.5](x) &lt;b&gt;fast&lt;/b&gt; at $1.25 &amp; 10%_off *now*" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_source_string_is_escaped_in_html(payload: str) -> None:
    for field in FIELDS:
        html = render_html(_view(payload, field), editor_notes=False)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript' not in html and 'src="https://evil' not in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "", "/relative"])
def test_invalid_urls_never_become_links(url: str) -> None:
    view = _view("ok", "none", repo_url=url)
    markdown = render_markdown(view, editor_notes=False)
    html = render_html(view, editor_notes=False)
    assert {t.attrs.get("href") for t in _tokens(markdown) if t.type == "link_open"} == {PAPER_URL}
    assert "- evil/repo: A tool." in markdown
    assert 'href="javascript' not in html and 'href=""' not in html and "<li>evil/repo:" in html


def test_https_urls_are_kept():
    view = _view("ok", "none")
    assert f"({REPO_URL})" in render_markdown(view, editor_notes=False)
    assert f'href="{REPO_URL}"' in render_html(view, editor_notes=False)


def test_a_url_cannot_close_its_own_link() -> None:
    view = _view("ok", "none", repo_url="https://example.com/a)(b <x>")
    markdown = render_markdown(view, editor_notes=False)
    assert "(https://example.com/a%29%28b%20%3Cx%3E)" in markdown


def test_editor_notes_stay_below_the_marker_and_invisible_characters_show() -> None:
    assert visible("a\u202eb\x00") == "a\\u202eb\\u0000"
    assert md_text("1. not a list") == "1\\. not a list"
    view = _view("ok", "none")
    assert EDITOR_NOTES_MARKER in render_markdown(view, editor_notes=True)
    assert EDITOR_NOTES_MARKER not in render_markdown(view, editor_notes=False)
