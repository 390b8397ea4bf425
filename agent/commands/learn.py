"""``desk learn``: propose rubric and style-guide additions from the editor's edits.

Proposals are printed and written to ``<data dir>/learn/proposals.json``; nothing is applied.
The editor accepts one by adding its rule to ``prompts/rubric.toml`` or ``prompts/house_style.md``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from rich.console import Console
from rich.table import Table

from agent.editor.learning import ProposalSet, build_proposals, rubric_facts
from agent.files import write_json
from agent.paths import data_dir as resolve_data_dir
from agent.persistence import open_run_store

PROPOSALS_FILE = Path("learn") / "proposals.json"


def learn_command(*, data_dir: Path | None, as_json: bool) -> int:
    root = resolve_data_dir(data_dir)
    store = open_run_store(root, os.environ)
    try:
        proposals = build_proposals(store.edits(), rubric_facts())
    finally:
        store.close()
    target = root / PROPOSALS_FILE
    write_json(target, proposals.model_dump(mode="json"))
    if as_json:
        print(json.dumps(proposals.model_dump(mode="json")))
    else:
        print_proposals(proposals, target)
    return 0


def print_proposals(proposals: ProposalSet, target: Path) -> None:
    console = Console()
    if not proposals.proposals:
        console.print(f"No proposals from {proposals.texts_analysed} edited text(s): a pattern "
                      "must recur in at least two runs. Edits come from `desk review --edit` "
                      "and approvals.", highlight=False)
        return
    table = Table("id", "for", "proposed rule", "why", title="Proposals (nothing is applied)",
                  title_justify="left")
    for proposal in proposals.proposals:
        table.add_row(proposal.id, proposal.target.replace("_", " "), proposal.rule,
                      proposal.rationale)
    console.print(table)
    console.print(f"Written to {target}. To accept one, add its rule to prompts/rubric.toml or "
                  "prompts/house_style.md.", highlight=False)
