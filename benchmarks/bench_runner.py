"""Benchmark `innovlib run --all` against a plain loop of `papermill` commands, in one run.

Measures, on this machine and in this order:
  1. baseline  - a plain shell-style loop calling the `papermill` command once per notebook;
  2. cold      - `innovlib run --all --force` into an empty outputs folder (parallel, with HTML and report);
  3. warm      - `innovlib run --all` again with nothing changed (every notebook served from the cache).
and prints the ratios to the baseline. Targets: cold <= 0.35x, warm <= 0.03x (2 cores).

Usage:  python benchmarks/bench_runner.py [--jobs N] [--notebooks a b ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"cold": 0.35, "warm": 0.03}


def timed(command: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0,):
        sys.exit(f"benchmark command failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes for innovlib run (default: cores)")
    parser.add_argument("--notebooks", nargs="*", help="notebook names (default: all)")
    args = parser.parse_args()

    sys.path.insert(0, str(PROJECT_ROOT))
    from innovlib import runner

    names = args.notebooks or list(runner.discover())
    kernel = runner.find_kernel()
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        env = {**os.environ, "INNOVLIB_OUTPUTS_DIR": str(scratch / "outputs")}
        env.pop("INNOVLIB_RUN_DIR", None)
        notebooks = runner.notebooks_dir()

        baseline = 0.0
        for name in names:
            baseline += timed([str(BIN / "papermill"), str(notebooks / f"{name}.ipynb"), str(scratch / f"{name}.plain.ipynb"),
                               "-k", kernel, "--cwd", str(notebooks), "--no-progress-bar"], env, PROJECT_ROOT)
        innovlib = [str(BIN / "innovlib"), "run", *names, "--jobs", str(args.jobs)]
        cold = timed([*innovlib, "--force"], env, PROJECT_ROOT)
        warm = timed(innovlib, env, PROJECT_ROOT)

    print(f"{len(names)} notebooks, kernel '{kernel}', {os.cpu_count()} cores, innovlib --jobs {args.jobs}\n")
    print(f"{'measure':<10}{'seconds':>9}{'ratio':>8}{'target':>9}  ok")
    print(f"{'baseline':<10}{baseline:>9.1f}{1.0:>8.2f}{'':>9}")
    failures = 0
    for label, seconds in (("cold", cold), ("warm", warm)):
        ratio = seconds / baseline
        ok = ratio <= TARGETS[label]
        failures += not ok
        print(f"{label:<10}{seconds:>9.1f}{ratio:>8.3f}{'<= ' + str(TARGETS[label]):>9}  {'yes' if ok else 'NO'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
