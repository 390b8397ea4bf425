"""Rendering: source links are data too — only http(s) URLs become links, in HTML and markdown."""

from __future__ import annotations

import datetime as dt

from agent.render.html import render_html
from agent.render.markdown import render_markdown
from agent.render.view import IssueView
from agent.schemas import LeadEssay, RepoItem, SectionEssay


def _view(url: str) -> IssueView:
    repo = RepoItem(id="repo-x", source="GitHub Trending", url=url, title="evil/repo",
                    full_name="evil/repo", description="<img src=x onerror=alert(1)>",
                    stars_today=5)
    return IssueView(
        date=dt.date(2026, 4, 21), masthead="The Inference Report",
        essay=LeadEssay(paragraphs=["One paragraph."], generated_by="baseline"),
        sections={"trending": SectionEssay(section="trending", heading="Trending",
                                           item_ids=["repo-x"], generated_by="baseline")},
        items={"repo-x": repo},
    )


def test_javascript_urls_never_become_links():
    view = _view("javascript:alert(1)")
    markdown = render_markdown(view, editor_notes=False)
    html = render_html(view, editor_notes=False)
    assert "javascript:" not in markdown and "[evil/repo](#)" in markdown
    assert "javascript:" not in html and 'href="#"' in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_https_urls_are_kept():
    view = _view("https://github.com/evil/repo")
    assert "(https://github.com/evil/repo)" in render_markdown(view, editor_notes=False)
    assert 'href="https://github.com/evil/repo"' in render_html(view, editor_notes=False)
