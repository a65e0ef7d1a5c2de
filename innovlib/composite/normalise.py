"""Build step ``normalise``: bring indicators to a common scale (COINr's ``Normalise``).

Methods are found by name in :data:`NORMALISE_METHODS` (COINr's ``f_n``); each is a function
``(x, args, context) -> array`` of the direction-adjusted values ``x`` (units x indicators). Each indicator
can have its own method and parameters (``indicator_specs``, COINr's ``indiv_specs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, NamedTuple

import numpy as np
import pandas as pd

from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.registry import MethodRegistry, StepArguments, check_choice, check_number, check_type
from innovlib.rankings import rank

NORMALISE_METHODS = MethodRegistry("normalise")


class NormaliseContext(NamedTuple):
    """Per-column inputs some methods need, already multiplied by the directions: the reference unit's values,
    the framework's targets and the goalposts (2 x columns: low, high)."""

    reference: np.ndarray | None = None
    targets: np.ndarray | None = None
    goalposts: np.ndarray | None = None


def _range(x):
    return np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)  # as nanmin/nanmax, without their overhead


@NORMALISE_METHODS.register("minmax")
def n_minmax(x, args, context=None):
    """Min-max to [lower, upper] (COINr ``n_minmax``).

    Example
    -------
    >>> n_minmax(np.array([[1.0], [2.0], [3.0]]), NormaliseArguments(lower=1, upper=100)).ravel().tolist()
    [1.0, 50.5, 100.0]
    """
    lo, hi = _range(x)
    return (x - lo) / (hi - lo) * (args.upper - args.lower) + args.lower


@NORMALISE_METHODS.register("zscore")
def n_zscore(x, args, context=None):
    """z-score with mean ``mean`` and standard deviation ``sd`` (sample sd, COINr ``n_zscore``).

    Example
    -------
    >>> n_zscore(np.array([[1.0], [3.0]]), NormaliseArguments(method="zscore", mean=10, sd=2)).ravel().tolist()
    [8.585786437626904, 11.414213562373096]
    """
    # np.nanmean / np.nanstd(ddof=1), computed the same way without their overhead.
    present = ~np.isnan(x)
    n = present.sum(axis=0)
    centre = np.where(present, x, 0.0).sum(axis=0) / n
    d = np.where(present, x - centre, 0.0)
    return (x - centre) / np.sqrt((d * d).sum(axis=0) / (n - 1)) * args.sd + args.mean


@NORMALISE_METHODS.register("rank")
def n_rank(x, args, context=None):
    """Ranks, lowest value = 1, ties share the lowest rank (COINr ``n_rank``, ``ties.method = "min"``).

    Example
    -------
    >>> n_rank(np.array([[5.0], [1.0], [5.0]]), None).ravel().tolist()
    [2.0, 1.0, 2.0]
    """
    return rank(x, ties="min", ascending=True, axis=0)


@NORMALISE_METHODS.register("borda")
def n_borda(x, args, context=None):
    """Borda scores: rank - 1, so the lowest value scores 0 (COINr ``n_borda``, ``ties.method = "min"``).

    Example
    -------
    >>> n_borda(np.array([[5.0], [1.0], [5.0], [7.0]]), None).ravel().tolist()
    [1.0, 0.0, 1.0, 3.0]
    """
    return n_rank(x, args) - 1


@NORMALISE_METHODS.register("percentile_rank")
def n_prank(x, args, context=None):
    """Percentile ranks ``(rank - 1) / (n - 1)`` (COINr ``n_prank``), times ``scale``.

    Example
    -------
    >>> n_prank(np.array([[5.0], [1.0], [3.0]]), NormaliseArguments(scale=1)).ravel().tolist()
    [1.0, 0.0, 0.5]
    """
    n = (~np.isnan(x)).sum(axis=0)
    return (n_rank(x, args) - 1) / (n - 1) * args.scale


@NORMALISE_METHODS.register("fracmax")
def n_fracmax(x, args, context=None):
    """Fraction of the column maximum, ``x / max(x)`` (COINr ``n_fracmax``; no further scaling).

    Example
    -------
    >>> n_fracmax(np.array([[1.0], [4.0], [2.0]]), None).ravel().tolist()
    [0.25, 1.0, 0.5]
    """
    return x / np.fmax.reduce(x, axis=0)


@NORMALISE_METHODS.register("scaled")
def n_scaled(x, args, context=None):
    """Linear scaling with fixed bounds: ``(x - l) / (h - l) * scale`` (COINr ``n_scaled``, ``npara = c(l, h)``).

    Not min-max: ``l`` and ``h`` are given (``bounds``), not taken from the data, and values are not clipped.
    As in COINr, the bounds apply to the direction-adjusted values (x times its direction).

    Example
    -------
    >>> n_scaled(np.array([[2.0], [7.0]]), NormaliseArguments(method="scaled", bounds=(2, 12))).ravel().tolist()
    [0.0, 50.0]
    """
    low, high = args.bounds
    return (x - low) / (high - low) * args.scale


@NORMALISE_METHODS.register("dist_to_max")
def n_dist2max(x, args, context=None):
    """Distance to the maximum, ``1 - (max - x) / (max - min)``, times ``scale`` (COINr ``n_dist2max``).

    Example
    -------
    >>> n_dist2max(np.array([[1.0], [3.0], [5.0]]), NormaliseArguments(scale=1)).ravel().tolist()
    [0.0, 0.5, 1.0]
    """
    lo, hi = _range(x)
    return (1 - (hi - x) / (hi - lo)) * args.scale


@NORMALISE_METHODS.register("dist_to_ref", needs="reference")
def n_dist2ref(x, args, context):
    """As ``dist_to_max`` with a reference unit's value as the maximum, capped at 1 if ``cap``.

    Example
    -------
    >>> c = NormaliseContext(reference=np.array([3.0]))
    >>> n_dist2ref(np.array([[1.0], [3.0], [5.0]]), NormaliseArguments(scale=1), c).ravel().tolist()
    [0.0, 1.0, 1.0]
    """
    lo, _ = _range(x)
    y = 1 - (context.reference - x) / (context.reference - lo)
    return (np.minimum(y, 1) if args.cap else y) * args.scale


@NORMALISE_METHODS.register("dist_to_target", needs="targets")
def n_dist2targ(x, args, context):
    """``(x - min) / (target - min)`` with the framework's targets, capped at 1 if ``cap``, times ``scale``.

    Example
    -------
    >>> c = NormaliseContext(targets=np.array([3.0]))
    >>> n_dist2targ(np.array([[1.0], [2.0], [5.0]]), NormaliseArguments(scale=1), c).ravel().tolist()
    [0.0, 0.5, 1.0]
    """
    lo, _ = _range(x)
    y = (x - lo) / (context.targets - lo)
    return (np.minimum(y, 1) if args.cap else y) * args.scale


@NORMALISE_METHODS.register("goalposts", needs="goalposts")
def n_goalposts(x, args, context):
    """Fraction of the way from the low to the high goalpost, clipped to [0, 1] if ``cap``, times ``scale``.

    Example
    -------
    >>> c = NormaliseContext(goalposts=np.array([[0.0], [4.0]]))
    >>> n_goalposts(np.array([[1.0], [5.0]]), NormaliseArguments(scale=1), c).ravel().tolist()
    [0.25, 1.0]
    """
    y = (x - context.goalposts[0]) / (context.goalposts[1] - context.goalposts[0])
    return (np.clip(y, 0, 1) if args.cap else y) * args.scale


@NORMALISE_METHODS.register("none")
def n_none(x, args, context=None):
    """No normalisation (the direction is still applied)."""
    return x.copy()


@dataclass(frozen=True)
class NormaliseArguments(StepArguments):
    """Arguments of :func:`normalise`.

    Parameters
    ----------
    method : str
        Name in :data:`NORMALISE_METHODS`: ``minmax``, ``zscore``, ``rank``, ``borda``, ``percentile_rank``,
        ``fracmax``, ``scaled``, ``dist_to_max``, ``dist_to_ref``, ``dist_to_target``, ``goalposts``, ``none``.
    lower, upper : float
        Range of ``minmax``.
    mean, sd : float
        Mean and standard deviation of ``zscore``.
    scale : float
        Factor of ``percentile_rank``, ``scaled`` and the distance methods.
    bounds : tuple of two floats
        ``(l, h)`` of ``scaled``.
    reference_unit : str, optional
        Unit of ``dist_to_ref``.
    goalposts : dict, optional
        ``{code: (low, high)}`` in original units for ``goalposts``.
    cap : bool
        Cap the distance methods at 1 (clip goalposts to [0, 1]).
    indicator_specs : dict, optional
        ``{code: {argument: value}}``: another method or parameters for one indicator (COINr's ``indiv_specs``).

    Example
    -------
    >>> NormaliseArguments(method="zscore", sd=0)
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'normalise', argument 'sd': expected a number > 0, got 0
    """

    step: ClassVar[str] = "normalise"
    method: str = "minmax"
    lower: float = 0.0
    upper: float = 100.0
    mean: float = 0.0
    sd: float = 1.0
    scale: float = 100.0
    bounds: tuple = (0.0, 100.0)
    reference_unit: str | None = None
    goalposts: dict | None = None
    cap: bool = True
    indicator_specs: dict | None = None
    _specs: dict = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        check_choice(self, "method", NORMALISE_METHODS)
        for name in ("lower", "upper", "mean", "scale"):
            check_number(self, name)
        check_number(self, "sd")
        if self.sd <= 0:
            raise StepError(f"build step 'normalise', argument 'sd': expected a number > 0, got {self.sd!r}")
        if (not isinstance(self.bounds, (tuple, list)) or len(self.bounds) != 2
                or not all(isinstance(b, (int, float)) for b in self.bounds) or self.bounds[0] == self.bounds[1]):
            raise StepError(f"build step 'normalise', argument 'bounds': expected two different numbers (l, h), "
                            f"got {self.bounds!r}")
        check_type(self, "cap", (bool, np.bool_), "True or False")
        check_type(self, "reference_unit", str, "a unit code", optional=True)
        check_type(self, "goalposts", dict, "a dict {indicator: (low, high)}", optional=True)
        needs = NORMALISE_METHODS.properties(self.method).get("needs")
        if needs == "reference" and self.reference_unit is None:
            raise StepError("build step 'normalise', argument 'reference_unit': method 'dist_to_ref' needs a "
                            "reference unit, got None")
        if needs == "goalposts" and self.goalposts is None:
            raise StepError("build step 'normalise', argument 'goalposts': method 'goalposts' needs "
                            "{indicator: (low, high)}, got None")
        check_type(self, "indicator_specs", dict, "a dict {indicator: {argument: value}}", optional=True)
        specs = {}
        for code, spec in (self.indicator_specs or {}).items():
            if not isinstance(spec, dict) or "indicator_specs" in spec:
                raise StepError(f"build step 'normalise', argument 'indicator_specs': the specification of '{code}' "
                                f"must be a dict of normalise arguments (without indicator_specs), got {spec!r}")
            base = {k: v for k, v in self.as_dict().items() if k != "indicator_specs"}
            specs[code] = NormaliseArguments.from_mapping({**base, **spec})
        object.__setattr__(self, "_specs", specs)

    def for_indicator(self, code: str) -> "NormaliseArguments":
        """The arguments that normalise indicator ``code``."""
        return self._specs.get(code, self)


def normalise_array(x: np.ndarray, method: str = "minmax", context: NormaliseContext | None = None,
                    **arguments) -> np.ndarray:
    """Normalise the columns of ``x`` (units x indicators, directions already applied) with one method.

    Example
    -------
    >>> normalise_array(np.array([[1.0], [2.0], [3.0]]), "minmax", lower=1, upper=100).ravel().tolist()
    [1.0, 50.5, 100.0]
    """
    args = NormaliseArguments.from_mapping({"method": method, **arguments})
    with np.errstate(invalid="ignore", divide="ignore"):
        return NORMALISE_METHODS[args.method](np.asarray(x, float), args, context or NormaliseContext())


def _context(args: NormaliseArguments, data: CompositeData, framework: Framework, x: np.ndarray, codes,
             direction: np.ndarray) -> NormaliseContext:
    needs = NORMALISE_METHODS.properties(args.method).get("needs")
    if needs == "reference":
        if args.reference_unit not in data.units:
            raise StepError(f"normalise: reference_unit '{args.reference_unit}' not among the units")
        return NormaliseContext(reference=x[data.units.get_loc(args.reference_unit)])
    if needs == "targets":
        targets = framework.table.set_index("code")["target"].reindex(codes).to_numpy(float)
        if np.isnan(targets).any():
            raise StepError(f"normalise: indicators without a target: "
                            f"{[c for c, t in zip(codes, targets) if np.isnan(t)]}")
        return NormaliseContext(targets=targets * direction)
    if needs == "goalposts":
        missing = [c for c in codes if c not in args.goalposts]
        if missing:
            raise StepError(f"normalise: goalposts missing for {missing}")
        posts = np.array([args.goalposts[c] for c in codes], float).T * direction
        # With direction -1 the low post of the reversed scale is the (negated) high post.
        return NormaliseContext(goalposts=np.where(direction < 0, posts[::-1], posts))
    return NormaliseContext()


def apply_normalise(data: CompositeData, framework: Framework, args: NormaliseArguments):
    """Run the step with validated arguments; see :func:`normalise`."""
    codes = list(data.columns)
    direction = framework.direction_array(codes)
    x = data.array * direction
    blocks = {}  # arguments -> columns (one block unless indicators have their own specification)
    for j, code in enumerate(codes):
        spec = args.for_indicator(code)
        blocks.setdefault(id(spec), (spec, []))[1].append(j)
    if len(blocks) == 1:
        y = _normalise_block(x, args, data, framework, codes, direction)
    else:
        y = np.empty_like(x)
        for spec, cols in blocks.values():
            cols = np.asarray(cols)
            y[:, cols] = _normalise_block(x[:, cols], spec, data, framework, [codes[j] for j in cols],
                                          direction[cols])
    methods = {codes[j]: spec.method for spec, cols in blocks.values() for j in cols}
    return data.with_array(y), Report({"method": args.method, "methods": methods})


def _normalise_block(x, args, data, framework, codes, direction):
    context = _context(args, data, framework, x, codes, direction)
    with np.errstate(invalid="ignore", divide="ignore"):
        return NORMALISE_METHODS[args.method](x, args, context)


def normalise(data: CompositeData, framework: Framework, **arguments):
    """Bring indicators to a common scale, after multiplying each by its direction (1 or -1).

    Arguments as :class:`NormaliseArguments`.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None],
    ...                              "direction": [-1, 1]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0]}, index=["A", "B"]))
    >>> normalise(d, fw)[0].values["x"].tolist()
    [100.0, 0.0]
    """
    return apply_normalise(data, framework, NormaliseArguments.from_mapping(arguments))
