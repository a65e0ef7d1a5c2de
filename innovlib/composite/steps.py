"""Build steps of a composite indicator, each a pure function.

Every step takes a :class:`CompositeData` (unit values + unit metadata) and a :class:`Framework` and returns
a new :class:`CompositeData` plus a small report (a DataFrame or dict). Values are handled as numpy arrays
with one row per unit and one column per indicator, so every step is vectorised over units.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from innovlib.composite.framework import Framework


class StepError(ValueError):
    """A build step that cannot run on its input (bad argument, missing column, invalid values)."""


@dataclass(frozen=True)
class CompositeData:
    """Unit-level data flowing through a build.

    Parameters
    ----------
    values : pandas.DataFrame
        Index = unit codes, columns = indicator codes (and, after aggregation, aggregate codes).
    meta : pandas.DataFrame
        Index = unit codes; group columns and denominators (anything that is not an indicator).

    Example
    -------
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
    >>> d.values.shape
    (2, 1)
    """

    values: pd.DataFrame
    meta: pd.DataFrame = field(default_factory=pd.DataFrame)

    def __post_init__(self):
        if self.meta.empty and len(self.meta.columns) == 0:
            object.__setattr__(self, "meta", pd.DataFrame(index=self.values.index))

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
    values = data.values.copy()
    done = {}
    for code, den in framework.table.set_index("code")["denominator"].items():
        if den is None or code not in values.columns:
            continue
        if den not in source.columns:
            raise StepError(f"denominate: denominator column '{den}' of indicator '{code}' not found")
        d = pd.to_numeric(source[den].reindex(values.index), errors="coerce").to_numpy(float)
        values[code] = values[code].to_numpy(float) / d
        done[code] = den
    return replace(data, values=values), {"denominated": done}


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
    x = data.values.to_numpy(float).copy()
    missing_before = np.isnan(x)
    stat = np.nanmean if method.endswith("mean") else np.nanmedian
    if method.startswith("group"):
        if group is None or group not in data.meta.columns:
            raise StepError(f"impute: method '{method}' needs a group column of the unit metadata, got {group!r}")
        labels = data.meta[group].reindex(data.values.index)
        for label in labels.dropna().unique():
            rows = (labels == label).to_numpy()
            x[rows] = _fill_columns(x[rows], stat)
    else:
        x = _fill_columns(x, stat)
    filled = missing_before & ~np.isnan(x)
    report = pd.DataFrame(filled, index=data.values.index, columns=data.values.columns)
    values = pd.DataFrame(x, index=data.values.index, columns=data.values.columns)
    return replace(data, values=values), {"n_imputed": int(filled.sum()), "imputed": report}


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
    x = data.values.to_numpy(float)
    n = x.shape[1]
    availability = (~np.isnan(x)).sum(axis=1) / n
    nonzero = ((x != 0) & ~np.isnan(x)).sum(axis=1) / n
    low_data = availability < min_availability
    low_nonzero = nonzero < min_nonzero
    excluded = {"na": low_data, "zeros": low_nonzero, "na_and_zeros": low_data | low_nonzero}[by]
    included = pd.Series(~excluded, index=data.values.index)
    for unit, keep in (force or {}).items():
        if unit not in included.index:
            raise StepError(f"screen: forced unit '{unit}' not in the data")
        included[unit] = bool(keep)
    report = pd.DataFrame({"availability": availability, "nonzero": nonzero, "included": included.to_numpy()},
                          index=data.values.index)
    keep = included.to_numpy()
    return CompositeData(data.values[keep], data.meta.reindex(data.values.index)[keep]), {
        "removed": included.index[~keep].tolist(), "summary": report}


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
    n = present.sum(axis=0).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, x, 0).sum(axis=0) / n
        d = np.where(present, x - mean, 0.0)
        m2, m3, m4 = (d ** 2).sum(axis=0), (d ** 3).sum(axis=0), (d ** 4).sum(axis=0)
        skew = np.sqrt(n) * m3 / m2 ** 1.5 * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * m4 / m2 ** 2
        kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    skew = np.where((n >= 3) & (m2 > 0), skew, np.nan)
    kurt = np.where((n >= 4) & (m2 > 0), kurt, np.nan)
    return skew, kurt


def _passes(x, skew_threshold, kurtosis_threshold):
    """COINr's rule: an indicator is acceptable if |skew| < threshold OR kurtosis < threshold."""
    s, k = skewness(x), kurtosis(x)
    if np.isnan(s) or np.isnan(k):
        return None, s, k
    return bool(abs(s) < skew_threshold or k < kurtosis_threshold), s, k


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
    x = x.astype(float).copy()
    changed = np.zeros(x.size, bool)
    ok, skew, _ = _passes(x, skew_threshold, kurtosis_threshold)
    n_win = 0
    while ok is False and (winmax is None or n_win < winmax):
        if np.unique(x[~np.isnan(x)]).size < 2:
            break  # nothing left to winsorise towards
        if skew >= 0:
            hi = x == np.nanmax(x)
            x[hi] = np.nanmax(x[~hi])
            changed |= hi
        else:
            lo = x == np.nanmin(x)
            x[lo] = np.nanmin(x[~lo])
            changed |= lo
        n_win = int(changed.sum())
        ok, skew, _ = _passes(x, skew_threshold, kurtosis_threshold)
    return x, n_win, changed


def log_ct(x: np.ndarray) -> np.ndarray:
    """COIN Tool log transform: ``log(x - min + 0.01 * (max - min))``.

    Example
    -------
    >>> np.round(log_ct(np.array([0.0, 1.0, 100.0])), 4).tolist()
    [0.0, 0.6931, 4.6151]
    """
    lo, hi = np.nanmin(x), np.nanmax(x)
    return np.log(x - lo + 0.01 * (hi - lo))


def log_gii(x: np.ndarray) -> np.ndarray:
    """GII scaled log: ``log((max - 1) * (x - min) / (max - min) + 1)``, mapping [min, max] to [0, log(max)].

    (COINr 1.1's ``log_GII`` computes this but returns the untreated vector; this one returns the transform.)

    Example
    -------
    >>> np.round(log_gii(np.array([0.0, 5.0, 10.0])), 4).tolist()
    [0.0, 1.7047, 2.3026]
    """
    lo, hi = np.nanmin(x), np.nanmax(x)
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
        the transform applied; ``"points"`` marks treated points ("winhi"/"winlo"/transform name).

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
    x_all = data.values.to_numpy(float).copy()
    codes = list(data.values.columns)
    points = np.full(x_all.shape, "", dtype=object)
    rows = []
    skew0, kurt0 = column_moments(x_all)
    for j, code in enumerate(codes):
        x = x_all[:, j].copy()
        s0, k0 = float(skew0[j]), float(kurt0[j])
        # COINr's rule; a column without skew/kurtosis (too few values, no spread) is left untreated.
        ok = None if np.isnan(s0) or np.isnan(k0) else bool(abs(s0) < skew_threshold or k0 < kurtosis_threshold)
        row = {"code": code, "skew": s0, "kurtosis": k0, "n_winsorised": 0, "transform": "", "treated": False}
        if ok is False and code not in skip:
            xw, n_win, changed = winsorise(x, winmax, skew_threshold, kurtosis_threshold)
            row["n_winsorised"] = n_win
            points[changed, j] = "winhi" if s0 >= 0 else "winlo"
            ok_w, _, _ = _passes(xw, skew_threshold, kurtosis_threshold)
            y = xw
            if not ok_w and _TRANSFORMS[transform] is not None:
                y = _TRANSFORMS[transform](xw if combine else x)
                row["transform"] = transform
                if not combine:
                    row["n_winsorised"] = 0
                    points[:, j] = ""
                points[~np.isnan(x), j] = (points[~np.isnan(x), j] + "+" + transform).astype(object) if combine \
                    else transform
            x_all[:, j] = y
            row["treated"] = True
        if row["treated"]:
            row["skew_after"], row["kurtosis_after"] = skewness(x_all[:, j]), kurtosis(x_all[:, j])
        else:
            row["skew_after"], row["kurtosis_after"] = s0, k0
        rows.append(row)
    values = pd.DataFrame(x_all, index=data.values.index, columns=codes)
    points = pd.DataFrame(points, index=data.values.index, columns=codes)
    table = pd.DataFrame(rows).set_index("code")
    return replace(data, values=values), {"table": table, "points": points}


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
        lo, hi = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
        if method == "minmax":
            return (x - lo) / (hi - lo) * (upper - lower) + lower
        if method == "zscore":
            return (x - np.nanmean(x, axis=0)) / np.nanstd(x, axis=0, ddof=1) * sd + mean
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
    codes = list(data.values.columns)
    direction = framework.directions().reindex(codes).fillna(1).to_numpy(float)
    x = data.values.to_numpy(float) * direction
    kwargs = {}
    if method == "dist_to_ref":
        if reference_unit not in data.values.index:
            raise StepError(f"normalise: reference_unit '{reference_unit}' not among the units")
        kwargs["reference"] = x[data.values.index.get_loc(reference_unit)]
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
    return replace(data, values=pd.DataFrame(y, index=data.values.index, columns=codes)), {"method": method}


# ---------------------------------------------------------------------------------------------------------
# aggregate

AGGREGATE_METHODS = ("arithmetic", "geometric", "harmonic", "generalised", "copeland")


class NonPositiveValuesError(StepError):
    """Geometric/harmonic aggregation met zero or negative values under the 'error' policy."""


def aggregate_array(x: np.ndarray, w: np.ndarray, method: str = "arithmetic", p: float | None = None,
                    nonpositive: str = "error", min_availability: float | None = None) -> np.ndarray:
    """Aggregate the last axis of ``x`` (..., units, children) with weights ``w`` (..., children).

    Missing values are skipped and the remaining weights renormalised. Leading axes broadcast, so many weight
    sets (replications) are aggregated in one call.

    Parameters
    ----------
    nonpositive : {"error", "nan", "shift"}
        What to do when geometric (values <= 0), harmonic (values == 0) or generalised with p < 0 meet invalid
        values: raise :class:`NonPositiveValuesError` (COINr's behaviour), give that unit a missing score, or
        shift the group's values so the minimum becomes 1 before aggregating.

    Example
    -------
    >>> aggregate_array(np.array([[1.0, 4.0]]), np.array([1.0, 1.0]), "geometric").tolist()
    [2.0]
    """
    x = np.asarray(x, float)
    w = np.asarray(w, float)[..., None, :]
    present = ~np.isnan(x)
    wp = np.where(present, w, 0.0)
    wsum = wp.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        if method in ("geometric", "harmonic") or (method == "generalised" and p is not None and p < 0):
            bad = (x <= 0) if method != "harmonic" else (x == 0)
            bad &= present
            if bad.any():
                if nonpositive == "error":
                    raise NonPositiveValuesError(f"aggregate: {method} mean met zero or negative values")
                if nonpositive == "shift":
                    x = x - np.nanmin(x, axis=-2, keepdims=True) + 1
                    bad = np.zeros_like(bad)
                elif nonpositive != "nan":
                    raise StepError(f"aggregate: nonpositive='{nonpositive}' unknown; expected error, nan, shift")
        else:
            bad = None
        xz = np.where(present, x, 0.0)
        if method == "arithmetic":
            y = (wp * xz).sum(axis=-1) / wsum
        elif method == "geometric":
            y = np.exp((wp * np.log(np.where(present, x, 1.0))).sum(axis=-1) / wsum)
        elif method == "harmonic":
            y = wsum / (wp / np.where(present, x, 1.0)).sum(axis=-1)
        elif method == "generalised":
            if p is None or p == 0:
                raise StepError("aggregate: generalised mean needs a non-zero p (p = 0 is the geometric mean)")
            y = ((wp * np.where(present, x, 1.0) ** p).sum(axis=-1) / wsum) ** (1 / p)
        elif method == "copeland":
            y = _copeland(x, np.broadcast_to(w, x.shape[:-2] + (1, x.shape[-1])))
        else:
            raise StepError(f"aggregate: method '{method}' unknown; expected one of {AGGREGATE_METHODS}")
        if bad is not None:
            y = np.where(bad.any(axis=-1), np.nan, y)
        y = np.where(present.any(axis=-1), y, np.nan)
        if min_availability is not None:
            y = np.where(present.mean(axis=-1) < min_availability, np.nan, y)
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
    values = aggregate_levels(data.values, fw, method, p=p, nonpositive=nonpositive,
                              min_availability=min_availability)
    return replace(data, values=values), {"method": method}


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
    n_levels = framework.n_levels
    methods = [method] * (n_levels - 1) if isinstance(method, str) else list(method)
    if len(methods) != n_levels - 1:
        raise StepError(f"aggregate: {len(methods)} methods given for {n_levels - 1} aggregation levels")
    codes, position, plan = _aggregation_plan(framework)
    ind = framework.indicators
    if weight_sets is None:
        w_all = framework.table["weight"].to_numpy(float)[None, :]
    else:
        w_all = np.atleast_2d(np.asarray(weight_sets, float))
    n_rep = w_all.shape[0]
    out = np.full((n_rep, len(values), len(codes)), np.nan)
    out[:, :, [position[c] for c in ind]] = values[ind].to_numpy(float)[None]
    for level, parent, kids in plan:
        out[:, :, parent] = aggregate_array(
            out[:, :, kids], w_all[:, kids], methods[level - 2], p, nonpositive, min_availability)
    if weight_sets is not None:
        return out
    extra = [c for c in values.columns if c not in position]
    frame = pd.DataFrame(out[0], index=values.index, columns=codes)
    return pd.concat([values[extra], frame], axis=1) if extra else frame


def _aggregation_plan(framework: Framework):
    """Codes, their positions and (level, parent position, child positions) in aggregation order."""
    codes = framework.table["code"].tolist()
    position = {c: i for i, c in enumerate(codes)}
    plan = [(level, position[parent], [position[c] for c in framework.children(parent)])
            for level in range(2, framework.n_levels + 1) for parent in framework.codes(level)]
    return codes, position, plan


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
