"""Benchmark `innovlib run --all` against a plain loop of `papermill` commands, in one run.

Measures, on this machine and in this order:
  1. baseline  - a plain shell-style loop calling the `papermill` command once per notebook;
  2. cold      - `innovlib run --all --force` into an empty outputs folder (parallel, with HTML and report);
  3. warm      - `innovlib run --all` again with nothing changed (every notebook served from the cache);
and with --make, in a fresh clone of the project made beside it (so that ../shared is found as in a checkout) and
with this environment's packages (the install is not timed):
  4. reproduce - `make reproduce` (the default notebooks and the report);
  5. check     - `make check FINDING=first_tier_gdp` right after (one finding's loop, its alternatives included);
  6. test      - `make test` in a second fresh clone, nothing in its outputs/ (the suite as a developer runs it on a
                 clean checkout; CI adds the slow group).
It prints the ratios to the baseline. Targets (2 cores): cold <= 0.35x, warm <= 0.03x, reproduce <= 0.6x,
check <= 0.6x, test <= 2.5x.

Usage:  python benchmarks/bench_runner.py [--jobs N] [--notebooks a b ...] [--make]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TARGETS = {"cold": 0.35, "warm": 0.03, "reproduce": 0.6, "check": 0.6, "test": 2.5}


FAILED: list[str] = []  # the measured commands that failed: their time is printed, marked, and the run fails


def timed(command: list[str], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    completed = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0,):  # say why, keep measuring the others
        print(f"benchmark command failed ({completed.returncode}): {' '.join(command)}\n{completed.stdout[-3000:]}",
              file=sys.stderr, flush=True)
        FAILED.append(" ".join(command))
    return elapsed


def make_targets() -> dict[str, float]:
    """Seconds of make reproduce and then make check in one fresh clone beside the project, and of make test in
    another (a clean checkout: nothing in outputs/), using this environment's packages (VENV points at it, so
    nothing is installed or timed twice)."""
    clones = Path(tempfile.mkdtemp(prefix=".bench-clone-", dir=PROJECT_ROOT.parent))
    try:
        for name in ("p", "t"):
            subprocess.run(["git", "clone", "--quiet", str(PROJECT_ROOT), str(clones / name)], check=True)
        if (PROJECT_ROOT.parent / "shared").is_dir():  # ../shared as a checkout beside it finds it
            (clones / "shared").symlink_to(PROJECT_ROOT.parent / "shared")
        env = {k: v for k, v in os.environ.items() if not k.startswith("INNOVLIB_") and k != "CI"}
        # -o: the environment is installed already; never re-install it (an editable install would follow the clone)
        make = ["make", "--no-print-directory", f"VENV={BIN.parent}", "-o", f"{BIN.parent}/.installed"]
        return {"reproduce": timed([*make, "reproduce"], env, clones / "p"),
                "check": timed([*make, "check", "FINDING=first_tier_gdp"], env, clones / "p"),
                "test": timed([*make, "test"], env, clones / "t")}
    finally:
        shutil.rmtree(clones, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=os.cpu_count(), help="processes for innovlib run (default: cores)")
    parser.add_argument("--notebooks", nargs="*", help="notebook names (default: all)")
    parser.add_argument("--make", action="store_true",
                        help="also time make reproduce, make check and make test in a fresh clone (about 10 minutes)")
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
    measured = {"cold": cold, "warm": warm}
    if args.make:
        measured.update(make_targets())

    print(f"{len(names)} notebooks, kernel '{kernel}', {os.cpu_count()} cores, innovlib --jobs {args.jobs}\n")
    print(f"{'measure':<10}{'seconds':>9}{'ratio':>8}{'target':>9}  ok")
    print(f"{'baseline':<10}{baseline:>9.1f}{1.0:>8.2f}{'':>9}")
    failures = 0
    for label, seconds in measured.items():
        ratio = seconds / baseline
        ok = ratio <= TARGETS[label]
        failures += not ok
        print(f"{label:<10}{seconds:>9.1f}{ratio:>8.3f}{'<= ' + str(TARGETS[label]):>9}  {'yes' if ok else 'NO'}")
    if FAILED:
        print(f"failed (their time is not a result): {'; '.join(FAILED)}")
    return 1 if failures or FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
