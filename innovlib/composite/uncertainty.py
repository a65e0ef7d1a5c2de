"""Uncertainty analysis of a composite indicator by replaying its build log under uncertain inputs.

Uncertain inputs are (a) discrete alternatives for the arguments of logged build steps (:class:`Choice`) and
(b) continuous perturbations of weights: uniform noise (:class:`WeightNoise`) or Dirichlet-distributed sibling
weights (:class:`DirichletWeights`). Replications that share a configuration of
the discrete choices are built once (prefix steps are shared too); weight perturbations of all replications
of one configuration are aggregated in one vectorised call.

The analyses take a :class:`~innovlib.composite.build.BuildResult` (``uncertainty_analysis(result, choices)``),
whose built steps they reuse, or the triple ``framework, data, build`` in its place. A replication whose build
fails (:class:`NonPositiveValuesError`, e.g. a geometric mean meeting a zero) is handled by one policy in every
analysis, ``on_failure``: ``"drop"`` (the default, as COINr drops failed regenerations) leaves it out and
counts it (``n_failed``), ``"raise"`` raises the error.

The inputs are sampled here both ways: Monte Carlo draws for :func:`uncertainty_analysis` and the Sobol' design
(:func:`sobol_design`) that the sensitivity indices of :mod:`innovlib.composite.sensitivity` are estimated from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.composite.build import Build, BuildResult, Step, replay_inputs, run_step, takes_result
from innovlib.composite.framework import Framework
from innovlib.composite.aggregate import aggregate_levels_array
from innovlib.composite.data import CompositeData
from innovlib.composite.errors import NonPositiveValuesError, StepError
from innovlib.composite.results import rank_scores


@dataclass(frozen=True)
class Choice:
    """Discrete alternatives for the arguments of one logged build step.

    Parameters
    ----------
    step : int or str
        Position of the step in the build, or its name if it appears once.
    options : list of dict
        Each option is a set of argument changes applied to that step; drawn with equal probability.
    name : str
        Label of this uncertain input (used in the Sobol table).

    Example
    -------
    >>> Choice.values("treat", "winmax", [0, 5]).options
    ({'winmax': 0}, {'winmax': 5})
    """

    step: int | str
    options: tuple
    name: str = ""

    def __init__(self, step, options, name: str = ""):
        options = tuple(dict(o) for o in options)
        if not options:
            raise StepError(f"Choice for step {step!r}: at least one option is needed")
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "options", options)
        object.__setattr__(self, "name", name or f"{step}")

    @classmethod
    def values(cls, step, argument: str, values, name: str = "") -> "Choice":
        """Alternatives for a single argument of a step."""
        return cls(step, [{argument: v} for v in values], name or f"{step}.{argument}")


@dataclass(frozen=True)
class WeightNoise:
    """Uniform multiplicative noise on the weights of one framework level: w * (1 + U(-1, 1) * factor).

    Example
    -------
    >>> WeightNoise(level=2, factor=0.25).factor
    0.25
    """

    level: int
    factor: float


@dataclass(frozen=True)
class DirichletWeights:
    """Dirichlet-distributed weights for the nodes of one framework level, drawn per group of siblings.

    The weights of the k siblings under one parent are ``total * D`` with ``D ~ Dirichlet(concentration * k *
    nominal shares)`` and ``total`` their nominal weight sum: their mean is the nominal weights, their sum is
    kept, and a larger ``concentration`` keeps them closer to nominal. With equal nominal weights this is
    ``Dirichlet(concentration * 1)`` rescaled to sum to k, the draws :func:`innovlib.clusters.rank_intervals` uses.
    Samples are recorded as ``w_<code>`` columns, as for :class:`WeightNoise`.

    Example
    -------
    >>> DirichletWeights(level=1, concentration=20.0).concentration
    20.0
    """

    level: int
    concentration: float = 20.0

    def __post_init__(self):
        if not self.concentration > 0:
            raise StepError(f"DirichletWeights: concentration must be > 0, got {self.concentration!r}")


ON_FAILURE = ("drop", "raise")


def check_on_failure(on_failure, analysis: str) -> str:
    """``on_failure`` if it is a known policy, else a :class:`StepError` naming the analysis.

    Example
    -------
    >>> check_on_failure("skip", "sobol_indices")
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: sobol_indices: on_failure must be 'drop' or 'raise', got 'skip'
    """
    if on_failure not in ON_FAILURE:
        raise StepError(f"{analysis}: on_failure must be 'drop' or 'raise', got {on_failure!r}")
    return on_failure


def prefix_cache(result: BuildResult) -> dict:
    """The data after every prefix of ``result``'s build, keyed as :func:`score_configurations` shares prefixes.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
    >>> from innovlib.composite.build import run_build
    >>> cache = prefix_cache(run_build(fw, d, Build([Step("normalise"), Step("aggregate")])))
    >>> [len(key) for key in cache]
    [1, 2]
    """
    cache, key = {}, ()
    for step, state in zip(result.build.steps, result.datasets):
        key = key + (step.key(),)
        cache[key] = state
    return cache


@dataclass
class UncertaintyResult:
    """Scores and ranks of every replication plus rank statistics per unit."""

    units: list
    nominal_scores: np.ndarray
    nominal_ranks: np.ndarray
    scores: np.ndarray  # (replications, units); failed replications are all-NaN rows
    ranks: np.ndarray
    samples: pd.DataFrame
    n_failed: int  # replications whose build failed, left out of the statistics (on_failure="drop")
    n_configurations: int

    def rank_stats(self) -> pd.DataFrame:
        """Nominal, mean, median, 5th and 95th percentile rank per unit (failed replications left out).

        Percentiles use linear interpolation (R's default quantile type 7, as COINr).
        """
        ok = ~np.isnan(self.ranks).all(axis=1)
        r = self.ranks[ok]
        q5, median, q95 = np.quantile(r, [0.05, 0.5, 0.95], axis=0)
        return pd.DataFrame({
            "Nominal": self.nominal_ranks.astype(int), "Mean": r.mean(axis=0), "Median": median, "Q5": q5,
            "Q95": q95}, index=pd.Index(self.units, name="unit"))


def _resolve(build: Build, choices, weight_noise, framework):
    positions = []
    for choice in choices:
        k = build.position(choice.step)  # a varied step missing from the build is an error here
        for option in choice.options:  # a bad option fails here, before anything runs
            Step(build.steps[k].name, {**build.steps[k].args, **option})
        positions.append(k)
    agg = [i for i, s in enumerate(build.steps) if s.name == "aggregate"]
    if weight_noise:
        if not agg:
            raise StepError("weight noise needs an 'aggregate' step in the build")
        if agg[-1] != len(build.steps) - 1:
            raise StepError("weight noise needs the build to end with its 'aggregate' step")
        levels = set(framework.table["level"])
        for wn in (weight_noise if isinstance(weight_noise, (list, tuple)) else []):
            if wn.level not in levels:
                raise StepError(f"WeightNoise level {wn.level} not in the framework (levels {sorted(levels)})")
    return positions


def score_configurations(framework: Framework, data: CompositeData, build: Build, choices, option_index: np.ndarray,
             weight_sets: np.ndarray | None = None, output: str | None = None, on_failure: str = "drop",
             cache: dict | None = None):
    """Scores of ``output`` (default: the index) for each row of ``option_index`` (replications x choices).

    Each distinct row (configuration) is built once, and every computed prefix of the build is shared
    between configurations (``cache``). When the build ends with ``aggregate``, that last step runs
    vectorised: over all configurations that share its arguments and their data's units in one call, or,
    with ``weight_sets`` (replications x framework codes), over each configuration's replications.
    A configuration whose build fails with :class:`NonPositiveValuesError` gets NaN scores
    (``on_failure="drop"``, as COINr drops failed regenerations) or raises (``"raise"``); when only the final
    aggregation fails under weight noise, just the replications that failed are dropped. This is the engine
    under :func:`uncertainty_analysis`, :func:`sobol_indices` and
    :func:`~innovlib.composite.sensitivity.unit_sensitivity`; ``cache`` may come from :func:`prefix_cache`.

    Returns
    -------
    (numpy.ndarray, list, int)
        Scores (replications x units), unit codes, number of distinct configurations.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 0.0]}, index=["A", "B"]))
    >>> b = Build([Step("normalise"), Step("aggregate")])
    >>> s, units, n = score_configurations(fw, d, b, [Choice.values(0, "method", ["minmax", "rank"])],
    ...                                    np.array([[0], [1], [1]]))
    >>> s.tolist(), n
    ([[50.0, 50.0], [1.5, 1.5], [1.5, 1.5]], 2)
    """
    check_on_failure(on_failure, "score_configurations")
    positions = _resolve(build, choices, weight_sets is not None, framework)
    output = output or framework.codes(framework.n_levels)[0]
    option_index = np.asarray(option_index, int).reshape(len(option_index), len(choices))
    configs, inverse = np.unique(option_index, axis=0, return_inverse=True)
    rows_of = [np.flatnonzero(inverse.ravel() == ci) for ci in range(len(configs))]
    cache = {} if cache is None else cache  # (step keys of a build prefix) -> data after that prefix
    vectorised_tail = build.steps[-1].name == "aggregate"
    n_prefix = len(build.steps) - 1 if vectorised_tail else len(build.steps)

    # 1. Build every configuration up to its last step (or to the end if it does not end with aggregate).
    built = []  # (configuration, data after the prefix, last step)
    for ci, config in enumerate(configs):
        steps = list(build.steps)
        for choice, k, opt in zip(choices, positions, config):
            steps[k] = Step(steps[k].name, {**steps[k].args, **choice.options[opt]})
        try:
            built.append((ci, _run_prefix(steps[:n_prefix], data, framework, cache), steps[-1]))
        except NonPositiveValuesError:
            if on_failure == "raise":
                raise

    # 2. The final aggregation, vectorised; results are (configuration, units, scores of ``output``) triples.
    results = []
    if not vectorised_tail:
        results = [(ci, state.units, state.array[:, state.columns.index(output)]) for ci, state, _ in built]
    else:
        groups = {}  # last step's arguments -> configurations sharing them
        for item in built:
            groups.setdefault(item[2].key(), []).append(item)
        for members in groups.values():
            results += _aggregate_configurations(framework, members, weight_sets, rows_of, output, on_failure)

    scores, units, unit_index = None, None, None
    for ci, values_index, y in results:
        if units is None:
            unit_index, units = values_index, list(values_index)
            scores = np.full((len(option_index), len(units)), np.nan)
        if not values_index.equals(unit_index):
            # Screening under another configuration kept other units: align, missing units stay NaN.
            y = pd.DataFrame(np.atleast_2d(y), columns=values_index).reindex(columns=unit_index).to_numpy(float)
        scores[rows_of[ci]] = y
    if scores is None:
        raise StepError("every replication failed")
    return scores, units, len(configs)


def _run_prefix(steps, data: CompositeData, framework: Framework, cache: dict) -> CompositeData:
    """Data after ``steps``, computing only the prefixes not yet in ``cache``."""
    state, key = data, ()
    for step in steps:
        key = key + (step.key(),)
        if key not in cache:
            cache[key] = run_step(step, state, framework)[0]
        state = cache[key]
    return state


def _aggregate_configurations(framework: Framework, members: list, weight_sets, rows_of: list, output: str,
                              on_failure: str) -> list:
    """Run one shared ``aggregate`` step on many configurations' data; see :func:`score_configurations`.

    Without weight sets, configurations whose data have the same units and columns are stacked and
    aggregated in one call; with weight sets each configuration is aggregated over its replications.
    """
    params = members[0][2].params
    fw = framework
    if params.weights:
        if weight_sets is not None:
            raise StepError("weight noise and fixed 'weights' overrides in the aggregate step cannot be combined")
        fw = framework.with_weights(params.weights)
    nonpositive = params.nonpositive
    if on_failure == "drop" and nonpositive == "error":
        nonpositive = "drop"  # a failing configuration (or replication) comes back as all-NaN scores
    args = {"method": params.method, "p": params.p, "nonpositive": nonpositive,
            "min_availability": params.min_availability, "codes": [output]}
    results = []
    if weight_sets is not None:
        for ci, state, _ in members:
            out = aggregate_levels_array(state.array, state.columns, fw, weight_sets=weight_sets[rows_of[ci]], **args)
            results.append((ci, state.units, out[:, :, 0]))
        return results
    first = members[0][1]
    stackable = all(s.units.equals(first.units) and s.columns == first.columns for _, s, _ in members)
    batches = [members] if stackable else [[m] for m in members]
    for batch in batches:
        x = np.stack([state.array for _, state, _ in batch])  # (configurations, units, columns)
        out = aggregate_levels_array(x, batch[0][1].columns, fw, **args)
        results += [(ci, state.units, out[i, :, 0]) for i, (ci, state, _) in enumerate(batch)]
    return results


def _perturbed_nodes(framework: Framework, weight_noise) -> list[tuple[int, object]]:
    """(framework position, noise specification) of every node whose weight varies, in table order."""
    return [(i, spec) for i, level in enumerate(framework.table["level"]) for spec in weight_noise
            if spec.level == level]


def _weight_sets(framework: Framework, weight_noise, uniforms: np.ndarray) -> tuple[np.ndarray, list]:
    """Weights per replication from uniforms in [0, 1) (replications x perturbed nodes, in table order).

    Uniform noise maps each uniform linearly; Dirichlet weights map them through the gamma quantile function
    (a Dirichlet draw is a vector of independent gamma draws divided by its sum), so that the same uniforms
    serve Monte Carlo and Sobol' samples.
    """
    base = framework.weight_array()
    nodes = _perturbed_nodes(framework, weight_noise)
    w = np.repeat(base[None, :], len(uniforms), axis=0)
    parents = framework.table["parent"].tolist()
    sibling_groups = {}  # (Dirichlet specification, parent) -> [(uniform column, framework position)]
    for j, (i, spec) in enumerate(nodes):
        if isinstance(spec, DirichletWeights):
            sibling_groups.setdefault((id(spec), parents[i]), []).append((j, i, spec.concentration))
        else:
            w[:, i] = base[i] * (1 + (2 * uniforms[:, j] - 1) * spec.factor)
    if sibling_groups:
        from scipy.special import gammaincinv  # quantile function of the standard gamma distribution
    for members in sibling_groups.values():
        cols = [j for j, _, _ in members]
        positions = [i for _, i, _ in members]
        nominal = base[positions]
        total = nominal.sum()
        alpha = members[0][2] * len(positions) * nominal / total
        u = np.clip(uniforms[:, cols], 1e-12, 1 - 1e-12)
        with np.errstate(invalid="ignore"):
            g = np.where(alpha > 0, gammaincinv(np.where(alpha > 0, alpha, 1.0), u), 0.0)  # zero weight stays zero
        w[:, positions] = g / g.sum(axis=1, keepdims=True) * total
    return w, [i for i, _ in nodes]


CHUNK_SIZE = 1000  # replications per seeded chunk; fixed, so results never depend on the number of workers
CHUNK_RETRIES = 2  # Dask retries of a chunk whose worker failed


def _chunk_sizes(n: int, chunk_size: int) -> list[int]:
    """Replications per chunk: ``chunk_size`` each, the last one shorter.

    Example
    -------
    >>> _chunk_sizes(2500, 1000)
    [1000, 1000, 500]
    """
    return [min(chunk_size, n - start) for start in range(0, n, chunk_size)]


def _draw(framework: Framework, choices, weight_noise, seed_sequence, m: int):
    """The replications of one chunk: option indices (m x choices) and weight sets (or None), from its own seed."""
    rng = np.random.default_rng(seed_sequence)
    u = rng.random((m, len(choices)))
    option_index = np.column_stack([np.minimum((u[:, j] * len(c.options)).astype(int), len(c.options) - 1)
                                    for j, c in enumerate(choices)]) if choices else np.zeros((m, 0), int)
    weight_sets, perturbed = None, []
    if weight_noise:
        n_nodes = len(_perturbed_nodes(framework, weight_noise))
        weight_sets, perturbed = _weight_sets(framework, weight_noise, rng.random((m, n_nodes)))
    return option_index, weight_sets, perturbed


def uncertainty_chunk(framework: Framework, data: CompositeData, build: Build, choices, weight_noise,
                      seed_sequence, m: int, output: str, on_failure: str = "drop", cache: dict | None = None):
    """Draw and evaluate one seeded chunk of ``m`` replications (the unit of work sent to a Dask worker).

    Returns ``(scores, units, option_index, weight_sets, ranks)``; scores, units and ranks are None when every
    replication failed. Ranks are computed here, per replication, so that a cluster shares that work too.
    """
    option_index, weight_sets, _ = _draw(framework, choices, weight_noise, seed_sequence, m)
    try:
        scores, units, _ = score_configurations(framework, data, build, choices, option_index, weight_sets, output,
                                                on_failure, cache)
    except StepError as exc:
        if on_failure != "drop" or "every replication failed" not in str(exc):
            raise
        return None, None, option_index, weight_sets, None
    return scores, units, option_index, weight_sets, rank_scores(scores, axis=1)


_WORKER_CACHES: dict = {}  # on a Dask worker: analysis token -> shared prefix cache (the latest two kept)


def _chunk_on_worker(token: str, *args):
    """:func:`uncertainty_chunk` on a worker, sharing built prefixes between the chunks of one analysis that
    land on the same worker (built prefixes are deterministic, so the results are the same without sharing)."""
    cache = _WORKER_CACHES.get(token)
    if cache is None:
        while len(_WORKER_CACHES) >= 2:
            _WORKER_CACHES.pop(next(iter(_WORKER_CACHES)), None)
        cache = _WORKER_CACHES.setdefault(token, {})
    return uncertainty_chunk(*args, cache=cache)


def _map_chunks(client, chunk_args: list[tuple], fixed: tuple) -> list:
    """Run :func:`uncertainty_chunk` over the chunks on a Dask client (inputs sent once; chunks retried when a
    worker fails), results in chunk order."""
    import uuid

    framework, data, build = client.scatter(list(fixed[:3]), broadcast=False, hash=False)
    run = uuid.uuid4().hex[:12]
    futures = [client.submit(_chunk_on_worker, run, framework, data, build, *fixed[3:5], seeds, m, *fixed[5:],
                             pure=False, retries=CHUNK_RETRIES, key=f"innovlib-uncertainty-{run}-chunk-{i}")
               for i, (seeds, m) in enumerate(chunk_args)]
    try:
        return client.gather(futures)
    finally:
        client.cancel(futures)


@takes_result
def uncertainty_analysis(result: BuildResult, choices=(), weight_noise=(), n: int = 100, seed: int = 0,
                         output: str | None = None, on_failure: str = "drop", client=None,
                         chunk_size: int = CHUNK_SIZE) -> UncertaintyResult:
    """Monte Carlo uncertainty analysis of ranks over discrete build choices and weight noise (seeded).

    ``result`` is the nominal build (:func:`~innovlib.composite.build.run_build`), whose framework, data and
    build are replayed; ``framework, data, build`` may be given in its place. ``weight_noise`` is a list of
    :class:`WeightNoise` (uniform) and/or :class:`DirichletWeights` specifications, one per framework level;
    sampled weights are recorded in ``samples`` as ``w_<code>`` columns. A replication that cannot be built is
    left out and counted in ``n_failed`` (``on_failure="drop"``) or raises (``"raise"``).

    The ``n`` replications are drawn and evaluated in chunks of ``chunk_size``; chunk ``k`` draws from its own
    generator, seeded by the ``k``-th child of ``numpy.random.SeedSequence(seed).spawn``. The chunking does not
    depend on where the chunks run, so a run on a Dask ``client`` (chunks mapped over its workers, each retried
    when its worker fails) is bit-identical to the local run with the same ``seed``, ``n`` and ``chunk_size``.
    Units are those of the first chunk's first configuration (as :func:`score_configurations`); units another
    chunk lacks are NaN there.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0, 2.0], "y": [2.0, 0.0, 2.0]}, index=["A", "B", "C"]))
    >>> from innovlib.composite.build import run_build
    >>> result = run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))
    >>> ua = uncertainty_analysis(result, [Choice.values("normalise", "method", ["minmax", "rank"])], n=20)
    >>> ua.rank_stats()["Nominal"].tolist()  # A and B tie at 50
    [2, 2, 1]
    """
    framework, data, build = replay_inputs(result, "uncertainty_analysis")
    check_on_failure(on_failure, "uncertainty_analysis")
    choices, weight_noise = list(choices), list(weight_noise)
    _resolve(build, choices, weight_noise, framework)
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise StepError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise StepError(f"n must be a positive integer, got {n!r}")
    sizes = _chunk_sizes(int(n), int(chunk_size))
    chunk_args = list(zip(np.random.SeedSequence(seed).spawn(len(sizes)), sizes))
    output_code = output or framework.codes(framework.n_levels)[0]
    cache = prefix_cache(result)
    nominal, nominal_units, _ = score_configurations(framework, data, build, [], np.zeros((1, 0), int), None,
                                                     output_code, "raise", cache)
    if client is None:
        chunks = [uncertainty_chunk(framework, data, build, choices, weight_noise, seeds, m, output_code, on_failure,
                                    cache) for seeds, m in chunk_args]
    else:
        chunks = _map_chunks(client, chunk_args,
                             (framework, data, build, choices, weight_noise, output_code, on_failure))
    units = next((c[1] for c in chunks if c[1] is not None), None)
    if units is None:
        raise StepError("every replication failed")
    parts, rank_parts = [], []
    for (scores, chunk_units, _, _, ranks), m in zip(chunks, sizes):
        if scores is None:
            scores = ranks = np.full((m, len(units)), np.nan)
        elif chunk_units != units:  # another chunk's units: align, then rank again among the units kept
            scores = pd.DataFrame(scores, columns=chunk_units).reindex(columns=units).to_numpy(float)
            ranks = rank_scores(scores, axis=1)
        parts.append(scores)
        rank_parts.append(ranks)
    scores, ranks = np.vstack(parts), np.vstack(rank_parts)
    option_index = np.vstack([c[2] for c in chunks])
    samples = pd.DataFrame({c.name: option_index[:, j] for j, c in enumerate(choices)})
    if weight_noise:
        weight_sets = np.vstack([c[3] for c in chunks])
        for i, _ in _perturbed_nodes(framework, weight_noise):
            samples[f"w_{framework.table['code'][i]}"] = weight_sets[:, i]
    n_configs = len(np.unique(option_index, axis=0)) if choices else 1
    nominal_scores = nominal[0] if nominal_units == units else \
        pd.Series(nominal[0], index=nominal_units).reindex(units).to_numpy(float)
    failed = np.isnan(scores).all(axis=1)
    return UncertaintyResult(units, nominal_scores, rank_scores(nominal_scores), scores, ranks, samples,
                             int(failed.sum()), n_configs)


def sobol_design(framework: Framework, build: Build, choices, weight_noise, n: int, seed: int):
    """One SALib Sobol' design (Saltelli scheme, ``n * (d + 2)`` runs, first and total order) over the uncertain
    inputs: each discrete choice is a uniform variable mapped to its equally likely options, and the weights of
    each perturbed framework level are one group of variables.

    Returns ``(problem, input labels, option_index, weight_sets or None)``.
    """
    try:
        from SALib.sample import sobol as sobol_sample
    except ImportError as exc:  # pragma: no cover - SALib is a declared dependency
        raise ImportError("Sobol indices need SALib (pip install SALib)") from exc
    choices, weight_noise = list(choices), list(weight_noise)
    _resolve(build, choices, weight_noise, framework)
    names, groups = [], []
    for c in choices:
        names.append(c.name)
        groups.append(c.name)
    for i, spec in _perturbed_nodes(framework, weight_noise):  # the order of _weight_sets' uniform columns
        names.append(f"w_{framework.table['code'][i]}")
        groups.append(f"weights level {spec.level}")
    if len(set(groups)) < 2:
        raise StepError("Sobol indices need at least two uncertain inputs")
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    if len(set(groups)) < len(groups):
        problem["groups"] = groups
    x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    d = len(choices)
    option_index = np.column_stack([np.minimum((x[:, j] * len(c.options)).astype(int), len(c.options) - 1)
                                    for j, c in enumerate(choices)]) if choices else np.zeros((len(x), 0), int)
    weight_sets = _weight_sets(framework, weight_noise, x[:, d:])[0] if weight_noise else None
    return problem, list(dict.fromkeys(groups)), option_index, weight_sets
