"""Build steps of a composite indicator, each a pure function.

Every step takes a :class:`CompositeData` (unit values + unit metadata) and a :class:`Framework` and returns
a new :class:`CompositeData` plus a :class:`Report` (a mapping whose tables are built when first read).
Values are handled as numpy arrays with one row per unit and one column per indicator, and every step is
vectorised over units and indicators; DataFrames are built only for reports and on request.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from innovlib.composite.framework import Framework


class StepError(ValueError):
    """A build step that cannot run on its input (bad argument, missing column, invalid values)."""


class Report(Mapping):
    """A step's report: a read-only mapping whose costly entries are built on first access.

    Uncertainty analysis replays a build many times and never reads the reports, so steps pass their
    tables as functions (``lazy``) rather than building them on every run.

    Example
    -------
    >>> r = Report({"n": 1}, lazy={"table": lambda: pd.DataFrame({"x": [1.0]})})
    >>> r["n"], r["table"].shape, sorted(r)
    (1, (1, 1), ['n', 'table'])
    """

    def __init__(self, values: dict | None = None, lazy: dict | None = None):
        self._values = dict(values or {})
        self._lazy = dict(lazy or {})

    def __getitem__(self, key):
        if key not in self._values and key in self._lazy:
            self._values[key] = self._lazy.pop(key)()
        return self._values[key]

    def __iter__(self):
        return iter([*self._values, *self._lazy])

    def __len__(self):
        return len(self._values) + len(self._lazy)

    def __repr__(self):
        return f"Report({sorted(self)})"


class CompositeData:
    """Unit-level data flowing through a build: a float array (units x columns) plus unit metadata.

    Steps work on ``array`` (read-only, so that builds can share intermediate data safely) and create new
    objects with :meth:`with_array`; ``values`` gives the same numbers as a DataFrame, built on first use.

    Parameters
    ----------
    values : pandas.DataFrame
        Index = unit codes, columns = indicator codes (and, after aggregation, aggregate codes).
    meta : pandas.DataFrame, optional
        Index = unit codes; group columns and denominators (anything that is not an indicator).

    Attributes
    ----------
    array : numpy.ndarray
        Values, units x columns (read-only).
    units : pandas.Index
        Unit codes.
    columns : tuple of str
        Column codes.
    meta : pandas.DataFrame
        Unit metadata.

    Example
    -------
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
    >>> d.values.shape, d.array.tolist()
    ((2, 1), [[1.0], [2.0]])
    """

    def __init__(self, values: pd.DataFrame, meta: pd.DataFrame | None = None):
        meta = pd.DataFrame(index=values.index) if meta is None or (meta.empty and len(meta.columns) == 0) else meta
        self._set(values.to_numpy(float), values.index, values.columns, meta)

    def _set(self, array, units, columns, meta):
        array = np.array(array, float)  # a private copy, frozen below
        array.flags.writeable = False
        self.array, self.meta = array, meta
        self.units = units if isinstance(units, pd.Index) else pd.Index(units)
        self.columns = tuple(columns)
        self._values = None

    @classmethod
    def from_array(cls, array: np.ndarray, units, columns, meta: pd.DataFrame) -> "CompositeData":
        """Wrap an array (units x columns) without building a DataFrame.

        Example
        -------
        >>> CompositeData.from_array(np.ones((1, 2)), ["A"], ["x", "y"], pd.DataFrame(index=["A"])).values.sum().sum()
        np.float64(2.0)
        """
        data = cls.__new__(cls)
        data._set(array, units, columns, meta)
        return data

    def with_array(self, array: np.ndarray, columns=None) -> "CompositeData":
        """The same units and metadata with new values (and optionally new columns)."""
        return CompositeData.from_array(array, self.units, self.columns if columns is None else columns, self.meta)

    @property
    def values(self) -> pd.DataFrame:
        """The values as a DataFrame (index = units, columns = codes); a copy, built once."""
        if self._values is None:
            self._values = pd.DataFrame(self.array.copy(), index=self.units, columns=list(self.columns))
        return self._values

    @classmethod
    def from_table(cls, table: pd.DataFrame, framework: Framework, unit: str) -> "CompositeData":
        """Split a wide table (one row per unit) into indicator values and unit metadata.

        Example
        -------
        >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
        >>> d = CompositeData.from_table(pd.DataFrame({"id": ["A"], "x": [1.0], "grp": ["g"]}), fw, "id")
        >>> list(d.meta.columns)
        ['grp']
        """
        if unit not in table.columns:
            raise StepError(f"table: unit column '{unit}' not found (columns: {list(table.columns)})")
        if table[unit].duplicated().any():
            raise StepError(f"table, column '{unit}': duplicated unit codes {sorted(set(table[unit][table[unit].duplicated()]))}")
        missing = [c for c in framework.indicators if c not in table.columns]
        if missing:
            raise StepError(f"table: indicator columns {missing} of the framework are missing")
        t = table.set_index(unit)
        values = t[framework.indicators].apply(pd.to_numeric, errors="raise").astype(float)
        meta = t[[c for c in t.columns if c not in framework.indicators]]
        return cls(values, meta)


# ---------------------------------------------------------------------------------------------------------
# denominate


def denominate(data: CompositeData, framework: Framework, denominators: pd.DataFrame | None = None):
    """Divide each indicator that has a ``denominator`` in the framework by that unit-level quantity.

    Denominators are looked up in ``denominators`` (index = unit) if given, else in ``data.meta``.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None],
    ...                              "denominator": ["pop", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [10.0]}, index=["A"]), pd.DataFrame({"pop": [4.0]}, index=["A"]))
    >>> float(denominate(d, fw)[0].values.loc["A", "x"])
    2.5
    """
    source = data.meta if denominators is None else denominators
    if not source.index.equals(data.units):
        source = source.reindex(data.units)
    x = data.array.copy()
    column = {c: j for j, c in enumerate(data.columns)}
    done, divisors = {}, {}
    for code, den in framework.denominators().items():
        if code not in column:
            continue
        if den not in source.columns:
            raise StepError(f"denominate: denominator column '{den}' of indicator '{code}' not found")
        if den not in divisors:
            divisors[den] = pd.to_numeric(source[den], errors="coerce").to_numpy(float)
        x[:, column[code]] /= divisors[den]
        done[code] = den
    return data.with_array(x), Report({"denominated": done})


# ---------------------------------------------------------------------------------------------------------
# impute

_IMPUTE_METHODS = ("mean", "median", "group_mean", "group_median")


def impute(data: CompositeData, framework: Framework, method: str = "mean", group: str | None = None):
    """Fill missing indicator values with the column mean/median, overall or within a unit group.

    Units whose group label is missing are left as they are (as COINr's ``i_mean_grp``).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, np.nan, 3.0]}, index=list("ABC")))
    >>> impute(d, fw, "mean")[0].values["x"].tolist()
    [1.0, 2.0, 3.0]
    """
    if method not in _IMPUTE_METHODS:
        raise StepError(f"impute: method '{method}' unknown; expected one of {_IMPUTE_METHODS}")
    x = data.array.copy()
    missing_before = np.isnan(x)
    stat = np.nanmean if method.endswith("mean") else np.nanmedian
    if method.startswith("group"):
        if group is None or group not in data.meta.columns:
            raise StepError(f"impute: method '{method}' needs a group column of the unit metadata, got {group!r}")
        groups, labels = pd.factorize(data.meta[group].reindex(data.units))  # missing label: -1, left as is
        for g in range(len(labels)):
            rows = groups == g
            x[rows] = _fill_columns(x[rows], stat)
    else:
        x = _fill_columns(x, stat)
    filled = missing_before & ~np.isnan(x)
    report = Report({"n_imputed": int(filled.sum())},
                    lazy={"imputed": lambda: pd.DataFrame(filled, index=data.units, columns=list(data.columns))})
    return data.with_array(x), report


def _fill_columns(x: np.ndarray, stat) -> np.ndarray:
    with np.errstate(all="ignore"), _quiet():
        centre = stat(x, axis=0)
    return np.where(np.isnan(x), centre[None, :], x)


class _quiet:
    """Silence numpy's 'mean of empty slice' warning: an all-missing column simply stays missing."""

    def __enter__(self):
        import warnings
        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


# ---------------------------------------------------------------------------------------------------------
# screen


def screen(data: CompositeData, framework: Framework, min_availability: float = 2 / 3, by: str = "na",
           min_nonzero: float = 0.05, force: dict[str, bool] | None = None):
    """Drop units whose share of available (non-missing) or non-zero indicator values is too low.

    Parameters
    ----------
    by : {"na", "zeros", "na_and_zeros"}
        Which rule excludes a unit (COINr's ``byNA``, ``byzeros``, ``byNAandzeros``).
    force : dict, optional
        ``{unit: True/False}`` to force a unit in or out.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, np.nan], "y": [1.0, np.nan]}, index=["A", "B"]))
    >>> screen(d, fw, 0.5)[0].values.index.tolist()
    ['A']
    """
    if by not in ("na", "zeros", "na_and_zeros"):
        raise StepError(f"screen: by='{by}' unknown; expected 'na', 'zeros' or 'na_and_zeros'")
    if not 0 <= min_availability <= 1:
        raise StepError(f"screen: min_availability must be in [0, 1], got {min_availability}")
    x = data.array
    n = x.shape[1]
    availability = (~np.isnan(x)).sum(axis=1) / n
    nonzero = ((x != 0) & ~np.isnan(x)).sum(axis=1) / n
    low_data = availability < min_availability
    low_nonzero = nonzero < min_nonzero
    excluded = {"na": low_data, "zeros": low_nonzero, "na_and_zeros": low_data | low_nonzero}[by]
    keep = ~excluded
    for unit, forced in (force or {}).items():
        if unit not in data.units:
            raise StepError(f"screen: forced unit '{unit}' not in the data")
        keep[data.units.get_loc(unit)] = bool(forced)
    meta = data.meta if data.meta.index.equals(data.units) else data.meta.reindex(data.units)
    summary = lambda: pd.DataFrame({"availability": availability, "nonzero": nonzero, "included": keep},
                                   index=data.units)
    return CompositeData.from_array(x[keep], data.units[keep], data.columns, meta[keep]), Report(
        {"removed": data.units[~keep].tolist()}, lazy={"summary": summary})


# ---------------------------------------------------------------------------------------------------------
# treat


def skewness(x: np.ndarray) -> float:
    """Sample skewness (type 2, as Excel, e1071 type 2 and COINr), ignoring missing values; nan if n < 3.

    Example
    -------
    >>> round(skewness(np.array([1.0, 2.0, 3.0, 10.0])), 4)
    1.7636
    """
    x = x[~np.isnan(x)]
    n = x.size
    if n < 3:
        return np.nan
    d = x - x.mean()
    m2 = np.sum(d ** 2)
    if m2 == 0:
        return np.nan
    return float(np.sqrt(n) * np.sum(d ** 3) / m2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: np.ndarray) -> float:
    """Sample excess kurtosis (type 2, as Excel and COINr), ignoring missing values; nan if n < 4.

    Example
    -------
    >>> round(kurtosis(np.array([1.0, 2.0, 3.0, 10.0])), 4)
    3.228
    """
    x = x[~np.isnan(x)]
    n = x.size
    if n < 4:
        return np.nan
    d = x - x.mean()
    m2 = np.sum(d ** 2)
    if m2 == 0:
        return np.nan
    r = n * np.sum(d ** 4) / m2 ** 2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def column_moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Skewness and kurtosis (as :func:`skewness`, :func:`kurtosis`) of every column of ``x`` at once.

    Example
    -------
    >>> s, k = column_moments(np.array([[1.0, 1], [2, 2], [3, 3], [10, np.nan]]))
    >>> np.round(s, 4).tolist(), np.round(k, 4).tolist()
    ([1.7636, 0.0], [3.228, nan])
    """
    present = ~np.isnan(x)
    complete = bool(present.all())  # the common case after imputation: no masking needed
    n = np.full(x.shape[1], float(x.shape[0])) if complete else present.sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (x if complete else np.where(present, x, 0.0)).sum(axis=0) / n
        d = x - mean if complete else np.where(present, x - mean, 0.0)
        d2 = d * d  # products, not powers: np.power with exponents 3 and 4 is several times slower
        m2, m3, m4 = d2.sum(axis=0), (d2 * d).sum(axis=0), (d2 * d2).sum(axis=0)
        skew = np.sqrt(n) * m3 / m2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * m4 / m2 ** 2
        kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    skew = np.where((n >= 3) & (m2 > 0), skew, np.nan)
    kurt = np.where((n >= 4) & (m2 > 0), kurt, np.nan)
    return skew, kurt


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


def log_ct(x: np.ndarray) -> np.ndarray:
    """COIN Tool log transform: ``log(x - min + 0.01 * (max - min))``, per column of a 2-D ``x``.

    Example
    -------
    >>> np.round(log_ct(np.array([0.0, 1.0, 100.0])), 4).tolist()
    [0.0, 0.6931, 4.6151]
    """
    lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    return np.log(x - lo + 0.01 * (hi - lo))


def log_gii(x: np.ndarray) -> np.ndarray:
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


_TRANSFORMS = {"log_ct": log_ct, "log_gii": log_gii, "none": None}


def treat(data: CompositeData, framework: Framework, winmax: int | None = 5, skew_threshold: float = 2.0,
          kurtosis_threshold: float = 3.5, transform: str = "log_ct", combine: bool = False,
          skip: tuple[str, ...] = ()):
    """Treat outliers indicator by indicator (COINr/COIN Tool rule).

    An indicator fails when |skew| >= ``skew_threshold`` and kurtosis >= ``kurtosis_threshold``. A failing
    indicator is winsorised up to ``winmax`` points; if it still fails, ``transform`` is applied to the
    *original* values (or to the winsorised ones if ``combine``). Indicators with fewer than 4 values or no
    spread are left untreated.

    Returns
    -------
    (CompositeData, dict)
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
    if transform not in _TRANSFORMS:
        raise StepError(f"treat: transform '{transform}' unknown; expected one of {sorted(_TRANSFORMS)}")
    if winmax is not None and (int(winmax) != winmax or winmax < 0):
        raise StepError(f"treat: winmax must be a non-negative integer or None, got {winmax!r}")
    x = data.array
    codes = list(data.columns)
    skew0, kurt0 = column_moments(x)
    # COINr's rule; a column without skew/kurtosis (too few values, no spread) is left untreated.
    treated = _fails(skew0, kurt0, skew_threshold, kurtosis_threshold) & ~np.isin(codes, list(skip))
    cols = np.flatnonzero(treated)
    xw, n_win, changed, skew_w, kurt_w = winsorise_columns(x[:, cols], winmax, skew_threshold, kurtosis_threshold)
    # Still failing after winsorising (or without moments left): transform instead, or on top if ``combine``.
    transformed = _fails(skew_w, kurt_w, skew_threshold, kurtosis_threshold) | np.isnan(skew_w) | np.isnan(kurt_w)
    if _TRANSFORMS[transform] is None:
        transformed[:] = False
    t = np.flatnonzero(transformed)
    y = xw.copy()
    if t.size:
        y[:, t] = _TRANSFORMS[transform](xw[:, t] if combine else x[:, cols[t]])
    if not combine:
        n_win[t] = 0
        changed[:, t] = False
    out = x.copy()
    out[:, cols] = y
    return data.with_array(out), Report(lazy={
        "table": lambda: _treat_table(codes, skew0, kurt0, cols, y, n_win, t, transform),
        "points": lambda: _treat_points(data, x, cols, changed, skew0, t, transform, combine)})


def _treat_table(codes, skew0, kurt0, cols, y, n_win, t, transform) -> pd.DataFrame:
    """Per indicator: skew and kurtosis before/after, points winsorised, transform, whether treated."""
    skew_after, kurt_after = skew0.copy(), kurt0.copy()
    skew_after[cols], kurt_after[cols] = column_moments(y)
    n_winsorised = np.zeros(len(codes), int)
    n_winsorised[cols] = n_win
    transform_used = np.full(len(codes), "", dtype=object)
    transform_used[cols[t]] = transform
    treated = np.zeros(len(codes), bool)
    treated[cols] = True
    return pd.DataFrame({"skew": skew0, "kurtosis": kurt0, "n_winsorised": n_winsorised,
                         "transform": transform_used.tolist(), "treated": treated, "skew_after": skew_after,
                         "kurtosis_after": kurt_after}, index=pd.Index(codes, name="code"))


def _treat_points(data, x, cols, changed, skew0, t, transform, combine) -> pd.DataFrame:
    """Per unit and indicator: "winhi"/"winlo" for winsorised points, the transform's name for transformed ones."""
    points = np.full(x.shape, "", dtype=object)
    points[:, cols] = np.where(changed, np.where(skew0[cols] >= 0, "winhi", "winlo"), "")
    present = ~np.isnan(x[:, cols[t]])
    points[:, cols[t]] = np.where(present, points[:, cols[t]] + ("+" + transform if combine else transform),
                                  points[:, cols[t]])
    return pd.DataFrame(points, index=data.units, columns=list(data.columns), dtype=object)


# ---------------------------------------------------------------------------------------------------------
# normalise

NORMALISE_METHODS = ("minmax", "zscore", "rank", "percentile_rank", "dist_to_max", "dist_to_ref",
                     "dist_to_target", "goalposts", "none")


def normalise_array(x: np.ndarray, method: str = "minmax", lower: float = 0.0, upper: float = 100.0,
                    mean: float = 0.0, sd: float = 1.0, scale: float = 100.0, reference: np.ndarray | None = None,
                    targets: np.ndarray | None = None, goalposts: np.ndarray | None = None,
                    cap: bool = True) -> np.ndarray:
    """Normalise the columns of ``x`` (units x indicators, directions already applied).

    ``reference`` is one value per column (distance to a reference unit), ``targets`` one per column,
    ``goalposts`` an array (2, n_columns) of (low, high) posts. See :func:`normalise` for the methods.

    Example
    -------
    >>> normalise_array(np.array([[1.0], [2.0], [3.0]]), "minmax", 1, 100).ravel().tolist()
    [1.0, 50.5, 100.0]
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        lo, hi = np.fmin.reduce(x, axis=0), np.fmax.reduce(x, axis=0)  # as nanmin/nanmax, without the overhead
        if method == "minmax":
            return (x - lo) / (hi - lo) * (upper - lower) + lower
        if method == "zscore":
            # np.nanmean / np.nanstd(ddof=1), computed the same way without their overhead.
            present = ~np.isnan(x)
            n = present.sum(axis=0)
            centre = np.where(present, x, 0.0).sum(axis=0) / n
            d = np.where(present, x - centre, 0.0)
            return (x - centre) / np.sqrt((d * d).sum(axis=0) / (n - 1)) * sd + mean
        if method == "rank":
            return pd.DataFrame(x).rank(method="min", na_option="keep").to_numpy(float)
        if method == "percentile_rank":
            r = pd.DataFrame(x).rank(method="min", na_option="keep").to_numpy(float)
            n = (~np.isnan(x)).sum(axis=0)
            return (r - 1) / (n - 1) * scale
        if method == "dist_to_max":
            return (1 - (hi - x) / (hi - lo)) * scale
        if method == "dist_to_ref":
            y = 1 - (reference - x) / (reference - lo)
            return (np.minimum(y, 1) if cap else y) * scale
        if method == "dist_to_target":
            y = (x - lo) / (targets - lo)
            return (np.minimum(y, 1) if cap else y) * scale
        if method == "goalposts":
            y = (x - goalposts[0]) / (goalposts[1] - goalposts[0])
            return (np.clip(y, 0, 1) if cap else y) * scale
        if method == "none":
            return x.copy()
    raise StepError(f"normalise: method '{method}' unknown; expected one of {NORMALISE_METHODS}")


def normalise(data: CompositeData, framework: Framework, method: str = "minmax", lower: float = 0.0,
              upper: float = 100.0, mean: float = 0.0, sd: float = 1.0, scale: float = 100.0,
              reference_unit: str | None = None, goalposts: dict | None = None, cap: bool = True):
    """Bring indicators to a common scale, after multiplying each by its direction (1 or -1).

    Parameters
    ----------
    method : str
        ``"minmax"`` to [lower, upper]; ``"zscore"`` with the given mean and sd; ``"rank"`` (ties: min);
        ``"percentile_rank"`` ((rank - 1) / (n - 1) * scale); ``"dist_to_max"`` (1 - (max - x) / range, times
        scale); ``"dist_to_ref"`` (same, with ``reference_unit``'s value as the maximum, capped at 1 if ``cap``);
        ``"dist_to_target"`` ((x - min) / (target - min) with the framework's targets, capped); ``"goalposts"``
        ({code: (low, high)} in original units, clipped to [0, 1] if ``cap``, times scale); ``"none"``.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None],
    ...                              "direction": [-1, 1]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0]}, index=["A", "B"]))
    >>> normalise(d, fw)[0].values["x"].tolist()
    [100.0, 0.0]
    """
    if sd <= 0 and method == "zscore":
        raise StepError(f"normalise: sd must be > 0, got {sd}")
    codes = list(data.columns)
    direction = framework.direction_array(codes)
    x = data.array * direction
    kwargs = {}
    if method == "dist_to_ref":
        if reference_unit not in data.units:
            raise StepError(f"normalise: reference_unit '{reference_unit}' not among the units")
        kwargs["reference"] = x[data.units.get_loc(reference_unit)]
    if method == "dist_to_target":
        targets = framework.table.set_index("code")["target"].reindex(codes).to_numpy(float)
        if np.isnan(targets).any():
            raise StepError(f"normalise: indicators without a target: {[c for c, t in zip(codes, targets) if np.isnan(t)]}")
        kwargs["targets"] = targets * direction
    if method == "goalposts":
        missing = [c for c in codes if c not in (goalposts or {})]
        if missing:
            raise StepError(f"normalise: goalposts missing for {missing}")
        posts = np.array([goalposts[c] for c in codes], float).T * direction
        # With direction -1 the low post of the reversed scale is the (negated) high post.
        kwargs["goalposts"] = np.where(direction < 0, posts[::-1], posts)
    y = normalise_array(x, method, lower, upper, mean, sd, scale, cap=cap, **kwargs)
    return data.with_array(y), Report({"method": method})


# ---------------------------------------------------------------------------------------------------------
# aggregate

AGGREGATE_METHODS = ("arithmetic", "geometric", "harmonic", "generalised", "copeland")


class NonPositiveValuesError(StepError):
    """Geometric/harmonic aggregation met zero or negative values under the 'error' policy."""


def aggregate_array(x: np.ndarray, w: np.ndarray, method: str = "arithmetic", p: float | None = None,
                    nonpositive: str = "error", min_availability: float | None = None) -> np.ndarray:
    """Aggregate the last axis of ``x`` (..., units, children) with weights ``w`` (..., children).

    Missing values are skipped and the remaining weights renormalised. Leading axes broadcast, so many weight
    sets (replications) are aggregated in one call. This is :func:`aggregate_groups` with a single group.

    Parameters
    ----------
    nonpositive : {"error", "nan", "shift", "drop"}
        What to do when geometric (values <= 0), harmonic (values == 0) or generalised with p < 0 meet invalid
        values: raise :class:`NonPositiveValuesError` (COINr's behaviour), give that unit a missing score,
        shift the group's values so the minimum becomes 1 before aggregating, or give every unit of that
        leading slice of ``x`` (a configuration or replication in uncertainty analysis) a missing score.

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
    of every parent of one framework level (:meth:`Framework.aggregation_groups`). Each group is aggregated
    as :func:`aggregate_array` does; the result has shape (..., units, groups).

    Example
    -------
    >>> x = np.array([[1.0, 3.0, 2.0, 8.0]])  # groups (1, 3) and (2, 8)
    >>> aggregate_groups(x, np.ones(4), [0, 2], "arithmetic").tolist()
    [[2.0, 5.0]]
    >>> np.round(aggregate_groups(x, np.ones(4), [0, 2], "geometric"), 6).tolist()
    [[1.732051, 4.0]]
    """
    x = np.asarray(x, float)
    w = np.asarray(w, float)[..., None, :]
    starts = np.asarray(starts, int)
    sizes = np.diff(np.append(starts, x.shape[-1]))

    def per_group(a, ufunc=np.add):
        return ufunc.reduceat(a, starts, axis=-1)

    present = ~np.isnan(x)
    complete = bool(present.all())  # the common case: no masking needed
    invalid = None  # scores to set missing because of invalid values (broadcasts against the result)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method in ("geometric", "harmonic") or (method == "generalised" and p is not None and p < 0):
            bad = (x <= 0) if method != "harmonic" else (x == 0)
            bad &= present
            if bad.any():
                if nonpositive == "error":
                    raise NonPositiveValuesError(f"aggregate: {method} mean met zero or negative values")
                if nonpositive == "shift":
                    # Only the groups that met invalid values are shifted.
                    shifted = np.repeat(per_group(bad, np.logical_or).reshape(-1, len(starts)).any(axis=0), sizes)
                    x = np.where(shifted, x - np.nanmin(x, axis=-2, keepdims=True) + 1, x)
                elif nonpositive == "nan":
                    invalid = per_group(bad, np.logical_or)
                elif nonpositive == "drop":
                    # A leading slice (configuration or replication) that met invalid values is dropped whole.
                    invalid = bad.any(axis=(-2, -1), keepdims=True)
                else:
                    raise StepError(f"aggregate: nonpositive='{nonpositive}' unknown; expected error, nan, shift, "
                                    "drop")
        # Missing values are skipped: their weight drops out and they count as 0 in sums, 1 in products.
        wp = w if complete else np.where(present, w, 0.0)
        wsum = per_group(wp)
        x0 = x if complete else np.where(present, x, 0.0)
        x1 = x if complete else np.where(present, x, 1.0)
        if method == "arithmetic":
            y = per_group(wp * x0) / wsum
        elif method == "geometric":
            y = np.exp(per_group(wp * np.log(x1)) / wsum)
        elif method == "harmonic":
            y = wsum / per_group(wp / x1)
        elif method == "generalised":
            if p is None or p == 0:
                raise StepError("aggregate: generalised mean needs a non-zero p (p = 0 is the geometric mean)")
            y = (per_group(wp * x1 ** p) / wsum) ** (1 / p)
        elif method == "copeland":
            w_full = np.broadcast_to(w, x.shape[:-2] + (1, x.shape[-1]))
            y = np.stack([_copeland(x[..., a:a + k], w_full[..., a:a + k]) for a, k in zip(starts, sizes)], axis=-1)
        else:
            raise StepError(f"aggregate: method '{method}' unknown; expected one of {AGGREGATE_METHODS}")
        if invalid is not None:
            y = np.where(invalid, np.nan, y)
        if not complete:
            y = np.where(per_group(present, np.logical_or), y, np.nan)
        if min_availability is not None:
            y = np.where(per_group(present.astype(float)) / sizes < min_availability, np.nan, y)
    return y


def _copeland(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Copeland score: per unit, (pairwise majority wins) - (losses) with weighted indicator votes."""
    w = w / np.nansum(w, axis=-1, keepdims=True)
    a, b = x[..., :, None, :], x[..., None, :, :]
    ww = w[..., :, None, :]
    outrank = np.where(a > b, ww, 0).sum(-1) + np.where(a == b, ww, 0).sum(-1) / 2
    score = np.sign(outrank - 0.5)
    n = x.shape[-2]
    score[..., np.arange(n), np.arange(n)] = 0
    return score.sum(axis=-1)


def aggregate(data: CompositeData, framework: Framework, method: str | list[str] = "arithmetic",
              weights: dict[str, float] | None = None, p: float | None = None, nonpositive: str = "error",
              min_availability: float | None = None):
    """Aggregate level by level up to the index, with the framework's weights (optionally overridden).

    ``method`` is one name or one per aggregation level (from level 2 upwards).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None],
    ...                              "weight": [1, 3, 1]}))
    >>> d = CompositeData(pd.DataFrame({"x": [0.0], "y": [100.0]}, index=["A"]))
    >>> float(aggregate(d, fw)[0].values.loc["A", "I"])
    75.0
    """
    fw = framework.with_weights(weights) if weights else framework
    scores = aggregate_levels_array(data.array, data.columns, fw, method, p=p, nonpositive=nonpositive,
                                    min_availability=min_availability)[0]
    # Columns that are not framework codes (e.g. extra variables) are kept in front of the scores.
    extra = [j for j, c in enumerate(data.columns) if not fw.has_code(c)]
    if extra:
        scores = np.concatenate([data.array[:, extra], scores], axis=1)
    return data.with_array(scores, [data.columns[j] for j in extra] + fw.all_codes), Report({"method": method})


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


def aggregate_levels_array(x: np.ndarray, columns, framework: Framework, method="arithmetic", weight_sets=None,
                           p=None, nonpositive="error", min_availability=None) -> np.ndarray:
    """Scores of every framework code, aggregated level by level from the indicator columns of ``x``.

    Parameters
    ----------
    x : numpy.ndarray
        Units x ``columns``, or (datasets, units, columns) to aggregate many datasets (e.g. build
        configurations) at once; the framework's indicators are taken from it by name.
    weight_sets : numpy.ndarray, optional
        Replications x framework codes (table order); default: the framework's weights.

    Returns
    -------
    numpy.ndarray
        (replications or datasets, units, framework codes in table order).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> aggregate_levels_array(np.array([[0.0, 100.0]]), ["y", "x"], fw)[0].tolist()
    [[100.0, 0.0, 50.0]]
    """
    methods = [method] * (framework.n_levels - 1) if isinstance(method, str) else list(method)
    if len(methods) != framework.n_levels - 1:
        raise StepError(f"aggregate: {len(methods)} methods given for {framework.n_levels - 1} aggregation levels")
    found = framework.indicator_columns(tuple(columns))
    if (found < 0).any():
        missing = [c for c, j in zip(framework.indicators, found) if j < 0]
        raise StepError(f"aggregate: indicator columns {missing} of the framework are missing from the data")
    w_all = framework.weight_array()[None, :] if weight_sets is None else np.atleast_2d(np.asarray(weight_sets, float))
    x = np.asarray(x, float)
    lead = np.broadcast_shapes(x.shape[:-2], w_all.shape[:-1])
    out = np.full(lead + (x.shape[-2], len(framework.all_codes)), np.nan)
    out[..., framework.indicator_positions()] = x[..., found]
    for level, parents, kids, starts in framework.aggregation_groups():
        out[..., parents] = aggregate_groups(out[..., kids], w_all[:, kids], starts, methods[level - 2], p,
                                             nonpositive, min_availability)
    return out


# ---------------------------------------------------------------------------------------------------------
# results


def rank_scores(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Ranks of scores along ``axis`` (highest = 1, ties share the best rank, missing stays missing).

    Example
    -------
    >>> rank_scores(np.array([3.0, 5.0, 3.0, np.nan])).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    s = np.moveaxis(np.asarray(scores, float), axis, -1)
    # 1 + number of strictly better units: the "min" tie rule, vectorised over any leading axes.
    ranks = 1.0 + (s[..., None, :] > s[..., :, None]).sum(axis=-1)
    ranks = np.where(np.isnan(s), np.nan, ranks)
    return np.moveaxis(ranks, -1, axis)


def results_table(data: CompositeData, framework: Framework, decimals: int | None = 2) -> pd.DataFrame:
    """Scores of every aggregate (index first) with the index rank (ties: min), sorted by rank.

    Ranks use unrounded scores; ``decimals`` rounds the displayed scores (COINr's ``get_results`` uses 2).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0], "I": [1.0, 3.0]}, index=["A", "B"]))
    >>> results_table(d, fw)["Rank"].tolist()
    [1, 2]
    """
    top = framework.codes(framework.n_levels)[0]
    order = [c for level in range(framework.n_levels, 0, -1) for c in framework.codes(level)]
    table = data.values[order].copy()
    rank = rank_scores(table[top].to_numpy(float))
    if decimals is not None:
        table = table.round(decimals)
    table.insert(0, "Rank", pd.array(rank, dtype="Int64"))
    return table.sort_values(["Rank"], kind="stable")
