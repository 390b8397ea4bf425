"""Wall time of the offline eval (docs/design.md §7: ``desk eval`` on the archive in under 30 s).

Runs the real command, ``desk eval --runs-dir <tmp>``, as a subprocess with every model key
removed from its environment (so the baseline writer is the system under test and the judges are
skipped), prints its table, then the seconds of each run. Not a test: timings depend on the
machine and its load.

    python bench/eval_bench.py [--runs 3] [--archive DIR] [--quiet]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEY_ENV = ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL")
DESK = Path(sys.executable).with_name("desk")


def offline_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in KEY_ENV}


def run_once(archive: Path | None,
             runs_dir: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    command = [str(DESK), "eval", "--runs-dir", str(runs_dir)]
    if archive is not None:
        command += ["--archive", str(archive)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=offline_env(), check=False)
    return time.perf_counter() - started, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--archive", type=Path, default=None)
    parser.add_argument("--quiet", action="store_true", help="Do not print the eval's table.")
    args = parser.parse_args()
    seconds = []
    with tempfile.TemporaryDirectory(prefix="eval-bench-") as tmp:
        for index in range(args.runs):
            elapsed, done = run_once(args.archive, Path(tmp) / "runs")
            if done.returncode not in (0, 1):
                sys.stderr.write(done.stderr[-3000:])
                return done.returncode
            if index == 0 and not args.quiet:
                print(done.stdout)
            seconds.append(elapsed)
            print(f"run {index + 1}: {elapsed:.2f} s (exit {done.returncode})")
    load = os.getloadavg()[0]
    median = statistics.median(seconds)
    print(f"desk eval offline: best {min(seconds):.2f} s, median {median:.2f} s, "
          f"worst {max(seconds):.2f} s over {len(seconds)} runs; {os.cpu_count()} cores, "
          f"load average {load:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
