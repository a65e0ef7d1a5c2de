"""Benchmark: the chunked uncertainty analysis locally vs on a Dask LocalCluster (2 workers x 1 thread).

Same case as benchmarks/bench_scaling.py (its seeded generator: 2,000 units x 120 indicators, normalisation x
aggregation x +-25% noise on the 12 pillar weights), N=10,000 replications in chunks of 1,000. Prints the wall
time of each (best of ``--repeat``), the speed-up, the cluster's start-up time (not included), and checks that
the two results are bit-identical (scores, ranks, samples).

On a 2-core machine the speed-up is bounded by 2 and eaten into by sending the data (about 2 MB) to each
worker once and each chunk's scores and ranks (2 x 1,000 x 2,000 floats, 32 MB) back to the client.

Measured on the shared 2-core development machine (other jobs kept the load average near 3): local 4.0 s
(0.40 ms/replication), 2 workers 6.9 s (0.69 ms), bit-identical. A chunk took 0.45 s on a lone worker, as
locally, but about 1 s on each of two workers running at once: with the cores already busy there is nothing to
gain here; the cluster pays off with more (or idle) cores.

Usage: python benchmarks/bench_dask.py [--n 10000] [--units 2000] [--workers 2] [--repeat 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import time
from pathlib import Path

import numpy as np


def synthetic_inputs(n_units: int):
    spec = importlib.util.spec_from_file_location("bench_scaling", Path(__file__).with_name("bench_scaling.py"))
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.synthetic_inputs(n_units)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from distributed import Client, LocalCluster

    from innovlib.composite.uncertainty import uncertainty_analysis

    framework, data, build, choices, noise = synthetic_inputs(args.units)
    uncertainty_analysis(framework, data, build, choices, noise, n=5, seed=0)  # warm-up: imports, caches

    def timed(**kwargs):
        best, result = float("inf"), None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            result = uncertainty_analysis(framework, data, build, choices, noise, n=args.n, seed=args.seed, **kwargs)
            best = min(best, time.perf_counter() - t0)
        return best, result

    local_s, local = timed()
    t0 = time.perf_counter()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        startup_s = time.perf_counter() - t0
        client.run(lambda: __import__("innovlib.composite.uncertainty"))  # workers import the engine once
        dask_s, remote = timed(client=client)
    identical = (np.array_equal(local.scores, remote.scores, equal_nan=True)
                 and np.array_equal(local.ranks, remote.ranks, equal_nan=True)
                 and local.samples.equals(remote.samples))
    print(f"{args.units} units x 120 indicators, N={args.n}, chunks of 1000, best of {args.repeat}")
    print(f"local (1 process)              {local_s:8.2f} s   {local_s / args.n * 1e3:6.3f} ms/replication")
    print(f"Dask LocalCluster {args.workers} x 1 thread   {dask_s:8.2f} s   {dask_s / args.n * 1e3:6.3f} ms/replication"
          f"   (cluster start-up {startup_s:.1f} s, not included)")
    print(f"speed-up {local_s / dask_s:.2f}x; bit-identical results: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
