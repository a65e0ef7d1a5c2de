"""Build step ``aggregate``: weighted means level by level up to the index (COINr's ``Aggregate``).

Methods are found by name in :data:`AGGREGATE_METHODS` (COINr's ``f_ag``). A method is a function of a
:class:`ChildGroups` (the children of every parent of one level, with weights and missing values masked)
returning one score per unit and parent; its ``invalid`` property says which values it cannot take (e.g. the
geometric mean: zero or negative), handled by the step's ``nonpositive`` policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import NonPositiveValuesError, StepError
from innovlib.composite.framework import Framework
from innovlib.composite.registry import MethodRegistry, StepArguments, check_choice, check_number, check_type

AGGREGATE_METHODS = MethodRegistry("aggregate")
NONPOSITIVE_POLICIES = ("error", "nan", "shift", "drop")


class ChildGroups:
    """Consecutive groups of child columns of ``x`` (..., units, children) with weights ``w`` (..., children).

    Group g holds the columns ``starts[g]:starts[g + 1]``. Missing values are masked: ``x0`` and ``x1`` hold
    them as 0 and 1 (neutral in sums and products) and ``wp`` gives them no weight, so that each method is a
    few vectorised reductions (:meth:`sum`).
    """

    def __init__(self, x: np.ndarray, w: np.ndarray, starts: np.ndarray, p: float | None = None):
        self.x, self.w, self.starts, self.p = x, w, starts, p
        self.sizes = np.diff(np.append(starts, x.shape[-1]))
        self.present = ~np.isnan(x)
        self.complete = bool(self.present.all())  # the common case: no masking needed
        self.wp = w if self.complete else np.where(self.present, w, 0.0)
        self.x0 = x if self.complete else np.where(self.present, x, 0.0)
        self.x1 = x if self.complete else np.where(self.present, x, 1.0)

    def sum(self, a: np.ndarray, ufunc=np.add) -> np.ndarray:
        """Reduce each group of the last axis of ``a``."""
        return ufunc.reduceat(a, self.starts, axis=-1)

    @property
    def weight_sum(self) -> np.ndarray:
        return self.sum(self.wp)


@AGGREGATE_METHODS.register("arithmetic", invalid=None)
def a_amean(g: ChildGroups) -> np.ndarray:
    """Weighted arithmetic mean (COINr ``a_amean``)."""
    return g.sum(g.wp * g.x0) / g.weight_sum


@AGGREGATE_METHODS.register("geometric", invalid=lambda x, p: x <= 0)
def a_gmean(g: ChildGroups) -> np.ndarray:
    """Weighted geometric mean (COINr ``a_gmean``); zero or negative values are invalid."""
    return np.exp(g.sum(g.wp * np.log(g.x1)) / g.weight_sum)


@AGGREGATE_METHODS.register("harmonic", invalid=lambda x, p: x == 0)
def a_hmean(g: ChildGroups) -> np.ndarray:
    """Weighted harmonic mean (COINr ``a_hmean``); zeros are invalid."""
    return g.weight_sum / g.sum(g.wp / g.x1)


@AGGREGATE_METHODS.register("generalised", invalid=lambda x, p: (x <= 0) if p < 0 else None)
def a_genmean(g: ChildGroups) -> np.ndarray:
    """Weighted generalised (power) mean with exponent ``p`` != 0 (COINr ``a_genmean``)."""
    return (g.sum(g.wp * g.x1 ** g.p) / g.weight_sum) ** (1 / g.p)


@AGGREGATE_METHODS.register("copeland", invalid=None)
def a_copeland(g: ChildGroups) -> np.ndarray:
    """Copeland score: per unit, (pairwise majority wins) - (losses) with weighted indicator votes."""
    w_full = np.broadcast_to(g.w, g.x.shape[:-2] + (1, g.x.shape[-1]))
    return np.stack([_copeland(g.x[..., a:a + k], w_full[..., a:a + k]) for a, k in zip(g.starts, g.sizes)],
                    axis=-1)


def _copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    w = w / np.nansum(w, axis=-1, keepdims=True)
    a, b = x[..., :, None, :], x[..., None, :, :]
    ww = w[..., :, None, :]
    outrank = np.where(a > b, ww, 0).sum(-1) + np.where(a == b, ww, 0).sum(-1) / 2
    score = np.sign(outrank - 0.5)
    n = x.shape[-2]
    score[..., np.arange(n), np.arange(n)] = 0
    return score.sum(axis=-1)


@dataclass(frozen=True)
class AggregateArguments(StepArguments):
    """Arguments of :func:`aggregate`.

    Parameters
    ----------
    method : str or tuple of str
        Name in :data:`AGGREGATE_METHODS`, or one per aggregation level (from level 2 upwards).
    weights : dict, optional
        ``{code: weight}`` overriding the framework's weights.
    p : float, optional
        Exponent of the ``generalised`` mean (required by it, not 0).
    nonpositive : {"error", "nan", "shift", "drop"}
        What to do when a method meets values it cannot take: raise :class:`NonPositiveValuesError` (COINr's
        behaviour), give that unit a missing score, shift the group's values so the minimum becomes 1, or give
        every unit of that leading slice (a configuration or replication in uncertainty analysis) a missing
        score.
    min_availability : float, optional
        Least share of available children for a score (else missing).

    Example
    -------
    >>> AggregateArguments(method="median")
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'aggregate', argument 'method': 'median' unknown; expected one of ['arithmetic', 'copeland', 'generalised', 'geometric', 'harmonic']
    """

    step: ClassVar[str] = "aggregate"
    method: str | tuple = "arithmetic"
    weights: dict | None = None
    p: float | None = None
    nonpositive: str = "error"
    min_availability: float | None = None

    def __post_init__(self):
        methods = [self.method] if isinstance(self.method, str) else self.method
        if not isinstance(methods, (list, tuple)) or not methods:
            raise StepError(f"build step 'aggregate', argument 'method': expected a method name or one per level, "
                            f"got {self.method!r}")
        for m in methods:
            check_choice(self, "method", AGGREGATE_METHODS, value=m)
        if "generalised" in methods and (self.p is None or self.p == 0):
            raise StepError(f"build step 'aggregate', argument 'p': the generalised mean needs a non-zero p "
                            f"(p = 0 is the geometric mean), got {self.p!r}")
        check_number(self, "p", optional=True)
        check_choice(self, "nonpositive", NONPOSITIVE_POLICIES)
        check_number(self, "min_availability", low=0, high=1, optional=True)
        check_type(self, "weights", dict, "a dict {code: weight} or None", optional=True)

    def methods(self, n_levels: int) -> list[str]:
        """One method per aggregation level of a framework with ``n_levels`` levels."""
        methods = [self.method] * (n_levels - 1) if isinstance(self.method, str) else list(self.method)
        if len(methods) != n_levels - 1:
            raise StepError(f"aggregate: {len(methods)} methods given for {n_levels - 1} aggregation levels")
        return methods


def aggregate_array(x: np.ndarray, w: np.ndarray, method: str = "arithmetic", p: float | None = None,
                    nonpositive: str = "error", min_availability: float | None = None) -> np.ndarray:
    """Aggregate the last axis of ``x`` (..., units, children) with weights ``w`` (..., children).

    Missing values are skipped and the remaining weights renormalised. Leading axes broadcast, so many weight
    sets (replications) are aggregated in one call. This is :func:`aggregate_groups` with a single group.

    Example
    -------
    >>> aggregate_array(np.array([[1.0, 4.0]]), np.array([1.0, 1.0]), "geometric").tolist()
    [2.0]
    """
    return aggregate_groups(x, w, [0], method, p, nonpositive, min_availability)[..., 0]


def aggregate_groups(x: np.ndarray, w: np.ndarray, starts, method: str = "arithmetic", p: float | None = None,
                     nonpositive: str = "error", min_availability: float | None = None) -> np.ndarray:
    """Aggregate consecutive groups of columns of ``x`` (..., units, children) in one pass.

    Group g holds the columns ``starts[g]:starts[g + 1]`` (the last one runs to the end), e.g. the children
    of every parent of one framework level (:meth:`Framework.aggregation_groups`). The result has shape
    (..., units, groups); ``nonpositive`` as in :class:`AggregateArguments`.

    Example
    -------
    >>> x = np.array([[1.0, 3.0, 2.0, 8.0]])  # groups (1, 3) and (2, 8)
    >>> aggregate_groups(x, np.ones(4), [0, 2], "arithmetic").tolist()
    [[2.0, 5.0]]
    >>> np.round(aggregate_groups(x, np.ones(4), [0, 2], "geometric"), 6).tolist()
    [[1.732051, 4.0]]
    """
    function = AGGREGATE_METHODS[method]
    invalid_values = AGGREGATE_METHODS.properties(method)["invalid"]
    if nonpositive not in NONPOSITIVE_POLICIES:
        raise StepError(f"aggregate: nonpositive='{nonpositive}' unknown; expected one of {NONPOSITIVE_POLICIES}")
    if method == "generalised" and (p is None or p == 0):
        raise StepError("aggregate: generalised mean needs a non-zero p (p = 0 is the geometric mean)")
    x = np.asarray(x, float)
    w = np.asarray(w, float)[..., None, :]
    starts = np.asarray(starts, int)
    invalid = None  # scores to set missing because of invalid values (broadcasts against the result)
    with np.errstate(invalid="ignore", divide="ignore"):
        bad = invalid_values(x, p) if invalid_values is not None else None
        if bad is not None:
            bad &= ~np.isnan(x)
            if bad.any():
                groups = ChildGroups(x, w, starts)
                if nonpositive == "error":
                    raise NonPositiveValuesError(f"aggregate: {method} mean met zero or negative values")
                if nonpositive == "shift":
                    # Only the groups that met invalid values are shifted.
                    hit = groups.sum(bad, np.logical_or).reshape(-1, len(starts)).any(axis=0)
                    shifted = np.repeat(hit, groups.sizes)
                    x = np.where(shifted, x - np.nanmin(x, axis=-2, keepdims=True) + 1, x)
                elif nonpositive == "nan":
                    invalid = groups.sum(bad, np.logical_or)
                else:  # "drop": a leading slice (configuration or replication) that met invalid values
                    invalid = bad.any(axis=(-2, -1), keepdims=True)
        g = ChildGroups(x, w, starts, p)
        y = function(g)
        if invalid is not None:
            y = np.where(invalid, np.nan, y)
        if not g.complete:
            y = np.where(g.sum(g.present, np.logical_or), y, np.nan)
        if min_availability is not None:
            y = np.where(g.sum(g.present.astype(float)) / g.sizes < min_availability, np.nan, y)
    return y


def aggregate_levels_array(x: np.ndarray, columns, framework: Framework, method="arithmetic", weight_sets=None,
                           p=None, nonpositive="error", min_availability=None, codes=None) -> np.ndarray:
    """Scores of framework codes, aggregated level by level from the indicator columns of ``x``.

    A level whose weights are the same in every weight set is aggregated once and shared (e.g. indicators into
    pillars when only pillar weights vary), so weight sets cost only the levels they change.

    Parameters
    ----------
    x : numpy.ndarray
        Units x ``columns``, or (datasets, units, columns) to aggregate many datasets (e.g. build
        configurations) at once; the framework's indicators are taken from it by name.
    weight_sets : numpy.ndarray, optional
        Replications x framework codes (table order); default: the framework's weights.
    codes : list of str, optional
        Codes to return (default: every code, in table order).

    Returns
    -------
    numpy.ndarray
        (replications or datasets, units, codes).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> aggregate_levels_array(np.array([[0.0, 100.0]]), ["y", "x"], fw)[0].tolist()
    [[100.0, 0.0, 50.0]]
    """
    methods = AggregateArguments(method=method if isinstance(method, str) else tuple(method), p=p,
                                 nonpositive=nonpositive, min_availability=min_availability).methods(
        framework.n_levels)
    found = framework.indicator_columns(tuple(columns))
    if (found < 0).any():
        missing = [c for c, j in zip(framework.indicators, found) if j < 0]
        raise StepError(f"aggregate: indicator columns {missing} of the framework are missing from the data")
    w_all = framework.weight_array()[None, :] if weight_sets is None else np.atleast_2d(np.asarray(weight_sets, float))
    x = np.asarray(x, float)
    lead = np.broadcast_shapes(x.shape[:-2], w_all.shape[:-1])
    # Values of each level: (framework positions, array (..., units, positions)), each with its own leading shape.
    level_positions = framework.indicator_positions()
    level_values = x[..., found]
    kept = {}  # framework position -> (array, column) for the codes returned
    wanted = set(range(len(framework.all_codes))) if codes is None else \
        {framework.all_codes.index(c) for c in codes}
    for j, pos in enumerate(level_positions):
        if pos in wanted:
            kept[pos] = (level_values, j)
    for level, parents, kids, starts in framework.aggregation_groups():
        column_of = {pos: j for j, pos in enumerate(level_positions)}
        children = level_values[..., [column_of[k] for k in kids]]
        w = w_all[:, kids]
        if (w == w[:1]).all():
            w = w[0]  # same weights in every set: aggregate once
        level_values = aggregate_groups(children, w, starts, methods[level - 2], p, nonpositive, min_availability)
        level_positions = parents
        for j, pos in enumerate(parents):
            if pos in wanted:
                kept[pos] = (level_values, j)
    order = sorted(wanted) if codes is None else [framework.all_codes.index(c) for c in codes]
    out = np.empty(lead + (x.shape[-2], len(order)))
    for i, pos in enumerate(order):
        array, j = kept[pos]
        out[..., i] = array[..., j]
    return out


def apply_aggregate(data: CompositeData, framework: Framework, args: AggregateArguments):
    """Run the step with validated arguments; see :func:`aggregate`."""
    fw = framework.with_weights(args.weights) if args.weights else framework
    scores = aggregate_levels_array(data.array, data.columns, fw, args.method, p=args.p,
                                    nonpositive=args.nonpositive, min_availability=args.min_availability)[0]
    # Columns that are not framework codes (e.g. extra variables) are kept in front of the scores.
    extra = [j for j, c in enumerate(data.columns) if not fw.has_code(c)]
    if extra:
        scores = np.concatenate([data.array[:, extra], scores], axis=1)
    return data.with_array(scores, [data.columns[j] for j in extra] + fw.all_codes), Report({"method": args.method})


def aggregate(data: CompositeData, framework: Framework, **arguments):
    """Aggregate level by level up to the index, with the framework's weights (optionally overridden).

    Arguments as :class:`AggregateArguments`; ``method`` is one name or one per aggregation level.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None],
    ...                              "weight": [1, 3, 1]}))
    >>> d = CompositeData(pd.DataFrame({"x": [0.0], "y": [100.0]}, index=["A"]))
    >>> float(aggregate(d, fw)[0].values.loc["A", "I"])
    75.0
    """
    return apply_aggregate(data, framework, AggregateArguments.from_mapping(arguments))


def aggregate_levels(values: pd.DataFrame, framework: Framework, method="arithmetic", weight_sets=None, p=None,
                     nonpositive="error", min_availability=None):
    """Aggregate all levels; with ``weight_sets`` (replications x framework codes) return an array instead.

    Returns a DataFrame (units x all codes) or, with ``weight_sets``, an array (replications, units, codes).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> v = pd.DataFrame({"x": [0.0], "y": [100.0]})
    >>> aggregate_levels(v, fw, weight_sets=np.array([[1.0, 1.0, 1.0], [1.0, 3.0, 1.0]]))[:, 0, 2].tolist()
    [50.0, 75.0]
    """
    out = aggregate_levels_array(values.to_numpy(float), values.columns, framework, method, weight_sets, p,
                                 nonpositive, min_availability)
    if weight_sets is not None:
        return out
    codes = framework.all_codes
    extra = [c for c in values.columns if c not in codes]
    frame = pd.DataFrame(out[0], index=values.index, columns=codes)
    return pd.concat([values[extra], frame], axis=1) if extra else frame
