"""A small client for the arXiv export API (``export.arxiv.org/api/query``), for id look-ups.

The API is for enrichment only (primary category, DOI, comments, affiliations): its dates are v1
submission dates, so it never answers "what was announced today" (the listing feed does).

Rules it enforces:
* at most one request every 3 seconds (``MinIntervalThrottle``; the clock and the sleeper are
  injected so the spacing is tested without waiting), applied to retries too;
* the ``arxiv:``/``opensearch:`` namespaces are declared on each element, so parsing is
  namespace-aware lxml, never string matching;
* an ``Error`` entry raises ``ArxivAPIError``; a page that comes back empty while
  ``totalResults`` says more exist is retried.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lxml import etree
from pydantic import BaseModel, ConfigDict

from agent.sources.errors import ArxivAPIError, SourceProblem
from agent.sources.http import Fetcher, MinIntervalThrottle
from agent.sources.normalize import arxiv_id, collapse_whitespace

API_URL = "https://export.arxiv.org/api/query"
NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
ARXIV_MIN_INTERVAL_S = 3.0
MAX_IDS_PER_REQUEST = 100


class ArxivRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    arxiv_id: str
    version: int | None
    title: str
    summary: str
    authors: list[str]
    affiliations: dict[str, list[str]]
    primary_category: str | None
    categories: list[str]
    doi: str | None
    comment: str | None
    journal_ref: str | None
    published: dt.datetime | None
    updated: dt.datetime | None


class ApiPage(BaseModel):
    total_results: int
    start_index: int
    records: list[ArxivRecord]


def parse_api_feed(body: bytes) -> ApiPage:
    """One page of results; raises ``ArxivAPIError`` for the API's error feed."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as error:
        raise SourceProblem("schema_error", f"arXiv API returned invalid XML: {error}") from None
    entries = root.findall("atom:entry", NS)
    for entry in entries:
        if _text(entry, "atom:title") == "Error":
            raise ArxivAPIError(_text(entry, "atom:summary") or "unspecified error")
    return ApiPage(
        total_results=int(_text(root, "opensearch:totalResults") or 0),
        start_index=int(_text(root, "opensearch:startIndex") or 0),
        records=[_record(entry) for entry in entries],
    )


class ArxivAPIClient:
    """Id look-ups through the shared fetcher (retries, cache) and the 3-second throttle."""

    def __init__(self, fetcher: Fetcher, *, throttle: MinIntervalThrottle, timeout_s: float = 30,
                 api_url: str = API_URL, empty_page_retries: int = 3):
        self.fetcher = fetcher
        self.throttle = throttle
        self.timeout_s = timeout_s
        self.api_url = api_url
        self.empty_page_retries = empty_page_retries

    async def query(self, params: dict[str, str]) -> ApiPage:
        """One page; an empty page that should not be empty is fetched again."""
        for _ in range(self.empty_page_retries + 1):
            result = await self.fetcher.get(self.api_url, params=params, timeout=self.timeout_s,
                                            throttle=self.throttle)
            page = parse_api_feed(result.body)
            if page.records or page.total_results <= page.start_index:
                self.fetcher.commit(result)
                return page
        raise SourceProblem("failed", f"arXiv API kept returning an empty page for {params}")

    async def lookup(self, ids: Sequence[str]) -> dict[str, ArxivRecord]:
        """Records by version-less id, ``MAX_IDS_PER_REQUEST`` ids per request."""
        wanted = sorted({i for i in ids})
        records: dict[str, ArxivRecord] = {}
        for start in range(0, len(wanted), MAX_IDS_PER_REQUEST):
            batch = wanted[start:start + MAX_IDS_PER_REQUEST]
            page = await self.query({"id_list": ",".join(batch), "max_results": str(len(batch))})
            records.update({r.arxiv_id: r for r in page.records})
        return records


def _record(entry: etree._Element) -> ArxivRecord:
    found = arxiv_id(_text(entry, "atom:id") or "")
    if found is None:
        raise SourceProblem("schema_error", "arXiv API entry without a recognisable id")
    primary = entry.find("arxiv:primary_category", NS)
    authors = entry.findall("atom:author", NS)
    return ArxivRecord(
        arxiv_id=found[0], version=found[1],
        title=collapse_whitespace(_text(entry, "atom:title") or ""),
        summary=collapse_whitespace(_text(entry, "atom:summary") or ""),
        authors=[collapse_whitespace(_text(a, "atom:name") or "") for a in authors],
        affiliations={_text(a, "atom:name") or "": [collapse_whitespace(x.text or "") for x in
                                                    a.findall("arxiv:affiliation", NS)]
                      for a in authors if a.find("arxiv:affiliation", NS) is not None},
        primary_category=primary.get("term") if primary is not None else None,
        categories=[c.get("term", "") for c in entry.findall("atom:category", NS)],
        doi=_text(entry, "arxiv:doi"), comment=_text(entry, "arxiv:comment"),
        journal_ref=_text(entry, "arxiv:journal_ref"),
        published=_time(_text(entry, "atom:published")),
        updated=_time(_text(entry, "atom:updated")),
    )


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path, NS)
    if found is None or found.text is None:
        return None
    return found.text.strip()


def _time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.timezone.utc)
