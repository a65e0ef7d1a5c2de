"""Benchmark `growth_windows` (the SEI-02 growth search and its per-window verdicts) against the code it replaced.

Times, in one run and on the committed `sei_first_tier_cities` data, the calls the two SEI notebooks make:
  - `sei_growth`: `growth_windows(sei, FIRST_TIER)` (spans 3-6, both price bases);
  - `sei_growth_sweep`: every window of 2016-2024 (spans 1-8, both price bases).
Each is timed three ways (best of ``--repeat``):
  1. baseline       - the code of commit BASELINE_COMMIT (read with `git show`), on the table as its `data.load`
                      returned it: the whole provenance in `attrs`, which pandas deep-copies on every operation;
  2. baseline, bare - the same code on the table with empty `attrs` (what the code alone costs);
  3. current        - this checkout's code on the table this checkout's `data.load` returns.
It prints each time and the ratios baseline / current, checks with `pandas.testing.assert_frame_equal` that both
results (the search and the windows) are identical, and exits 1 when they differ or when the speed-up on the
notebook's call is below the target (3x).

Usage:  python benchmarks/bench_growth_windows.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import time
import types
from pathlib import Path

import pandas as pd

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BASELINE_COMMIT = "b302d21656ff56d6cef27cef50271d0737792c0b"  # the last commit before growth_windows was sped up
TARGET = 3.0


def baseline_module(relative: str, name: str, replaces: dict[str, types.ModuleType]) -> types.ModuleType:
    """Module ``relative`` as of BASELINE_COMMIT, imported as ``name``; ``replaces`` maps an innovlib module its
    source imports to the baseline module to import instead (while it executes)."""
    try:
        source = subprocess.run(["git", "show", f"{BASELINE_COMMIT}:{relative}"], cwd=PROJECT_ROOT, check=True,
                                capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        sys.exit(f"cannot read {relative} at {BASELINE_COMMIT[:12]} (a git checkout with its history is needed): "
                 f"{getattr(error, 'stderr', '') or error}")
    module = types.ModuleType(name)
    module.__file__ = f"{BASELINE_COMMIT[:12]}:{relative}"
    sys.modules[name] = module  # dataclasses look their module up by name
    saved = {key: sys.modules.get(key) for key in replaces}
    sys.modules.update(replaces)
    try:
        exec(compile(source, module.__file__, "exec"), module.__dict__)
    finally:
        for key, previous in saved.items():
            if previous is None:
                sys.modules.pop(key, None)
            else:
                sys.modules[key] = previous
    return module


def best_time(function, repeat: int):
    """Best wall time of ``repeat`` calls of ``function()``, after one warm-up call, and the last result."""
    result = function()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timed calls per measure (best is kept)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(PROJECT_ROOT))
    from innovlib import data
    from innovlib.findings import sei_growth_evidence as current

    old_analyses = baseline_module("innovlib/analyses/sei_growth.py", "baseline_analyses_sei_growth", {})
    old = baseline_module("innovlib/findings/sei_growth_evidence.py", "baseline_sei_growth_evidence",
                          {"innovlib.analyses.sei_growth": old_analyses})

    sei = data.load("sei_first_tier_cities")
    with_provenance = sei.copy()
    with_provenance.attrs = {"provenance": data.provenance_of(sei)}  # what data.load kept in attrs before
    bare = sei.copy()
    bare.attrs = {}
    cities = current.FIRST_TIER
    calls = {"sei_growth": ((), {}),
             "sei_growth_sweep": ((2016, 2024, range(1, 9)), {})}

    print(f"growth_windows on {len(sei)} rows of sei_first_tier_cities, best of {args.repeat}; "
          f"baseline = {BASELINE_COMMIT[:12]}\n")
    print(f"{'call':<18}{'baseline':>10}{'bare':>9}{'current':>9}{'ratio':>8}{'bare ratio':>12}  identical")
    failures = 0
    for label, (positional, keywords) in calls.items():
        run = lambda module, table: module.growth_windows(table, cities, *positional, **keywords)  # noqa: E731
        baseline_s, expected = best_time(lambda: run(old, with_provenance), args.repeat)
        bare_s, _ = best_time(lambda: run(old, bare), args.repeat)
        current_s, got = best_time(lambda: run(current, sei), args.repeat)
        try:
            for expected_frame, got_frame in zip(expected, got):
                pd.testing.assert_frame_equal(got_frame, expected_frame)
            identical = True
        except AssertionError as difference:
            identical = False
            print(f"{label}: results differ:\n{difference}")
        ratio = baseline_s / current_s
        failures += not identical or (label == "sei_growth" and ratio < TARGET)
        print(f"{label:<18}{baseline_s:>9.3f}s{bare_s:>8.3f}s{current_s:>8.3f}s{ratio:>7.1f}x"
              f"{bare_s / current_s:>11.1f}x  {'yes' if identical else 'NO'}")
    print(f"\ntarget: sei_growth ratio >= {TARGET:.0f}x with identical results")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
