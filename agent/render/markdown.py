"""draft.md / final.md: the issue as it would be published; editor notes only in the draft, below
a marker line, never in the publishable text.

Every string that comes from a source, a model or an editor is escaped (``agent.render.escape``),
so it reads as text: the only links are the desk's own, to URLs intake validated. The editor
notes start with the items withheld at intake, their original text shown escaped and with
invisible characters made visible.
"""

from __future__ import annotations

import re

from agent.render.escape import md_autolink, md_link, md_text, visible
from agent.render.view import IssueView, fmt_number
from agent.schemas import SectionEssay

_DATE_LINE = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}")
EDITOR_NOTES_MARKER = "<!-- editor notes: everything below is for the editor, never published -->"
AA_TITLE = "Artificial Analysis Intelligence Index"


def render_markdown(view: IssueView, *, editor_notes: bool) -> str:
    parts = [f"# {md_text(view.masthead)}", view.date_line,
             *(md_text(p) for p in view.essay.paragraphs), md_text(view.essay.byline)]
    for section in view.ordered_sections():
        parts.append(_section(view, section))
    text = "\n\n".join(p for p in parts if p)
    if editor_notes:
        text += "\n\n" + EDITOR_NOTES_MARKER + "\n\n" + _editor_notes(view)
    return text.rstrip() + "\n"


def _section(view: IssueView, section: SectionEssay) -> str:
    lines = [f"## {md_text(section.heading)}"]
    if nothing := view.nothing_today(section):
        return "\n\n".join([*lines, nothing])
    lines += [md_text(p) for p in section.paragraphs]
    if section.signed_by and section.paragraphs:
        lines.append(f"— {md_text(section.signed_by)}")
    if section.section == "papers":
        for paper in view.papers():
            link = md_autolink(paper.url)
            lines.append(f"### {md_text(paper.title)} · {md_text(paper.category)}\n\n"
                         f"{md_text(paper.abstract)}" + (f"\n\n{link}" if link else ""))
    elif section.section == "benchmarks":
        lines.append(_aa_table(view))
        if section.attribution and view.board("artificial_analysis"):
            lines.append(section.attribution)
        lines.append(_swe_table(view))
    elif section.section == "trending":
        for repo in view.repos():
            stars = f" ({repo.stars_today:,} stars today)" if repo.stars_today is not None else ""
            lines.append(f"- {md_link(repo.full_name, repo.url)}: "
                         f"{md_text(repo.description or 'no description')}{stars}")
    return "\n\n".join(lines)


def _aa_table(view: IssueView) -> str:
    if missing := view.board_missing("artificial_analysis"):
        return f"### {AA_TITLE}\n\n{missing}"
    rows = view.board("artificial_analysis")
    body = "\n".join(
        f"| {r.rank} | {md_text(r.model)} | {fmt_number(r.score)} | {fmt_number(r.tokens_per_s)} | "
        f"{fmt_number(r.price_per_1m_usd, money=True)} |" for r in rows)
    return (f"### {AA_TITLE}\n\n| # | Model | Score | tok/s | $/1M |\n|---|---|---|---|---|\n"
            f"{body}")


def _swe_table(view: IssueView) -> str:
    if missing := view.board_missing("swe_rebench"):
        return f"### SWE-rebench\n\n{missing}"
    rows = view.board("swe_rebench")
    body = "\n".join(f"| {r.rank} | {md_text(r.model)} | {fmt_number(r.score)}% |" for r in rows)
    return f"### SWE-rebench\n\n| # | Model | Resolved |\n|---|---|---|\n{body}"


def _editor_notes(view: IssueView) -> str:
    lines = ["## Editor notes (not for publication)"]
    review = view.review
    if review is not None:
        lines += _withheld_notes(review.flagged_items)
    if view.baseline_notice:
        lines.append(f"- **Baseline draft.** {md_text(view.baseline_notice)}")
    if review is None:
        return "\n".join(lines)
    s = review.claim_summary
    lines.append(f"- Claims: {s.unsupported} unsupported, {s.partial} partial, "
                 f"{s.supported} supported, {s.not_checkable} not checkable.")
    for claim in review.claims_needing_attention:
        lines.append(f"- **{claim.status.upper()}** \\[{claim.section} ¶{claim.paragraph + 1}\\] "
                     f"{md_text(claim.text)}\n  - nearest source: "
                     f"{md_text(claim.nearest_source_text or 'none found')}")
    for v in review.lint:
        lines.append(f"- Lint `{v.id}`: {md_text(v.message)}"
                     + (f" ({md_text(repr(v.span))})" if v.span else ""))
    lines += _flag_notes([i for i in review.flagged_items if not i.get("withheld")])
    for health in review.source_problems:
        lines.append(f"- Source {md_text(health.source)}: {health.status}"
                     + (f" ({md_text(health.error)})" if health.error else ""))
    for question in review.open_questions:
        lines.append(f"- Question: {md_text(question)}")
    return "\n".join(lines)


def _withheld_notes(flagged: list[dict]) -> list[str]:
    """Withheld items first: what was kept out of the draft, and why, with the original text."""
    withheld = [i for i in flagged if i.get("withheld")]
    if not withheld:
        return []
    lines = [f"- **{len(withheld)} item(s) withheld from the draft** (never quoted, paraphrased "
             "or cited; check that nothing below reached the text):"]
    for item in withheld:
        lines.append(f"  - {md_text(item['id'])} ({', '.join(item['flags'])}): "
                     f"{md_text(visible(item['title']))}")
        lines += _originals(item, indent="    ")
    return lines


def _flag_notes(flagged: list[dict]) -> list[str]:
    lines = []
    for item in flagged:
        lines.append(f"- Flagged item {md_text(item['id'])} ({', '.join(item['flags'])}): "
                     f"{md_text(visible(item['title']))}")
        lines += _originals(item, indent="  ")
    return lines


def _originals(item: dict, *, indent: str) -> list[str]:
    return [f"{indent}- {md_text(entry['detail'])}"
            + (f"; original text: {md_text(visible(entry['span']))}" if entry.get("span") else "")
            for entry in item["entries"]]


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
