"""A small hand-made day for the claims tests (the archive days are used only by the suite test)."""

from __future__ import annotations

import datetime as dt

import pytest

from agent.schemas import BenchmarkRow, DaySnapshot, NewsItem, PaperItem, RepoItem

WHEN = dt.datetime(2026, 4, 21, 9, 0, tzinfo=dt.timezone.utc)


def _news(item_id: str, title: str, summary: str, *, org: str | None = None) -> NewsItem:
    return NewsItem(id=item_id, kind="lab" if org else "wire", org=org, source="Reuters",
                    url=f"https://example.com/{item_id}", title=title, summary=summary,
                    published_at=WHEN)


@pytest.fixture
def day() -> DaySnapshot:
    items = [
        _news("wire-amazon-anthropic", "Amazon, Anthropic expand AI pact in $100 billion compute "
              "commitment", "Amazon and Anthropic expanded their partnership in a deal worth $100 "
              "billion over the next decade, under which Anthropic will train Claude on AWS "
              "Trainium chips."),
        _news("wire-fermi", "Fermi's CEO and CFO exit after Amazon pulls $150 million investment",
              "Fermi, the nuclear-powered data center developer co-founded by Rick Perry, said "
              "its chief executive and chief financial officer have left after Amazon withdrew a "
              "planned $150 million investment."),
        _news("wire-meta-cuts", "Meta to cut 10% of staff as data center bill hits $135bn",
              "Meta will lay off about 10 percent of its workforce to offset $135 billion of data "
              "center spending this year."),
        _news("lab-nvidia-adobe", "Adobe and WPP build agentic marketing workflows on NVIDIA AI",
              "NVIDIA said Adobe and WPP are using its AI Enterprise software to orchestrate "
              "agents that plan and review marketing content.", org="NVIDIA"),
        _news("wire-github-copilot", "GitHub pauses new Copilot sign-ups as agent workloads strain "
              "capacity", "GitHub has temporarily stopped accepting new sign-ups for some paid "
              "Copilot plans, saying agentic coding sessions consume far more compute than its "
              "pricing assumed."),
        BenchmarkRow(id="aa-1-gpt-5-4", source="Artificial Analysis",
                     url="https://artificialanalysis.ai/", title="GPT-5.4",
                     board="artificial_analysis", rank=1, model="GPT-5.4", score=57.2,
                     tokens_per_s=82, price_per_1m_usd=5.63, previous_rank=3),
        BenchmarkRow(id="swe-1-claude-opus-4-6", source="SWE-rebench",
                     url="https://swe-rebench.com/", title="Claude Opus 4.6",
                     board="swe_rebench", rank=1, model="Claude Opus 4.6", score=65.3),
        BenchmarkRow(id="swe-5-gemini", source="SWE-rebench", url="https://swe-rebench.com/",
                     title="Gemini 3.1 Pro Preview", board="swe_rebench", rank=5,
                     model="Gemini 3.1 Pro Preview", score=62.3),
        RepoItem(id="repo-voltagent", source="GitHub Trending",
                 url="https://github.com/VoltAgent/awesome-agent-skills",
                 title="VoltAgent/awesome-agent-skills", full_name="VoltAgent/awesome-agent-skills",
                 description="A collection of 1000+ agent skills for coding agents.",
                 stars_today=812),
        PaperItem(id="paper-mathnet", source="arXiv", url="https://arxiv.org/abs/2604.00001",
                  title="MathNet: a Global Multimodal Benchmark for Mathematical Reasoning",
                  category="cs.AI", abstract="MathNet spans 47 countries and 17 languages, with "
                  "30,676 expert-authored problems. Gemini-3.1-Pro reaches 78.4% and GPT-5 "
                  "reaches 69.3%."),
    ]
    return DaySnapshot(date=dt.date(2026, 4, 21), gathered_at=WHEN, origin="fixture", items=items)
