"""The ``desk`` command line (docs/design.md §2). Command names and flags are a contract: keep them.

Every command is a thin shell: it parses flags, calls one function in the module that owns the
capability (imported lazily so ``desk --help`` stays fast), and turns a ``DeskError`` into one
clear line and exit code 1. Usage errors exit 2 (typer's default).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(
    name="desk",
    help="inference-desk: drafts The Inference Report and hands the editor a sourced draft.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
sources_app = typer.Typer(help="Health of every configured source, day snapshots, recordings.",
                          no_args_is_help=True)
app.add_typer(sources_app, name="sources")

DataDir = Annotated[
    Optional[Path],
    typer.Option("--data-dir", envvar="DESK_DATA_DIR",
                 help="Where checkpoints, the ledger and versions live (default ./.desk)."),
]
OutDir = Annotated[
    Optional[Path], typer.Option("--out", help="Handoff package root (default ./out).")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON only.")]


_options = {"debug": False}


@app.callback()
def options(
    debug: Annotated[bool, typer.Option(
        "--debug", envvar="DESK_DEBUG",
        help="Show the full traceback of an unexpected error instead of logging it.")] = False,
) -> None:
    """inference-desk: drafts The Inference Report and hands the editor a sourced draft."""
    _options["debug"] = debug


def _run(action: Callable[[], int | None], data_dir: Path | None = None) -> None:
    """The one error boundary of every command: a DeskError becomes one line on stderr and exit
    code 1 (2 for usage); anything unexpected becomes one line naming the log file that holds
    its traceback, exit 1 (the traceback itself only with ``--debug``)."""
    from agent.errors import DeskError, UsageError

    try:
        code = action()
    except UsageError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    except DeskError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: the run is checkpointed; run the same command to resume.",
                   err=True)
        raise typer.Exit(130) from None
    except (typer.Exit, typer.Abort, typer.TyperException):
        raise
    except Exception as error:
        if _options["debug"]:
            raise
        from agent.commands.boundary import report_unexpected
        from agent.paths import data_dir as resolve_data_dir

        line = report_unexpected(error, data_dir=resolve_data_dir(data_dir))
        typer.echo(f"error: {line}", err=True)
        raise typer.Exit(1) from None
    raise typer.Exit(code or 0)


@app.command()
def draft(
    date: Annotated[Optional[str], typer.Option("--date", help="Issue date YYYY-MM-DD.")] = None,
    live: Annotated[bool, typer.Option("--live", help="Gather from live sources.")] = False,
    snapshot: Annotated[Optional[Path], typer.Option("--snapshot", help="A day snapshot JSON.")] = None,
    sample: Annotated[Optional[str], typer.Option("--sample", help="A bundled sample day.")] = None,
    out: OutDir = None,
    data_dir: DataDir = None,
    no_review: Annotated[bool, typer.Option("--no-review", help="Do not pause for the editor.")] = False,
    model: Annotated[Optional[list[str]], typer.Option(
        "--model", help="Override a role's model: ROLE=provider:model (repeatable).")] = None,
    fresh: Annotated[bool, typer.Option(
        "--fresh", help="Draft the day again as a new run (earlier runs, versions and final "
        "files are kept; final.* become final.vN.*).")] = False,
) -> None:
    """Gather the day, run the desk, and stop at editor review with a handoff package."""
    from agent.commands.draft import draft_command

    _run(lambda: draft_command(date=date, live=live, snapshot=snapshot, sample=sample, out=out,
                               data_dir=data_dir, no_review=no_review, model_overrides=model or [],
                               fresh=fresh),
         data_dir=data_dir)


@app.command()
def review(
    date: Annotated[str, typer.Argument(help="Issue date of the paused run.")],
    approve: Annotated[bool, typer.Option("--approve", help="Publish final.md / final.html.")] = False,
    notes: Annotated[Optional[str], typer.Option("--notes", help="Ask for a revision.")] = None,
    edit: Annotated[Optional[Path], typer.Option(
        "--edit", help="Replace the lead essay with FILE: paragraphs separated by blank lines, "
        "an optional by-line last (the package's draft.md works too).")] = None,
    out: OutDir = None,
    data_dir: DataDir = None,
    editor: Annotated[str, typer.Option("--editor", envvar="DESK_EDITOR", help="Your name.")] = "editor",
    expect_version: Annotated[Optional[int], typer.Option(
        "--expect-version", help="Refuse if the run moved past this draft version.")] = None,
    accept_unsupported: Annotated[bool, typer.Option(
        "--accept-unsupported", help="With --approve: publish even though some claims are "
        "unsupported or rest on a flagged item (recorded with your name and the claim ids).")
    ] = False,
) -> None:
    """Resume a paused run with the editor's decision."""
    from agent.commands.review import review_command

    _run(lambda: review_command(date=date, approve=approve, notes=notes, edit=edit, out=out,
                                data_dir=data_dir, editor=editor, expect_version=expect_version,
                                accept_unsupported=accept_unsupported),
         data_dir=data_dir)


@app.command()
def regen(
    date: Annotated[str, typer.Argument(help="Issue date of the paused run (YYYY-MM-DD).")],
    section: Annotated[str, typer.Option("--section", help="essay, essay.pN, thesis, wire, labs, "
                                          "papers, benchmarks or trending.")],
    note: Annotated[Optional[str], typer.Option("--note", help="Guidance for the rewrite.")] = None,
    out: OutDir = None,
    data_dir: DataDir = None,
    model: Annotated[Optional[list[str]], typer.Option(
        "--model", help="Override a role's model: ROLE=provider:model (repeatable).")] = None,
) -> None:
    """Regenerate one section from the saved run, re-check it, keep every earlier version."""
    from agent.commands.sections import regen_command

    _run(lambda: regen_command(date=date, section=section, note=note, out=out,
                               data_dir=data_dir, model_overrides=model or []),
         data_dir=data_dir)


@app.command()
def history(
    date: Annotated[str, typer.Argument(help="Issue date (YYYY-MM-DD).")],
    section: Annotated[Optional[str], typer.Option(
        "--section", help="Only this section: thesis, essay, wire, labs, papers, benchmarks, "
        "trending.")] = None,
    data_dir: DataDir = None,
    as_json: JsonFlag = False,
) -> None:
    """List stored versions of a run's sections."""
    from agent.commands.sections import history_command

    _run(lambda: history_command(date=date, section=section, data_dir=data_dir, as_json=as_json),
         data_dir=data_dir)


@app.command()
def diff(
    date: Annotated[str, typer.Argument(help="Issue date (YYYY-MM-DD).")],
    section: Annotated[str, typer.Argument(help="thesis, essay, wire, labs, papers, "
                                           "benchmarks or trending.")],
    v1: Annotated[int, typer.Argument(help="The earlier version number.")],
    v2: Annotated[int, typer.Argument(help="The later version number.")],
    data_dir: DataDir = None,
) -> None:
    """Show what changed between two versions of a section."""
    from agent.commands.sections import diff_command

    _run(lambda: diff_command(date=date, section=section, v1=v1, v2=v2, data_dir=data_dir),
         data_dir=data_dir)


@app.command()
def restore(
    date: Annotated[str, typer.Argument(help="Issue date (YYYY-MM-DD).")],
    section: Annotated[str, typer.Argument(help="thesis, essay, wire, labs, papers, "
                                           "benchmarks or trending.")],
    version: Annotated[int, typer.Argument(help="The version to bring back (desk history "
                                              "lists them).")],
    out: OutDir = None,
    data_dir: DataDir = None,
) -> None:
    """Bring back an earlier version of a section (stored as a new version)."""
    from agent.commands.sections import restore_command

    _run(lambda: restore_command(date=date, section=section, version=version, out=out,
                                 data_dir=data_dir),
         data_dir=data_dir)


@app.command()
def runs(data_dir: DataDir = None, as_json: JsonFlag = False) -> None:
    """List saved runs and where each one stands."""
    from agent.commands.draft import runs_command

    _run(lambda: runs_command(data_dir=data_dir, as_json=as_json), data_dir=data_dir)


@app.command()
def cost(date: Annotated[str, typer.Argument(help="Issue date (YYYY-MM-DD).")],
         data_dir: DataDir = None,
         as_json: JsonFlag = False) -> None:
    """LLM calls, tokens and dollars of a run, per node and role."""
    from agent.commands.cost import cost_command

    _run(lambda: cost_command(date=date, data_dir=data_dir, as_json=as_json),
         data_dir=data_dir)


@app.command()
def serve(
    host: Annotated[str, typer.Option(
        "--host", help="Address to bind; anything but loopback needs DESK_SERVE_TOKEN.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    out: OutDir = None,
    data_dir: DataDir = None,
) -> None:
    """Local review page: claims highlighted with their sources; approve / notes / regenerate."""
    from agent.commands.serve import serve_command

    _run(lambda: serve_command(host=host, port=port, out=out, data_dir=data_dir),
         data_dir=data_dir)


@app.command(name="eval")
def eval_(
    archive: Annotated[Optional[Path], typer.Option("--archive", help="Archive directory.")] = None,
    as_json: JsonFlag = False,
    runs_dir: Annotated[Optional[Path], typer.Option(
        "--runs-dir", help="Where eval runs are written (default evals/runs).")] = None,
) -> None:
    """Replay each archived day and score the draft against the published issue."""
    from agent.commands.eval import eval_command

    _run(lambda: eval_command(archive=archive, as_json=as_json, runs_dir=runs_dir))


@app.command()
def lint(file: Annotated[Path, typer.Argument(help="Plain-text essay.")], as_json: JsonFlag = False) -> None:
    """Run the rubric's deterministic checks on an essay."""
    from agent.commands.lint import lint_command

    _run(lambda: lint_command(file, as_json=as_json))


@app.command()
def verify(
    claims: Annotated[Path, typer.Argument(help="A claims.json file.")],
    snapshot: Annotated[Path, typer.Option("--snapshot", help="The day snapshot to check against.")],
    as_json: JsonFlag = False,
) -> None:
    """Re-verify a claims ledger against a snapshot."""
    from agent.commands.verify import verify_command

    _run(lambda: verify_command(claims, snapshot, as_json=as_json))


@app.command()
def learn(data_dir: DataDir = None, as_json: JsonFlag = False) -> None:
    """Propose rubric / style-guide additions from the editor's past edits (never auto-applied)."""
    from agent.commands.learn import learn_command

    _run(lambda: learn_command(data_dir=data_dir, as_json=as_json), data_dir=data_dir)


@sources_app.command("check")
def sources_check(as_json: JsonFlag = False) -> None:
    """Fetch every configured source once and print its health; exit 1 if a required one fails."""
    from agent.commands.sources import check_command

    _run(lambda: check_command(as_json=as_json))


@sources_app.command("fetch")
def sources_fetch(
    date: Annotated[Optional[str], typer.Option(
        "--date", help="Issue date YYYY-MM-DD (default: today in the desk's time zone).")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Snapshot file to write.")] = None,
) -> None:
    """Build and write the day snapshot from live sources."""
    from agent.commands.sources import fetch_command

    _run(lambda: fetch_command(date=date, out=out))


@sources_app.command("record")
def sources_record(
    date: Annotated[Optional[str], typer.Option(
        "--date", help="Issue date YYYY-MM-DD (default: today in the desk's time zone).")] = None,
    out: Annotated[Optional[Path], typer.Option(
        "--out", help="Recording directory (default <data dir>/recordings/<date>); an earlier "
        "recording there is replaced.")] = None,
) -> None:
    """Fetch like `sources fetch`, saving every raw response (secrets redacted) as fixtures."""
    from agent.commands.sources import record_command

    _run(lambda: record_command(date=date, out=out))


def main() -> None:
    app(prog_name="desk")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
