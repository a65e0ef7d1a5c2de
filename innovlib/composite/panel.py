"""Panel data: one :class:`~innovlib.composite.data.CompositeData` per time point (COINr's "purse").

COINr builds a purse with ``new_coin(iData, iMeta, split_to = "all")`` from one long table with a ``Time`` column
and runs every build step on each time point. Two steps have panel-specific forms, followed here as COINr defines
them (bluefoxr/COINr, commit b9682034635df03279896b6cb025cd3534f82cbb):

* global normalisation (``Normalise.purse(global = TRUE)``, ``R/normalise.R``): the indicator values of all time
  points are stacked and normalised as one table, so that the normalisation parameters (min and max, mean and
  sd, ranks, ...) are shared and scores are comparable across time; :func:`build_panel` with
  ``global_normalise=True``;
* panel imputation (``impute_panel``, ``R/impute.R``): a unit's missing value is taken from its own other time
  points; :func:`impute_panel`.

Example
-------
>>> from innovlib.composite import Build, Framework, Step
>>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
>>> long = pd.DataFrame({"unit": ["A", "B", "A", "B"], "time": [2020, 2020, 2021, 2021],
...                      "x": [1.0, 2.0, 3.0, 5.0]})
>>> panel = PanelData.from_table(long, fw, unit="unit")
>>> result = build_panel(fw, panel, Build([Step("normalise"), Step("aggregate")]), global_normalise=True)
>>> result.scores()["I"].tolist()
[0.0, 25.0, 50.0, 100.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.composite.build import Build, BuildResult, run_step
from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.normalise import NORMALISE_METHODS, apply_normalise
from innovlib.composite.results import results_table

PANEL_IMPUTE_TYPES = ("latest", "constant", "linear", "linear-constant")


class PanelData(Mapping):
    """Composite data at several time points: a read-only mapping time -> :class:`CompositeData`, times sorted.

    Units may differ between time points (as COINr's default ``retain_all_uCodes_on_split = FALSE``); every
    time point has the same indicator columns.

    Parameters
    ----------
    by_time : mapping
        ``{time: CompositeData}`` with at least two numeric time points.

    Example
    -------
    >>> d = CompositeData(pd.DataFrame({"x": [1.0]}, index=["A"]))
    >>> PanelData({2021: d, 2020: d}).times
    [2020, 2021]
    """

    def __init__(self, by_time: Mapping):
        times = sorted(by_time)
        if len(times) < 2:
            raise StepError(f"panel: needs at least two time points, got {times}")
        columns = {t: by_time[t].columns for t in times}
        if len(set(columns.values())) > 1:
            raise StepError(f"panel: time points have different columns: {columns}")
        self._by_time = {t: by_time[t] for t in times}

    @property
    def times(self) -> list:
        """The time points, sorted."""
        return list(self._by_time)

    def __getitem__(self, time) -> CompositeData:
        if time not in self._by_time:
            raise StepError(f"panel: time {time!r} not among the time points {self.times}")
        return self._by_time[time]

    def __iter__(self):
        return iter(self._by_time)

    def __len__(self):
        return len(self._by_time)

    def __repr__(self):
        return f"PanelData(times={self.times})"

    @classmethod
    def from_table(cls, table: pd.DataFrame, framework: Framework, unit: str, time: str = "time") -> "PanelData":
        """Split a long table (one row per unit and time point) into one :class:`CompositeData` per time point.

        As COINr's ``new_coin(..., split_to = "all")``: the time column must be numeric, each (unit, time) pair
        appear once, and every indicator of the framework be a column; the other columns become unit metadata.

        Example
        -------
        >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
        >>> long = pd.DataFrame({"id": ["A", "A", "B"], "year": [2020, 2021, 2021], "x": [1.0, 2.0, 3.0]})
        >>> panel = PanelData.from_table(long, fw, unit="id", time="year")
        >>> [list(panel[t].units) for t in panel.times]
        [['A'], ['A', 'B']]
        >>> PanelData.from_table(long.drop(columns="year"), fw, unit="id")
        Traceback (most recent call last):
        ...
        innovlib.composite.errors.StepError: table: time column 'time' not found (columns: ['id', 'x'])
        """
        if time not in table.columns:
            raise StepError(f"table: time column '{time}' not found (columns: {list(table.columns)})")
        if not pd.api.types.is_numeric_dtype(table[time]) or pd.api.types.is_bool_dtype(table[time]):
            raise StepError(f"table, column '{time}': time must be numeric, got dtype {table[time].dtype}")
        if table[time].isna().any():
            raise StepError(f"table, column '{time}': missing time in rows {list(np.flatnonzero(table[time].isna()))}")
        if unit not in table.columns:
            raise StepError(f"table: unit column '{unit}' not found (columns: {list(table.columns)})")
        pairs = table[[unit, time]]
        duplicated = pairs[pairs.duplicated()]
        if len(duplicated):
            raise StepError(f"table, columns '{unit}' and '{time}': duplicated (unit, time) pairs "
                            f"{sorted(map(tuple, duplicated.itertuples(index=False)))}")
        by_time = {t.item() if hasattr(t, "item") else t:
                   CompositeData.from_table(rows.drop(columns=time), framework, unit)
                   for t, rows in table.groupby(time, sort=True)}
        return cls(by_time)

    def to_table(self, time: str = "time") -> pd.DataFrame:
        """The values as one long table: index (time, unit), one column per indicator.

        Example
        -------
        >>> d = CompositeData(pd.DataFrame({"x": [1.0]}, index=["A"]))
        >>> PanelData({2020: d, 2021: d}).to_table().index.tolist()
        [(2020, 'A'), (2021, 'A')]
        """
        return pd.concat({t: d.values for t, d in self.items()}, names=[time, "unit"])


@dataclass
class PanelBuildResult:
    """Outputs of :func:`build_panel`: one :class:`BuildResult` per time point."""

    framework: Framework
    build: Build
    by_time: dict  # time -> BuildResult

    def scores(self, decimals: int | None = 2, time: str = "time") -> pd.DataFrame:
        """Scores and ranks by unit and time: one row per (time, unit), ranks within each time point.

        Example
        -------
        >>> from innovlib.composite import Step
        >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
        >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
        >>> r = build_panel(fw, PanelData({2020: d, 2021: d}), Build([Step("normalise"), Step("aggregate")]))
        >>> r.scores()["Rank"].tolist()
        [2, 1, 2, 1]
        """
        tables = {t: results_table(r.final, self.framework, decimals).sort_index(kind="stable")
                  for t, r in self.by_time.items()}
        return pd.concat(tables, names=[time, "unit"])


def _normalise_globally(datasets: dict, framework: Framework, args) -> tuple[dict, Report]:
    """COINr's ``Normalise.purse(global = TRUE)``: normalise the stacked time points as one table, split back."""
    times = list(datasets)
    first = datasets[times[0]]
    methods = {args.for_indicator(code).method for code in first.columns}
    if any(NORMALISE_METHODS.properties(method).get("needs") == "reference" for method in methods):
        # a reference unit appears once per time point in the stacked table: no single reference value
        raise StepError("build step 'normalise', argument 'method': 'dist_to_ref' cannot be used with "
                        "global_normalise (the reference unit has one value per time point)")
    stacked = np.vstack([datasets[t].array for t in times])
    units = pd.RangeIndex(len(stacked))  # normalisation methods other than dist_to_ref never read unit codes
    together, report = apply_normalise(CompositeData.from_array(stacked, units, first.columns,
                                                                pd.DataFrame(index=units)), framework, args)
    bounds = np.cumsum([0] + [len(datasets[t].units) for t in times])
    split = {t: datasets[t].with_array(together.array[bounds[i]:bounds[i + 1]]) for i, t in enumerate(times)}
    return split, Report({**report, "global": True})


def build_panel(framework: Framework, panel: PanelData, build: Build,
                global_normalise: bool = False) -> PanelBuildResult:
    """Run a build's steps on every time point of a panel (COINr: any build step applied to a purse).

    Parameters
    ----------
    framework : Framework
        The hierarchy, shared by every time point.
    panel : PanelData
        The data by time point.
    build : Build
        The steps, run on each time point in order.
    global_normalise : bool
        If True, the ``normalise`` step normalises all time points together (COINr's ``Normalise(purse,
        global = TRUE)``), so that e.g. min-max uses the minimum and maximum over all time points; else each
        time point is normalised alone. COINr's default for a purse is ``global = TRUE``; here the default is
        the per-time build, which equals building each time point alone.

    Returns
    -------
    PanelBuildResult
        One :class:`BuildResult` per time point; ``.scores()`` is the long table of scores and ranks.

    Example
    -------
    >>> from innovlib.composite import Step
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> p = PanelData({2020: CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"])),
    ...                2021: CompositeData(pd.DataFrame({"x": [3.0, 5.0]}, index=["A", "B"]))})
    >>> b = Build([Step("normalise"), Step("aggregate")])
    >>> build_panel(fw, p, b).by_time[2021].results()["I"].tolist()
    [100.0, 0.0]
    >>> build_panel(fw, p, b, global_normalise=True).by_time[2021].results()["I"].tolist()
    [100.0, 50.0]
    """
    if not isinstance(global_normalise, (bool, np.bool_)):
        raise StepError(f"build_panel, argument 'global_normalise': expected True or False, got {global_normalise!r}")
    if not isinstance(panel, PanelData):
        raise StepError(f"build_panel, argument 'panel': expected a PanelData, got {type(panel).__name__}")
    current = dict(panel.items())
    datasets = {t: [] for t in current}
    reports = {t: [] for t in current}
    for step in build.steps:
        if step.name == "normalise" and global_normalise:
            current, report = _normalise_globally(current, framework, step.params)
            step_reports = {t: report for t in current}
        else:
            outputs = {t: run_step(step, d, framework) for t, d in current.items()}
            current = {t: out[0] for t, out in outputs.items()}
            step_reports = {t: out[1] for t, out in outputs.items()}
        for t in current:
            datasets[t].append(current[t])
            reports[t].append(step_reports[t])
    # A time point normalised with the others cannot be replayed alone: its result carries no input data.
    inputs = {t: None if global_normalise else panel[t] for t in current}
    return PanelBuildResult(framework, build, {t: BuildResult(framework, build, datasets[t], reports[t], inputs[t])
                                               for t in current})


def _interpolate(times: np.ndarray, values: np.ndarray, kind: str) -> np.ndarray:
    """R's ``stats::approx(times, values, xout = times, rule = 2, method = kind)``: missing values filled from the
    observed ones, linearly or with the last observed value (``"constant"``, ``f = 0``); before the first or
    after the last observation, the nearest observed value."""
    seen = ~np.isnan(values)
    x, y = times[seen], values[seen]
    if kind == "linear":
        return np.interp(times, x, y)  # np.interp holds the end values outside [x[0], x[-1]], as rule = 2
    left = np.searchsorted(x, times, side="right") - 1
    return y[np.clip(left, 0, len(x) - 1)]


def impute_panel(panel: PanelData, imp_type: str = "latest", max_time: int | None = None):
    """Fill a unit's missing indicator values from its own other time points (COINr's ``impute_panel``).

    As COINr (``R/impute.R``, commit b9682034): ``"latest"`` takes the value of the most recent earlier time
    point at which the unit's value is present, looking back at most ``max_time`` time points of the panel (all if
    None); a missing value with no such earlier value stays missing. ``"constant"`` and ``"linear"`` fill each
    unit's series over time with R's ``stats::approx(rule = 2)``: the last observed value, or linear
    interpolation in time; before the first and after the last observation, the nearest observation (so
    ``"constant"`` also fills the start of a series, unlike ``"latest"``). ``"linear"`` needs two observations;
    ``"linear-constant"`` uses ``"constant"`` for a series with only one. A series with no observation stays
    missing. COINr applies ``max_time`` only to ``"latest"``; here giving it with another type is an error rather
    than ignored.

    Parameters
    ----------
    panel : PanelData
        The data by time point.
    imp_type : str
        ``"latest"``, ``"constant"``, ``"linear"`` or ``"linear-constant"``.
    max_time : int, optional
        ``"latest"`` only: how many earlier time points to look back.

    Returns
    -------
    (PanelData, Report)
        The imputed panel; the report gives ``n_imputed`` and, lazily, ``imputed`` (a long table of booleans).

    Example
    -------
    >>> p = PanelData({2020: CompositeData(pd.DataFrame({"x": [1.0]}, index=["A"])),
    ...                2021: CompositeData(pd.DataFrame({"x": [np.nan]}, index=["A"])),
    ...                2022: CompositeData(pd.DataFrame({"x": [4.0]}, index=["A"]))})
    >>> impute_panel(p, "linear")[0].to_table()["x"].tolist()
    [1.0, 2.5, 4.0]
    >>> impute_panel(p, "latest")[0].to_table()["x"].tolist()
    [1.0, 1.0, 4.0]
    """
    if imp_type not in PANEL_IMPUTE_TYPES:
        raise StepError(f"impute_panel, argument 'imp_type': {imp_type!r} unknown; expected one of "
                        f"{list(PANEL_IMPUTE_TYPES)}")
    if max_time is not None:
        if imp_type != "latest":
            raise StepError(f"impute_panel, argument 'max_time': only used by imp_type 'latest' (as COINr), "
                            f"got max_time={max_time!r} with imp_type {imp_type!r}")
        if isinstance(max_time, bool) or not isinstance(max_time, (int, np.integer)) or max_time < 1:
            raise StepError(f"impute_panel, argument 'max_time': expected an integer >= 1 or None, got {max_time!r}")
    if not isinstance(panel, PanelData):
        raise StepError(f"impute_panel, argument 'panel': expected a PanelData, got {type(panel).__name__}")
    times = panel.times
    long = panel.to_table()
    # units x times for each indicator; a unit absent at a time point is missing there
    wide = long.unstack(level=0).reindex(columns=pd.MultiIndex.from_product([long.columns, times]))
    filled = wide.copy()
    time_values = np.asarray(times, float)
    for code in long.columns:
        series = wide[code].to_numpy(float)  # units x times
        out = series.copy()
        for i, unit in enumerate(wide.index):
            y = series[i]
            missing = np.isnan(y)
            if not missing.any() or missing.all():
                continue
            if imp_type == "latest":
                for k in np.flatnonzero(missing):
                    earlier = range(k - 1, -1 if max_time is None else max(k - 1 - max_time, -1), -1)
                    source = next((j for j in earlier if not np.isnan(y[j])), None)
                    if source is not None:
                        out[i, k] = y[source]
                continue
            kind = imp_type
            if (~missing).sum() == 1:
                if imp_type == "linear":
                    raise StepError(f"impute_panel, argument 'imp_type': 'linear' needs two observed time points; "
                                    f"unit '{unit}', indicator '{code}' has one (use 'linear-constant')")
                kind = "constant"
            elif imp_type == "linear-constant":
                kind = "linear"
            out[i] = _interpolate(time_values, y, kind)
        filled[code] = out
    by_time, imputed = {}, {}
    for t in times:
        data = panel[t]
        before = data.array
        after = filled.xs(t, axis=1, level=1).reindex(index=data.units, columns=list(data.columns)).to_numpy(float)
        by_time[t] = data.with_array(after)
        imputed[t] = pd.DataFrame(np.isnan(before) & ~np.isnan(after), index=data.units, columns=list(data.columns))
    n_imputed = int(sum(m.to_numpy().sum() for m in imputed.values()))
    report = Report({"n_imputed": n_imputed, "imp_type": imp_type, "max_time": max_time},
                    lazy={"imputed": lambda: pd.concat(imputed, names=["time", "unit"])})
    return PanelData(by_time), report
