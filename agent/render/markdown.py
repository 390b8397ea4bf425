"""draft.md / final.md: the issue as it would be published; editor notes only in the draft, below
a marker line, never in the publishable text."""

from __future__ import annotations

import re

from agent.render.view import IssueView, fmt_number, safe_url
from agent.schemas import SectionEssay

_DATE_LINE = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")
EDITOR_NOTES_MARKER = "<!-- editor notes: everything below is for the editor, never published -->"
AA_TITLE = "Artificial Analysis Intelligence Index"


def render_markdown(view: IssueView, *, editor_notes: bool) -> str:
    parts = [f"# {view.masthead}", view.date_line, *view.essay.paragraphs, view.essay.byline]
    for section in view.ordered_sections():
        parts.append(_section(view, section))
    text = "\n\n".join(p for p in parts if p)
    if editor_notes:
        text += "\n\n" + EDITOR_NOTES_MARKER + "\n\n" + _editor_notes(view)
    return text.rstrip() + "\n"


def _section(view: IssueView, section: SectionEssay) -> str:
    lines = [f"## {section.heading}"]
    lines += section.paragraphs
    if section.signed_by and section.paragraphs:
        lines.append(f"— {section.signed_by}")
    if section.section == "papers":
        for paper in view.papers():
            lines.append(f"### {paper.title} · {paper.category}\n\n{paper.abstract}\n\n"
                         f"<{safe_url(paper.url)}>")
    elif section.section == "benchmarks":
        lines.append(_aa_table(view))
        if section.attribution:
            lines.append(section.attribution)
        lines.append(_swe_table(view))
    elif section.section == "trending":
        for repo in view.repos():
            stars = f" ({repo.stars_today:,} stars today)" if repo.stars_today is not None else ""
            lines.append(f"- [{repo.full_name}]({safe_url(repo.url)}): "
                         f"{repo.description or 'no description'}"
                         f"{stars}")
    return "\n\n".join(lines)


def _aa_table(view: IssueView) -> str:
    rows = view.board("artificial_analysis")
    body = "\n".join(
        f"| {r.rank} | {r.model} | {fmt_number(r.score)} | {fmt_number(r.tokens_per_s)} | "
        f"{fmt_number(r.price_per_1m_usd, money=True)} |" for r in rows)
    return (f"### {AA_TITLE}\n\n| # | Model | Score | tok/s | $/1M |\n|---|---|---|---|---|\n"
            f"{body}")


def _swe_table(view: IssueView) -> str:
    rows = view.board("swe_rebench")
    body = "\n".join(f"| {r.rank} | {r.model} | {r.score:g}% |" for r in rows)
    return f"### SWE-rebench\n\n| # | Model | Resolved |\n|---|---|---|\n{body}"


def _editor_notes(view: IssueView) -> str:
    lines = ["## Editor notes (not for publication)"]
    if view.baseline_notice:
        lines.append(f"- **Baseline draft.** {view.baseline_notice}")
    review = view.review
    if review is None:
        return "\n".join(lines)
    s = review.claim_summary
    lines.append(f"- Claims: {s.unsupported} unsupported, {s.partial} partial, "
                 f"{s.supported} supported, {s.not_checkable} not checkable.")
    for claim in review.claims_needing_attention:
        lines.append(f"- **{claim.status.upper()}** [{claim.section} ¶{claim.paragraph + 1}] "
                     f"{claim.text}\n  - nearest source: {claim.nearest_source_text or 'none found'}")
    for v in review.lint:
        lines.append(f"- Lint `{v.id}`: {v.message}" + (f" ({v.span!r})" if v.span else ""))
    for item in review.flagged_items:
        lines.append(f"- Flagged item `{item['id']}` ({', '.join(item['flags'])}): {item['title']!r}")
        lines += [f"  - original text: {original!r}" for original in item.get("original", [])]
    for health in review.source_problems:
        lines.append(f"- Source {health.source}: {health.status}"
                     + (f" ({health.error})" if health.error else ""))
    for question in review.open_questions:
        lines.append(f"- Question: {question}")
    return "\n".join(lines)


def essay_of_issue(text: str) -> str:
    """The lead essay (and its by-line) of an issue rendered by ``render_markdown`` (draft.md,
    final.md); any other text is returned unchanged. Lets ``desk review --edit`` and ``desk
    lint`` take the package's own files: the masthead, the date, the sections and the editor
    notes are not part of the essay."""
    text = text.replace("\r\n", "\n")
    text = text.split(EDITOR_NOTES_MARKER, 1)[0]
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or not lines[0].startswith("# "):
        return text
    body = "\n".join(lines[1:]).lstrip("\n")
    head, _, rest = body.partition("\n\n")
    if _DATE_LINE.fullmatch(head.strip()):
        body = rest
    return re.split(r"(?m)^## ", body, maxsplit=1)[0].strip()
