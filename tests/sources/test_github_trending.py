"""GitHub trending: attribute-based rows, optional fields, and the search-API fallback."""

from __future__ import annotations

import datetime as dt

import pytest

from agent.sources.github_trending import parse_search, parse_trending
from tests.sources.helpers import FIXTURES, Router, fixture_bytes, respond, run_sources

TRENDING = "https://github.com/trending"
SEARCH = "https://api.github.com/search/repositories"
SOURCE = {"name": "GitHub Trending", "kind": "repo", "parser": "github_trending",
          "url": "https://github.com/trending?since=daily"}


@pytest.mark.shape
def test_rows_with_thousands_separators_and_a_row_without_language() -> None:
    first, second = parse_trending((FIXTURES / "github" / "trending.SHAPE.html").read_text())
    assert (first.full_name, first.language, first.stars_total, first.stars_today) == (
        "microsoft/OmniParser", "Python", 12345, 2345)
    assert first.description == "A simple screen parsing tool towards pure vision based GUI agent."
    assert (second.full_name, second.language, second.description) == (
        "someone/no-language-repo", None, "")
    assert (second.stars_total, second.stars_today) == (987, 77)
    assert first.id == "repo-microsoft-omniparser"
    assert first.url == "https://github.com/microsoft/OmniParser"


def test_hrefs_that_are_not_owner_repo_are_ignored() -> None:
    page = """<article><h2><a href="/sponsors/someone/extra">Sponsor</a></h2></article>
    <article><h2><a href="https://evil.example/owner/repo">Off-site</a></h2></article>
    <article class="Renamed-row"><h2 class="x"><a href=" /good/repo ">good / repo</a></h2>
      <span>1,024 stars today</span></article>"""
    (repo,) = parse_trending(page)
    assert (repo.full_name, repo.stars_today, repo.stars_total) == ("good/repo", 1024, None)


@pytest.mark.shape
def test_search_api_fallback_when_the_page_is_rate_limited(tmp_path, sleep) -> None:
    router = Router({TRENDING: respond(status=429, body=b"slow down"),
                     SEARCH: respond("github/search.SHAPE.json")})
    (result,) = run_sources([SOURCE], router, date=dt.date(2026, 11, 23), data_dir=tmp_path,
                            sleep=sleep)
    assert result.health.status == "degraded"
    assert "used the search API" in (result.health.error or "")
    (repo,) = result.items
    assert (repo.full_name, repo.stars_total, repo.stars_today) == ("example-org/agent-kit",
                                                                    2345, None)
    search = next(r for r in router.requests if r.url.host == "api.github.com")
    assert search.url.params["q"] == "created:>=2026-11-16"
    assert search.url.params["sort"] == "stars"


@pytest.mark.shape
def test_search_page_parses_without_stars_today() -> None:
    (repo,) = parse_search(fixture_bytes("github/search.SHAPE.json"))
    assert repo.language == "Python" and repo.stars_today is None
