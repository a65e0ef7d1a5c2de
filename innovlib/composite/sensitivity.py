"""Sensitivity analysis: which uncertain assumption moves the ranking (:func:`sobol_indices`, Sobol indices of a
summary of the ranking) and each unit's rank (:func:`unit_sensitivity`).

For every unit, first-order (S1) and total (ST) Sobol indices of its rank over the uncertain inputs the engine's
uncertainty analysis supports — discrete alternatives of any logged build step (normalisation, aggregation,
treatment, imputation, ... as :class:`~innovlib.composite.uncertainty.Choice`) and weight perturbations per
framework level (:class:`~innovlib.composite.uncertainty.WeightNoise`, :class:`DirichletWeights`) — all from
**one** shared SALib Sobol' design (:func:`~innovlib.composite.uncertainty.sobol_design`, ``n * (d + 2)`` builds
for ``d`` inputs, whatever the number of units), with bootstrap confidence intervals.

The estimators are SALib's (Saltelli et al. 2010 for S1, Jansen for ST, on outputs standardised as SALib does),
vectorised over units, and the bootstrap resamples the same base rows for every unit, drawn as SALib draws them
with the same seed: for one unit the numbers equal ``SALib.analyze.sobol.analyze`` on that unit's ranks.

**A unit whose rank never changes** over the design has no variance to apportion: its S1, ST and their
intervals are NaN (SALib would report 0), and its ``rank_sd`` is 0. A unit missing (NaN) in some runs, e.g.
screened out under one configuration, also gets NaN.

**A run that cannot be built** (e.g. a geometric mean meeting a zero) follows the ``on_failure`` policy of every
analysis: ``"drop"`` leaves it out with the rest of its base row of the design
(:func:`sobol_runs_kept`) and counts it in ``n_failed``; ``"raise"`` raises.

Example
-------
>>> import pandas as pd
>>> from innovlib.composite import Build, CompositeData, Framework, Step, run_build
>>> from innovlib.composite.uncertainty import Choice, WeightNoise
>>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
>>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0, 2.0, 9.0], "y": [2.0, 0.0, 2.5, 9.0]}, index=list("ABCD")))
>>> result = run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))
>>> us = unit_sensitivity(result, [Choice.values("normalise", "method", ["minmax", "rank"])],
...                       [WeightNoise(1, 0.5)], n=64)
>>> bool(us.frame("ST").loc["D"].isna().all())  # D is first whatever the assumptions
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.composite.build import BuildResult, replay_inputs, takes_result
from innovlib.composite.errors import StepError
from innovlib.composite.results import rank_scores
from innovlib.composite.uncertainty import check_on_failure, prefix_cache, score_configurations, sobol_design

INDICES = ("S1", "S1_conf", "ST", "ST_conf")
# Decimals in citable CSVs of the engine's estimates (Sobol indices, rank spreads, the effective weights' correlations
# and shares): sampling estimates whose confidence half-widths are hundredths at best; a third decimal shows them
# without the float's twelve digits.
INDEX_DECIMALS = {"S1": 3, "S1_conf": 3, "ST": 3, "ST_conf": 3, "rank_sd": 2, "correlation": 3, "effective": 3}
UNIT_BLOCK = 64  # units per vectorised bootstrap block (bounds memory: rows x resamples x block floats)


# --- Sobol indices of a summary of the ranking -----------------------------------------------------------------

def sobol_runs_kept(scores: np.ndarray, choices, option_index: np.ndarray, n_inputs: int,
                    analysis: str) -> tuple[np.ndarray, np.ndarray]:
    """Which runs of a Sobol' design failed, and which are kept: every run of a base row with no failed run.

    SALib's design without second order lays out each base row as ``n_inputs + 2`` consecutive runs (A, A with
    the j-th input from B for each input, then B), and its estimators pair the runs of a base row; so a base row
    with a failed run (an all-missing row of ``scores``) is left out whole, and the indices are estimated from
    the other base rows. When a choice's option is then left in no kept run, the indices could not say
    anything about that option: a :class:`StepError` names it.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Boolean masks over the runs: failed, kept.

    Example
    -------
    >>> scores = np.array([[1.0], [2.0], [3.0], [4.0], [np.nan], [6.0], [7.0], [8.0]])  # 2 inputs: 4 runs a row
    >>> failed, kept = sobol_runs_kept(scores, [], np.zeros((8, 0), int), 2, "sobol_indices")
    >>> int(failed.sum()), kept.tolist()
    (1, [True, True, True, True, False, False, False, False])
    """
    step = n_inputs + 2
    failed = np.isnan(scores).all(axis=1)
    if len(failed) % step:
        raise StepError(f"{analysis}: {len(failed)} runs do not form a Sobol' design of {n_inputs} inputs")
    kept = np.repeat(~failed.reshape(-1, step).any(axis=1), step)
    if failed.any():
        summary = f"{int(failed.sum())} of {len(failed)} runs failed"
        if not kept.any():
            raise StepError(f"{analysis}: every base row of the Sobol' design has a failed run ({summary})")
        for j, choice in enumerate(choices):
            lost = sorted(set(range(len(choice.options))) - set(option_index[kept, j].tolist()))
            if lost:
                raise StepError(f"{analysis}: input '{choice.name}' takes option(s) {[choice.options[k] for k in lost]}"
                                f" in no kept run ({summary}); leave them out of the choices")
    return failed, kept


@dataclass
class SobolIndices:
    """What :func:`sobol_indices` returns: the indices and the runs they rest on."""

    table: pd.DataFrame  # one row per input: S1, S1_conf, ST, ST_conf
    n_runs: int  # runs the indices are estimated from (whole base rows of the design)
    n_failed: int  # runs whose build failed; their base rows are left out (on_failure="drop")


@takes_result
def sobol_indices(result: BuildResult, choices=(), weight_noise=(), n: int = 256, seed: int = 0,
                  output: str | None = None, measure: str = "mean_abs_rank_shift",
                  on_failure: str = "drop") -> SobolIndices:
    """First-order and total Sobol indices of a scalar summary of the ranking, estimated with SALib.

    Inputs are the discrete choices (a uniform variable mapped to equally likely options) and, per perturbed
    framework level, one group of weight variables. Samples come from SALib's Saltelli/Sobol' scheme
    (``n * (d + 2)`` model runs, ``n`` a power of 2) and are evaluated with the shared-configuration engine,
    replaying ``result`` (or ``framework, data, build`` in its place).

    Parameters
    ----------
    measure : str
        ``"mean_abs_rank_shift"`` (COINr's default output: mean over units of |rank - nominal rank|) or
        ``"rank:<unit>"`` / ``"score:<unit>"`` for one unit.
    on_failure : {"drop", "raise"}
        A run whose build fails is left out with its base row (:func:`sobol_runs_kept`) and counted, or raises.
        The indices then describe the runs that could be built; many failures bias them, so check ``n_failed``.

    Returns
    -------
    SobolIndices
        ``table``: one row per input with S1, S1_conf, ST, ST_conf; ``n_runs`` and ``n_failed``.

    Example
    -------
    >>> from innovlib.composite import Build, CompositeData, Framework, Step, run_build
    >>> from innovlib.composite.uncertainty import Choice, WeightNoise
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0, 2.0], "y": [2.0, 0.0, 2.5]}, index=["A", "B", "C"]))
    >>> result = run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))
    >>> s = sobol_indices(result, [Choice.values("normalise", "method", ["minmax", "rank"])],
    ...                   [WeightNoise(1, 0.5)], n=64)
    >>> list(s.table.index), s.n_runs, s.n_failed
    (['normalise.method', 'weights level 1'], 256, 0)
    """
    from SALib.analyze import sobol as sobol_analyze

    framework, data, build = replay_inputs(result, "sobol_indices")
    check_on_failure(on_failure, "sobol_indices")
    if measure != "mean_abs_rank_shift" and not measure.startswith(("rank:", "score:")):
        raise StepError(f"sobol_indices: measure must be 'mean_abs_rank_shift', 'rank:<unit>' or 'score:<unit>', "
                        f"got {measure!r}")
    choices, weight_noise = list(choices), list(weight_noise)
    problem, labels, option_index, weight_sets = sobol_design(framework, build, choices, weight_noise, n, seed)
    output_code = output or framework.codes(framework.n_levels)[0]
    scores, units, _ = score_configurations(framework, data, build, choices, option_index, weight_sets, output_code,
                                            on_failure, prefix_cache(result))
    failed, kept = sobol_runs_kept(scores, choices, option_index, len(labels), "sobol_indices")
    scores = scores[kept]
    nominal = result.final.values[output_code].reindex(units).to_numpy(float)
    ranks = rank_scores(scores, axis=1)
    if measure == "mean_abs_rank_shift":
        y = np.nanmean(np.abs(ranks - rank_scores(nominal)), axis=1)
    else:
        kind, unit = measure.split(":", 1)
        if unit not in units:
            raise StepError(f"sobol_indices: unit '{unit}' not among the units")
        y = (ranks if kind == "rank" else scores)[:, units.index(unit)]
    if np.isnan(y).any():
        raise StepError("sobol_indices: some replications have no value (e.g. a unit screened out)")
    si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
    table = pd.DataFrame({k: np.asarray(si[k]) for k in ("S1", "S1_conf", "ST", "ST_conf")}, index=labels)
    return SobolIndices(table, int(kept.sum()), int(failed.sum()))


# --- Sobol indices of each unit's rank ----------------------------------------------------------------------------


@dataclass
class UnitSensitivity:
    """Sobol indices of each unit's rank: arrays of shape (units, inputs) per index."""

    units: list
    inputs: list
    S1: np.ndarray
    S1_conf: np.ndarray
    ST: np.ndarray
    ST_conf: np.ndarray
    nominal_ranks: np.ndarray
    rank_sd: np.ndarray  # standard deviation of each unit's rank over the design (0: it never moves)
    n_runs: int  # runs the indices are estimated from (whole base rows of the design)
    n_failed: int = 0  # runs whose build failed; their base rows are left out (on_failure="drop")

    def frame(self, index: str = "ST") -> pd.DataFrame:
        """One index as a units x inputs table."""
        if index not in INDICES:
            raise ValueError(f"index must be one of {', '.join(INDICES)}, got {index!r}")
        return pd.DataFrame(getattr(self, index), index=pd.Index(self.units, name="unit"),
                            columns=pd.Index(self.inputs, name="input"))

    def table(self) -> pd.DataFrame:
        """Long table: one row per (unit, input) with S1, S1_conf, ST, ST_conf, the nominal rank and rank_sd."""
        index = pd.MultiIndex.from_product([self.units, self.inputs], names=["unit", "input"])
        out = pd.DataFrame({k: getattr(self, k).ravel() for k in INDICES}, index=index)
        out["nominal_rank"] = np.repeat(self.nominal_ranks, len(self.inputs))
        out["rank_sd"] = np.repeat(self.rank_sd, len(self.inputs))
        return out

    def dominant(self) -> pd.DataFrame:
        """Per unit: the input with the largest total index, that index, and the nominal rank (NaN-safe)."""
        st = self.frame("ST")
        has = st.notna().any(axis=1)
        return pd.DataFrame({
            "nominal_rank": self.nominal_ranks, "rank_sd": self.rank_sd,
            "input": [st.loc[u].idxmax() if ok else None for u, ok in zip(st.index, has)],
            "ST": st.max(axis=1, skipna=True).where(has)}, index=st.index)


def sobol_from_outputs(y: np.ndarray, n_inputs: int, num_resamples: int = 100, conf_level: float = 0.95,
                       seed: int | None = 0) -> dict[str, np.ndarray]:
    """SALib's first-order and total Sobol estimators (and bootstrap intervals) for many outputs at once.

    ``y`` is (runs, outputs) in the order of SALib's Sobol' design without second order: per base row, A, then
    A with column j from B (``AB_j``) for each input, then B. Returns arrays (outputs, inputs); a constant
    output gives NaN.

    Example
    -------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.random((400, 2))  # not a real design; shows the shapes only
    >>> {k: v.shape for k, v in sobol_from_outputs(x, 2, num_resamples=10).items()}["S1"]
    (2, 2)
    """
    from scipy.stats import norm

    y = np.asarray(y, float)
    if y.ndim == 1:
        y = y[:, None]
    step = n_inputs + 2
    if len(y) % step:
        raise StepError(f"{len(y)} runs do not form a Sobol' design of {n_inputs} inputs ({step} runs per base row)")
    n = len(y) // step
    with np.errstate(invalid="ignore", divide="ignore"):
        y = (y - y.mean(axis=0)) / y.std(axis=0)  # as SALib; a constant output becomes NaN
    a, b = y[0::step], y[step - 1::step]
    ab = np.stack([y[j + 1::step] for j in range(n_inputs)], axis=1)  # (n, inputs, outputs)
    eps = np.finfo(float).eps
    rng = np.random.default_rng(seed).integers if seed else np.random.randint
    r = rng(n, size=(n, num_resamples))
    z = norm.ppf(0.5 + conf_level / 2)
    out = {k: np.full((y.shape[1], n_inputs), np.nan) for k in INDICES}
    var = np.var(np.r_[a, b], axis=0)  # (outputs,)
    with np.errstate(invalid="ignore", divide="ignore"):
        for j in range(n_inputs):
            out["S1"][:, j] = np.mean(b * (ab[:, j] - a), axis=0) / var
            out["ST"][:, j] = 0.5 * np.mean((a - ab[:, j]) ** 2, axis=0) / var
        for lo in range(0, y.shape[1], UNIT_BLOCK):
            cols = slice(lo, lo + UNIT_BLOCK)
            ar, br = a[:, cols][r], b[:, cols][r]  # (n, resamples, block)
            var_r = np.var(np.r_[ar, br], axis=0)
            safe = var_r > eps
            for j in range(n_inputs):
                abr = ab[:, j, cols][r]
                s1 = np.where(safe, np.mean(br * (abr - ar), axis=0) / np.where(safe, var_r, 1.0), 0.0)
                st = np.where(safe, 0.5 * np.mean((ar - abr) ** 2, axis=0) / np.where(safe, var_r, 1.0), 0.0)
                out["S1_conf"][cols, j] = z * s1.std(axis=0, ddof=1)
                out["ST_conf"][cols, j] = z * st.std(axis=0, ddof=1)
    constant = ~(np.ptp(np.r_[a, b], axis=0) > eps)  # includes all-NaN outputs
    for k in INDICES:
        out[k][constant] = np.nan
    return out


@takes_result
def unit_sensitivity(result: BuildResult, choices=(), weight_noise=(), n: int = 256, seed: int = 0,
                     output: str | None = None, num_resamples: int = 100, conf_level: float = 0.95,
                     on_failure: str = "drop") -> UnitSensitivity:
    """First-order and total Sobol indices of every unit's rank over the uncertain inputs, from one design.

    Parameters
    ----------
    result : BuildResult
        The nominal build, replayed (or ``framework, data, build`` in its place).
    choices, weight_noise
        As for :func:`~innovlib.composite.uncertainty.uncertainty_analysis`; at least two inputs in all.
    n : int
        Base rows of the Sobol' design (a power of 2); the build is replayed ``n * (inputs + 2)`` times.
    num_resamples, conf_level
        Bootstrap resamples and level of the confidence intervals (``S1_conf``, ``ST_conf``: half-widths).
    on_failure : {"drop", "raise"}
        A run whose build fails is left out with its base row and counted in ``n_failed``, or raises.

    Returns
    -------
    UnitSensitivity
        See the module's description for units whose rank never changes (NaN).
    """
    framework, data, build = replay_inputs(result, "unit_sensitivity")
    check_on_failure(on_failure, "unit_sensitivity")
    choices = list(choices)
    _, labels, option_index, weight_sets = sobol_design(framework, build, choices, weight_noise, n, seed)
    output_code = output or framework.codes(framework.n_levels)[0]
    scores, units, _ = score_configurations(framework, data, build, choices, option_index, weight_sets, output_code,
                                            on_failure, prefix_cache(result))
    failed, kept = sobol_runs_kept(scores, choices, option_index, len(labels), "unit_sensitivity")
    ranks = rank_scores(scores[kept], axis=1)
    si = sobol_from_outputs(ranks, len(labels), num_resamples, conf_level, seed)
    nominal = result.final.values[output_code].reindex(units).to_numpy(float)
    with np.errstate(invalid="ignore"):
        rank_sd = np.nanstd(ranks, axis=0) if len(ranks) else np.zeros(len(units))
    return UnitSensitivity(units, labels, si["S1"], si["S1_conf"], si["ST"], si["ST_conf"],
                           rank_scores(nominal), rank_sd, len(ranks), int(failed.sum()))


def plot_unit_sensitivity(result: UnitSensitivity, top: int = 10, index: str = "ST", ax=None):
    """Heat map of "which assumption moves each top unit": the ``top`` units by nominal rank (rows, with their
    nominal rank and the spread of their rank) against the uncertain inputs (columns), coloured and annotated
    by ``index`` (``"ST"`` or ``"S1"``); a unit that never moves shows "fixed". Returns the matplotlib axes."""
    import matplotlib.pyplot as plt

    frame = result.frame(index)
    order = np.argsort(result.nominal_ranks, kind="stable")[:top]
    shown = frame.iloc[order]
    if ax is None:
        _, ax = plt.subplots(figsize=(1.2 * len(result.inputs) + 3, 0.45 * len(shown) + 1.5))
    cmap = plt.get_cmap("viridis").with_extremes(bad="#dddddd")  # grey: a unit that never moves
    values = np.ma.masked_invalid(np.clip(shown.to_numpy(float), 0, 1))
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    for i, unit in enumerate(shown.index):
        for j, value in enumerate(shown.loc[unit]):
            text = "fixed" if np.isnan(value) else f"{value:.2f}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8,
                    color="black" if np.isnan(value) or value > 0.6 else "white")
    ax.set_xticks(range(len(result.inputs)), [str(i) for i in result.inputs], rotation=30, ha="right")
    ax.set_yticks(range(len(shown)), [f"{u} (rank {int(result.nominal_ranks[k])}, sd {result.rank_sd[k]:.1f})"
                                      for u, k in zip(shown.index, order)])
    ax.grid(False)  # the theme's grid would cross the cells
    ax.set_title(f"Which assumption moves each top unit's rank ({index})")
    ax.figure.colorbar(image, ax=ax, label=f"{index} of the rank")
    return ax
