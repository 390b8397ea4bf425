"""Live sources: fetchers and parsers that build a day's ``DaySnapshot`` (no LLM here).

Entry points:

* ``agent.sources.gather.gather_live`` / ``gather_live_sync``: every configured source fetched
  concurrently, normalised, screened (``safety``), de-duplicated (``dedup``) and ranked against
  the previous day (``movement``).
* ``agent.commands.sources``: ``desk sources check`` and ``desk sources fetch``.

Modules import their heavy dependencies (feedparser, lxml, selectolax) themselves, so importing
this package stays cheap.
"""
