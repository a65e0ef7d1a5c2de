"""Build step ``treat``: outlier treatment indicator by indicator (COINr's ``Treat`` with its default rule).

An indicator fails the pass check when |skew| >= a threshold and kurtosis >= a threshold; a failing indicator is
winsorised (at most ``winmax`` points, until winsorising's own thresholds pass) and, if it still fails the pass
check, transformed by a function found by name in :data:`TRANSFORMS` (``log_ct``, ``log_gii``, ``boxcox``,
``none``). As in COINr, the pass check (``f_pass_para``) and winsorising (``f1_para``) may have thresholds of
their own. Each indicator can have its own specification (COINr's ``indiv_specs``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd

from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.registry import (MethodRegistry, StepArguments, check_choice, check_number, check_type)
from innovlib.composite.statistics import column_moments

TRANSFORMS = MethodRegistry("treat")


def _fails(skew: np.ndarray, kurt: np.ndarray, skew_threshold: float, kurtosis_threshold: float) -> np.ndarray:
    """COINr's rule, per column: fails when |skew| >= threshold AND kurtosis >= threshold (nan moments never fail)."""
    with np.errstate(invalid="ignore"):
        return (np.abs(skew) >= skew_threshold) & (kurt >= kurtosis_threshold)


def winsorise_columns(x: np.ndarray, winmax: int | None = 5, skew_threshold: float = 2.0,
                      kurtosis_threshold: float = 3.5):
    """Winsorise every column of ``x`` (units x indicators) as :func:`winsorise` does, all columns at once.

    Each round replaces, in every column that still fails the skew/kurtosis rule and is below ``winmax``, the
    most extreme value on its skewed side by the next value on that side.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray)
        Treated values, points winsorised per column, mask of changed points, and the skewness and kurtosis
        of the treated columns.

    Example
    -------
    >>> x = np.column_stack([[1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100], [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]])
    >>> y, n, changed, skew, kurt = winsorise_columns(x, winmax=5)
    >>> y.max(axis=0).tolist(), n.tolist()
    ([9.0, 10.0], [1, 0])
    """
    x = np.array(x, float)
    changed = np.zeros(x.shape, bool)
    n_win = np.zeros(x.shape[1], int)
    skew, kurt = column_moments(x)
    limit = np.inf if winmax is None else winmax
    cols = np.flatnonzero(_fails(skew, kurt, skew_threshold, kurtosis_threshold) & (n_win < limit))
    # Work on the still active columns only (xs, cs, ss = their values, changed points and skewness).
    xs, cs, ss = x[:, cols], changed[:, cols], skew[cols]
    while cols.size:
        # Mirror left-skewed columns so that the extreme to replace is always the column maximum.
        sign = np.where(ss >= 0, 1.0, -1.0)
        z = xs * sign
        extreme = z == np.fmax.reduce(z, axis=0)  # fmax skips missing values
        runner_up = np.fmax.reduce(np.where(extreme, -np.inf, z), axis=0)
        movable = runner_up > -np.inf  # a column with no other distinct value has nothing to winsorise towards
        hit = extreme & movable
        xs = np.where(hit, runner_up * sign, xs)
        cs = cs | hit
        ns = cs.sum(axis=0)
        ss, ks = column_moments(xs)
        x[:, cols], changed[:, cols], n_win[cols], skew[cols], kurt[cols] = xs, cs, ns, ss, ks
        still = movable & _fails(ss, ks, skew_threshold, kurtosis_threshold) & (ns < limit)
        if not still.all():
            cols, xs, cs, ss = cols[still], xs[:, still], cs[:, still], ss[still]
    return x, n_win, changed, skew, kurt


def winsorise(x: np.ndarray, winmax: int | None = 5, skew_threshold: float = 2.0, kurtosis_threshold: float = 3.5):
    """Winsorise the most extreme value (on the skewed side) repeatedly until the skew/kurtosis rule passes.

    Parameters
    ----------
    winmax : int or None
        Stop once this many points have been winsorised (None: no limit). Points tied at an extreme are
        replaced together, so the count can overshoot ``winmax``. COINr 1.1 counts the points at the latest
        replaced extreme(s); because earlier winsorised points join that tie, this equals the number of
        distinct points changed, which is what is counted here.

    Returns
    -------
    (numpy.ndarray, int, numpy.ndarray)
        Treated values, points winsorised (per the count rule), and a boolean mask of changed points.

    Example
    -------
    >>> y, n, changed = winsorise(np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]), winmax=5)
    >>> float(y.max()), n
    (9.0, 1)
    """
    y, n_win, changed, _, _ = winsorise_columns(np.asarray(x, float)[:, None], winmax, skew_threshold,
                                                kurtosis_threshold)
    return y[:, 0], int(n_win[0]), changed[:, 0]


@TRANSFORMS.register("log_ct")
def log_ct(x: np.ndarray, args=None) -> np.ndarray:
    """COIN Tool log transform: ``log(x - min + 0.01 * (max - min))``, per column of a 2-D ``x``.

    Example
    -------
    >>> np.round(log_ct(np.array([0.0, 1.0, 100.0])), 4).tolist()
    [0.0, 0.6931, 4.6151]
    """
    lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    return np.log(x - lo + 0.01 * (hi - lo))


@TRANSFORMS.register("log_gii")
def log_gii(x: np.ndarray, args=None) -> np.ndarray:
    """GII scaled log: ``log((max - 1) * (x - min) / (max - min) + 1)``, mapping [min, max] to [0, log(max)].

    Applied per column of a 2-D ``x``.

    (COINr 1.1's ``log_GII`` computes this but returns the untreated vector; this one returns the transform.)

    Example
    -------
    >>> np.round(log_gii(np.array([0.0, 5.0, 10.0])), 4).tolist()
    [0.0, 1.7047, 2.3026]
    """
    lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    return np.log((hi - 1) * (x - lo) / (hi - lo) + 1)


@TRANSFORMS.register("boxcox")
def boxcox(x: np.ndarray, args=None, *, lam: float | None = None, make_positive: bool | None = None) -> np.ndarray:
    """Box-Cox transform per column: ``(x**lam - 1) / lam`` (``log(x)`` if ``lam == 0``), COINr's ``boxcox``.

    With ``make_positive`` (default, as COINr's ``makepos = TRUE``) each column is first shifted to
    ``x - min + 1``. ``lam`` and ``make_positive`` default to ``args.boxcox_lambda`` and
    ``args.boxcox_make_positive``.

    Example
    -------
    >>> boxcox(np.array([[1.0], [2.0], [4.0]]), lam=2).ravel().tolist()  # (1, 2, 4) -> (1, 2, 4) -> (0, 1.5, 7.5)
    [0.0, 1.5, 7.5]
    >>> boxcox(np.array([[3.0], [5.0]]), lam=0, make_positive=False).ravel().round(4).tolist()
    [1.0986, 1.6094]
    """
    lam = args.boxcox_lambda if lam is None else lam
    if make_positive is None:
        make_positive = args.boxcox_make_positive if args is not None else True
    if make_positive:
        x = x - np.nanmin(x, axis=0) + 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log(x) if lam == 0 else (x ** lam - 1) / lam


@TRANSFORMS.register("none")
def no_transform(x: np.ndarray, args=None) -> None:
    """No transform: a failing indicator is only winsorised."""
    return None


@dataclass(frozen=True)
class TreatArguments(StepArguments):
    """Arguments of :func:`treat`.

    Parameters
    ----------
    winmax : int or None
        Most points winsorised per indicator (None: no limit).
    skew_threshold, kurtosis_threshold : float
        Winsorising's thresholds (COINr's ``f1_para``): it goes on while |skew| >= ``skew_threshold`` and
        kurtosis >= ``kurtosis_threshold``. They are also the pass check's unless that has its own.
    pass_skew_threshold, pass_kurtosis_threshold : float, optional
        The pass check's thresholds (COINr's ``f_pass_para``), if they differ from winsorising's: an indicator
        is treated when |skew| >= ``pass_skew_threshold`` and kurtosis >= ``pass_kurtosis_threshold``, and
        transformed when it still fails them after winsorising. None: ``skew_threshold`` /
        ``kurtosis_threshold``.
    transform : str
        Name in :data:`TRANSFORMS` applied when winsorising is not enough.
    combine : bool
        Transform the winsorised values (True) or the original ones (False, COINr's default).
    skip : tuple of str
        Indicators never treated.
    boxcox_lambda : float, optional
        Lambda of the ``boxcox`` transform (required with it).
    boxcox_make_positive : bool
        Shift each column to ``x - min + 1`` before the Box-Cox transform (COINr's ``makepos``).
    indicator_specs : dict, optional
        ``{code: {argument: value}}`` overriding the arguments above for one indicator, or ``{code: "none"}`` to
        leave it untreated (COINr's ``indiv_specs``).

    Example
    -------
    >>> args = TreatArguments(pass_skew_threshold=1.0)
    >>> args.pass_thresholds(), (args.skew_threshold, args.kurtosis_threshold)
    ((1.0, 3.5), (2.0, 3.5))
    >>> TreatArguments(transform="boxcox")
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'treat', argument 'boxcox_lambda': expected a number (required by transform 'boxcox'), got None
    """

    step: ClassVar[str] = "treat"
    winmax: int | None = 5
    skew_threshold: float = 2.0
    kurtosis_threshold: float = 3.5
    pass_skew_threshold: float | None = None
    pass_kurtosis_threshold: float | None = None
    transform: str = "log_ct"
    combine: bool = False
    skip: tuple = ()
    boxcox_lambda: float | None = None
    boxcox_make_positive: bool = True
    indicator_specs: dict | None = None
    _specs: dict = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        check_number(self, "winmax", low=0, integer=True, optional=True)
        check_number(self, "skew_threshold")
        check_number(self, "kurtosis_threshold")
        check_number(self, "pass_skew_threshold", optional=True)
        check_number(self, "pass_kurtosis_threshold", optional=True)
        check_choice(self, "transform", TRANSFORMS)
        check_type(self, "combine", (bool, np.bool_), "True or False")
        check_type(self, "skip", (tuple, list), "a tuple of indicator codes")
        check_type(self, "boxcox_make_positive", (bool, np.bool_), "True or False")
        if self.transform == "boxcox":
            if self.boxcox_lambda is None:
                raise StepError("build step 'treat', argument 'boxcox_lambda': expected a number (required by "
                                "transform 'boxcox'), got None")
            check_number(self, "boxcox_lambda")
        check_type(self, "indicator_specs", dict, "a dict {indicator: {argument: value} or 'none'}", optional=True)
        specs = {}
        for code, spec in (self.indicator_specs or {}).items():
            if isinstance(spec, str) and spec == "none":
                specs[code] = None
                continue
            if not isinstance(spec, dict) or "indicator_specs" in spec:
                raise StepError(f"build step 'treat', argument 'indicator_specs': the specification of '{code}' must "
                                f"be 'none' or a dict of treat arguments (without indicator_specs), got {spec!r}")
            base = {k: v for k, v in self.as_dict().items() if k != "indicator_specs"}
            specs[code] = TreatArguments.from_mapping({**base, **spec})
        object.__setattr__(self, "_specs", specs)

    def pass_thresholds(self) -> tuple[float, float]:
        """The (skewness, kurtosis) thresholds of the pass check."""
        skew = self.skew_threshold if self.pass_skew_threshold is None else self.pass_skew_threshold
        kurt = self.kurtosis_threshold if self.pass_kurtosis_threshold is None else self.pass_kurtosis_threshold
        return skew, kurt

    def for_indicator(self, code: str) -> "TreatArguments | None":
        """The arguments that treat indicator ``code`` (None: left untreated)."""
        if code in self.skip:
            return None
        return self._specs.get(code, self)


def _treat_block(x: np.ndarray, args: TreatArguments):
    """Treat the columns of ``x`` with one set of arguments.

    Returns (treated values, treated-column mask, points winsorised, changed-point mask, transformed-column mask).
    """
    skew0, kurt0 = column_moments(x)
    pass_skew, pass_kurt = args.pass_thresholds()
    # COINr's pass check; a column without skew/kurtosis (too few values, no spread) is left untreated.
    treated = _fails(skew0, kurt0, pass_skew, pass_kurt)
    cols = np.flatnonzero(treated)
    # Winsorising checks its own thresholds, first and after each round (a column passing them is left as it is).
    xw, n_win, changed, skew_w, kurt_w = winsorise_columns(x[:, cols], args.winmax, args.skew_threshold,
                                                           args.kurtosis_threshold)
    # Still failing the pass check (or without moments left): transform instead, or on top if ``combine``.
    transformed = _fails(skew_w, kurt_w, pass_skew, pass_kurt) | np.isnan(skew_w) | np.isnan(kurt_w)
    if args.transform == "none":
        transformed[:] = False
    t = np.flatnonzero(transformed)
    y = x.copy()
    y[:, cols] = xw
    if t.size:
        y[:, cols[t]] = TRANSFORMS[args.transform](xw[:, t] if args.combine else x[:, cols[t]], args)
    if not args.combine:
        n_win[t] = 0
        changed[:, t] = False
    n_all = np.zeros(x.shape[1], int)
    n_all[cols] = n_win
    changed_all = np.zeros(x.shape, bool)
    changed_all[:, cols] = changed
    transformed_all = np.zeros(x.shape[1], bool)
    transformed_all[cols[t]] = True
    return y, treated, n_all, changed_all, transformed_all


def apply_treat(data: CompositeData, framework: Framework, args: TreatArguments):
    """Run the step with validated arguments; see :func:`treat`."""
    x = data.array
    codes = list(data.columns)
    blocks = {}  # arguments -> columns they treat (one block in the common case of no per-indicator specs)
    for j, code in enumerate(codes):
        spec = args.for_indicator(code)
        if spec is not None:
            blocks.setdefault(id(spec), (spec, []))[1].append(j)
    out = x.copy()
    treated = np.zeros(len(codes), bool)
    n_win = np.zeros(len(codes), int)
    changed = np.zeros(x.shape, bool)
    transform = np.full(len(codes), "", dtype=object)
    combined = np.zeros(len(codes), bool)
    for spec, cols in blocks.values():
        cols = np.asarray(cols)
        whole = cols.size == len(codes)
        y, tr, n, ch, tf = _treat_block(x if whole else x[:, cols], spec)
        out[:, cols], treated[cols], n_win[cols], changed[:, cols] = y, tr, n, ch
        transform[cols[tf]] = spec.transform
        combined[cols] = spec.combine
    return data.with_array(out), Report(lazy={
        "table": lambda: _treat_table(codes, x, out, treated, n_win, transform),
        "points": lambda: _treat_points(data, x, changed, transform, combined)})


def _treat_table(codes, x, y, treated, n_win, transform) -> pd.DataFrame:
    """Per indicator: skew and kurtosis before/after, points winsorised, transform, whether treated."""
    skew0, kurt0 = column_moments(x)
    skew1, kurt1 = column_moments(y)
    return pd.DataFrame({"skew": skew0, "kurtosis": kurt0, "n_winsorised": n_win,
                         "transform": transform.tolist(), "treated": treated, "skew_after": skew1,
                         "kurtosis_after": kurt1}, index=pd.Index(codes, name="code"))


def _treat_points(data, x, changed, transform, combined) -> pd.DataFrame:
    """Per unit and indicator: "winhi"/"winlo" for winsorised points, the transform's name for transformed ones."""
    skew0, _ = column_moments(x)
    points = np.where(changed, np.where(skew0 >= 0, "winhi", "winlo"), "").astype(object)
    for j in np.flatnonzero(transform != ""):
        present = ~np.isnan(x[:, j])
        points[present, j] = [p + "+" + transform[j] for p in points[present, j]] if combined[j] else transform[j]
    return pd.DataFrame(points, index=data.units, columns=list(data.columns), dtype=object)


def treat(data: CompositeData, framework: Framework, **arguments):
    """Treat outliers indicator by indicator (COINr/COIN Tool rule); arguments as :class:`TreatArguments`.

    An indicator fails the pass check when |skew| >= ``skew_threshold`` and kurtosis >= ``kurtosis_threshold``
    (or the ``pass_*`` thresholds when given). A failing indicator is winsorised up to ``winmax`` points, while
    it fails winsorising's thresholds (``skew_threshold``, ``kurtosis_threshold``); if it still fails the pass
    check, ``transform`` is applied to the *original* values (or to the winsorised ones if ``combine``).
    Indicators with fewer than 4 values or no spread are left untreated.

    Returns
    -------
    (CompositeData, Report)
        The report's ``"table"`` lists per indicator the skew and kurtosis before/after, points winsorised and
        the transform applied; ``"points"`` (object dtype) marks treated points ("winhi"/"winlo"/transform name).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]}))
    >>> out, rep = treat(d, fw, winmax=1)
    >>> float(out.values["x"].max()), int(rep["table"].loc["x", "n_winsorised"])
    (9.0, 1)
    """
    return apply_treat(data, framework, TreatArguments.from_mapping(arguments))
