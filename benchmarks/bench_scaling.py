"""Benchmark: uncertainty analysis at scale on seeded synthetic data (2,000 and 20,000 units x 120 indicators).

The framework has 3 levels: 120 indicators -> 12 pillars -> the index. The build imputes (mean), treats
outliers (winsorise up to 5 points, then log), normalises and aggregates; the uncertainty analysis draws
N replications over normalisation (min-max 1-100 | z-score mean 10 sd 2) x aggregation (arithmetic |
geometric) x uniform noise of +-25% on the 12 pillar weights.

For each size, in a fresh subprocess, it prints the CPU time per replication (``time.process_time``, best
and median of repeated runs, the nominal build and every configuration's build included), its ratio to
COINr's measured 3.17 s per replication on 2,000 x 120, the peak traced memory of one run (tracemalloc) and
the subprocess's peak resident memory (``getrusage`` max RSS, interpreter and libraries included). Targets:
<= 3.2 ms CPU per replication and <= 300 MB peak at 2,000 units; <= 2 GB at 20,000 units.

Baselines measured in the same run (2,000 units): a naive full rebuild of single replications, and ranking
the replications' scores by counting strictly better units (the units x units comparison innovlib used
before ``innovlib.rankings.rank``).

Usage: python benchmarks/bench_scaling.py [--n 200] [--repeat 5] [--units 2000 20000]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

COINR_MS_PER_REPLICATION = 3170.0  # COINr 1.1.14, 2,000 units x 120 indicators (issue 12)
TARGET_MS = 3.2
TARGET_PEAK_MB = {2000: 300, 20000: 2048}


def synthetic_inputs(n_units: int, n_indicators: int = 120, n_pillars: int = 12, seed: int = 0):
    """Seeded framework, data, build and uncertain inputs of the benchmark.

    Indicators are log-normal (some heavily skewed, so treatment has work to do), one in ten reversed
    (direction -1), one value in a hundred missing; indicator weights vary between 0.5 and 1.5, pillar
    weights are equal.

    Example
    -------
    >>> fw, data, build, choices, noise = synthetic_inputs(50, n_indicators=6, n_pillars=2)
    >>> data.array.shape, fw.n_levels, [s.name for s in build.steps]
    ((50, 6), 3, ['impute', 'treat', 'normalise', 'aggregate'])
    """
    from innovlib.composite import Build, CompositeData, Framework, Step
    from innovlib.composite.uncertainty import Choice, WeightNoise

    rng = np.random.default_rng(seed)
    codes = [f"ind{j:03d}" for j in range(n_indicators)]
    pillars = [f"pillar{k:02d}" for k in range(n_pillars)]
    framework = Framework(pd.DataFrame({
        "code": codes + pillars + ["Index"],
        "level": [1] * n_indicators + [2] * n_pillars + [3],
        "parent": [pillars[j % n_pillars] for j in range(n_indicators)] + ["Index"] * n_pillars + [None],
        "direction": np.r_[np.where(rng.random(n_indicators) < 0.1, -1, 1), np.ones(n_pillars + 1, int)],
        "weight": np.r_[rng.uniform(0.5, 1.5, n_indicators), np.ones(n_pillars + 1)]}))
    x = rng.lognormal(0.0, rng.uniform(0.2, 1.5, n_indicators), (n_units, n_indicators))
    x[rng.random(x.shape) < 0.01] = np.nan
    data = CompositeData(pd.DataFrame(x, columns=codes, index=[f"U{i:05d}" for i in range(n_units)]))
    build = Build([Step("impute", {"method": "mean"}), Step("treat", {"winmax": 5}),
                   Step("normalise", {"method": "minmax", "lower": 1, "upper": 100}), Step("aggregate")])
    choices = [Choice("normalise", [{"method": "minmax", "lower": 1, "upper": 100},
                                    {"method": "zscore", "mean": 10, "sd": 2}], name="normalisation"),
               Choice.values("aggregate", "method", ["arithmetic", "geometric"], name="aggregation")]
    noise = [WeightNoise(level=2, factor=0.25)]
    return framework, data, build, choices, noise


def pairwise_ranks(scores: np.ndarray, chunk: int = 8) -> np.ndarray:
    """Baseline: 1 + number of strictly better units, by comparing every pair (chunks of replications)."""
    out = np.empty_like(scores)
    for a in range(0, len(scores), chunk):
        s = scores[a:a + chunk]
        out[a:a + chunk] = np.where(np.isnan(s), np.nan, 1.0 + (s[:, None, :] > s[:, :, None]).sum(axis=-1))
    return out


def measure(n_units: int, n: int, repeat: int, baselines: bool) -> dict:
    """Run in the child process: timings, traced peak and max RSS of one size."""
    from innovlib.composite import run_build
    from innovlib.composite.uncertainty import uncertainty_analysis
    from innovlib.rankings import rank

    framework, data, build, choices, noise = synthetic_inputs(n_units)
    uncertainty_analysis(framework, data, build, choices, noise, n=5, seed=0)  # warm-up: imports, caches
    cpu, wall = [], []
    for r in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        ua = uncertainty_analysis(framework, data, build, choices, noise, n=n, seed=1 + r)
        ua.rank_stats()
        cpu.append((time.process_time() - c0) / n * 1e3)
        wall.append((time.perf_counter() - w0) / n * 1e3)
    tracemalloc.start()
    uncertainty_analysis(framework, data, build, choices, noise, n=n, seed=1).rank_stats()
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result = {"units": n_units, "N": n, "runs": repeat, "cpu_ms_best": min(cpu),
              "cpu_ms_median": statistics.median(cpu),
              "wall_ms_best": min(wall), "configurations": ua.n_configurations, "failed": ua.n_failed,
              "traced_peak_MB": traced / 2 ** 20}
    if baselines:
        rng = np.random.default_rng(0)
        c0 = time.process_time()
        for _ in range(3):
            b = build
            for choice in choices:
                b = b.with_args(choice.step, **choice.options[int(rng.integers(len(choice.options)))])
            weights = {c: w * (1 + 0.25 * (2 * rng.random() - 1)) for c, w in
                       framework.weights()[framework.codes(2)].items()}
            try:
                run_build(framework.with_weights(weights), data, b)
            except ValueError:
                pass
        result["naive_rebuild_cpu_ms"] = (time.process_time() - c0) / 3 * 1e3
        c0 = time.process_time()
        fast = rank(ua.scores, axis=1)
        result["rank_rankdata_cpu_ms"] = (time.process_time() - c0) * 1e3
        c0 = time.process_time()
        slow = pairwise_ranks(ua.scores)
        result["rank_pairwise_cpu_ms"] = (time.process_time() - c0) * 1e3
        result["ranks_identical"] = bool(np.array_equal(fast, slow, equal_nan=True))
    # Max RSS of this process (kilobytes on Linux).
    result["max_rss_MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--n", type=int, default=200, help="replications")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per size (best and median reported)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.units[0], args.n, args.repeat, baselines=args.units[0] <= 2000)))
        return 0
    rows = []
    for units in args.units:
        # A fresh process per size, so that max RSS is that size's peak alone.
        out = subprocess.run([sys.executable, __file__, "--child", "--units", str(units), "--n", str(args.n),
                              "--repeat", str(args.repeat if units <= 2000 else max(1, args.repeat // 2))],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    ok = True
    for row in rows:
        ratio = COINR_MS_PER_REPLICATION / row["cpu_ms_best"]
        limit = TARGET_PEAK_MB.get(row["units"])
        print(f"{row['units']:>6} units x 120 indicators, N={row['N']} ({row['configurations']} configurations, "
              f"{row['failed']} failed replications), {row['runs']} runs:")
        print(f"    CPU per replication: best {row['cpu_ms_best']:.3f} ms, median {row['cpu_ms_median']:.3f} ms "
              f"(wall best {row['wall_ms_best']:.3f} ms); x{ratio:,.0f} vs COINr's {COINR_MS_PER_REPLICATION:.0f} ms")
        print(f"    peak memory: traced {row['traced_peak_MB']:.1f} MB, process max RSS {row['max_rss_MB']:.1f} MB"
              + (f" (limit {limit} MB)" if limit else ""))
        if "naive_rebuild_cpu_ms" in row:
            print(f"    baselines this run: naive full rebuild {row['naive_rebuild_cpu_ms']:.1f} ms per replication "
                  f"(x{row['naive_rebuild_cpu_ms'] / row['cpu_ms_best']:,.0f}); ranking the {row['N']} replications: "
                  f"rankdata {row['rank_rankdata_cpu_ms']:.1f} ms vs pairwise {row['rank_pairwise_cpu_ms']:.1f} ms "
                  f"(identical: {row['ranks_identical']})")
        checks = []
        if row["units"] == 2000:
            checks.append(("<= 3.2 ms CPU per replication", row["cpu_ms_best"] <= TARGET_MS))
        if limit:
            checks.append((f"max RSS <= {limit} MB", row["max_rss_MB"] <= limit))
        for label, passed in checks:
            print(f"    target {label}: {'met' if passed else 'NOT met'}")
            ok &= passed
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
