"""GitHub trending repositories: the HTML page, falling back to the search API.

The page has no API and its class names drift, so rows are found by structure and attributes:
an ``article`` with an ``h2 a[href]`` whose href is exactly ``/<owner>/<repo>``; stars are the
``a[href$="/stargazers"]`` link; the language is ``[itemprop=programmingLanguage]``; stars today
is the text "N stars today"; the description is the row's paragraph. Numbers keep thousands
separators on the page ("2,345"). Description and language are optional.

When the page fails (blocked, rate limited, no rows), the search API gives recently created,
most-starred repositories instead: no "stars today" there, and the health says ``degraded``.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from selectolax.lexbor import LexborHTMLParser, LexborNode

from agent.schemas import RepoItem
from agent.sources.adapter import ParserOptions, SourceContext
from agent.sources.errors import SourceProblem
from agent.sources.normalize import collapse_whitespace, slugify
from agent.sources.result import SourceOutcome
from agent.sources.intake import normalize_item

SOURCE_NAME = "GitHub Trending"
SEARCH_API = "https://api.github.com/search/repositories"
_REPO_HREF = re.compile(r"^/([^/]+)/([^/]+)$")
_STARS_TODAY = re.compile(r"([\d,]+)\s+stars?\s+today", re.I)
_NUMBER = re.compile(r"\d[\d,]*")


class TrendingOptions(ParserOptions):
    search_fallback: bool = True
    search_days: int = Field(default=7, ge=1, description="Fallback: repos created this recently.")
    search_query: str = Field(default="", description="Extra search qualifiers, e.g. topic:llm.")
    token_env: str = "GITHUB_TOKEN"
    max_repos: int = Field(default=25, ge=1)


class _SearchRepo(BaseModel):
    model_config = ConfigDict(extra="ignore")

    full_name: str
    html_url: str
    description: str | None = None
    language: str | None = None
    stargazers_count: int = 0


class _SearchPage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    items: list[_SearchRepo]


def parse_trending(page: str) -> list[RepoItem]:
    tree = LexborHTMLParser(page)
    repos: dict[str, RepoItem] = {}
    for row in tree.css("article"):
        repo = _row_to_repo(row)
        if repo is not None and repo.id not in repos:
            repos[repo.id] = repo
    return list(repos.values())


def parse_search(body: bytes) -> list[RepoItem]:
    try:
        page = _SearchPage.model_validate(json.loads(body))
    except (ValueError, ValidationError) as error:
        raise SourceProblem("schema_error", f"GitHub search API: {error}") from None
    return [_repo(r.full_name, r.description or "", r.language, None, r.stargazers_count)
            for r in page.items]


async def fetch(ctx: SourceContext) -> SourceOutcome:
    options = ctx.options_as(TrendingOptions)
    try:
        result = await ctx.get(ctx.spec.url, headers={"Accept": "text/html"})
        repos = parse_trending(result.text)
        if not repos:
            raise SourceProblem("schema_error", "no repository rows on the trending page")
    except SourceProblem as problem:
        if not options.search_fallback:
            raise
        repos = await _search(ctx, options)
        return SourceOutcome(items=list(repos[: options.max_repos]),
                             warnings=[f"trending page failed ({problem}); used the search API"])
    return SourceOutcome(items=list(repos[: options.max_repos]))


async def _search(ctx: SourceContext, options: TrendingOptions) -> list[RepoItem]:
    since = ctx.window.issue_date - dt.timedelta(days=options.search_days)
    query = f"created:>={since.isoformat()} {options.search_query}".strip()
    headers = {"Accept": "application/vnd.github+json"}
    token = ctx.env.get(options.token_env)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    result = await ctx.get(SEARCH_API, headers=headers, params={
        "q": query, "sort": "stars", "order": "desc", "per_page": str(options.max_repos)})
    return parse_search(result.body)


def _row_to_repo(row: LexborNode) -> RepoItem | None:
    link = row.css_first("h2 a[href]")
    match = _REPO_HREF.match((link.attributes.get("href") or "").strip()) if link else None
    if match is None:
        return None
    owner, name = match.groups()
    description = row.css_first("p")
    language = row.css_first("[itemprop=programmingLanguage]")
    stars = row.css_first('a[href$="/stargazers"]')
    today = _STARS_TODAY.search(row.text(separator=" "))
    return _repo(
        f"{owner}/{name}",
        collapse_whitespace(description.text(separator=" ")) if description else "",
        (collapse_whitespace(language.text()) or None) if language else None,
        _int(today.group(1)) if today else None,
        _int(_first_number(stars.text(separator=" "))) if stars else None,
    )


def _repo(full_name: str, description: str, language: str | None, stars_today: int | None,
          stars_total: int | None) -> RepoItem:
    item = RepoItem(
        id=f"repo-{slugify(full_name)}", source=SOURCE_NAME,
        url=f"https://github.com/{full_name}", title=full_name, full_name=full_name,
        description=description, language=language, stars_today=stars_today,
        stars_total=stars_total,
    )
    return normalize_item(item)


def _first_number(text: str) -> str | None:
    match = _NUMBER.search(text)
    return match.group(0) if match else None


def _int(text: str | None) -> int | None:
    return int(text.replace(",", "")) if text else None
