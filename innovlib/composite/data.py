"""The data container flowing through a build (:class:`CompositeData`) and the reports steps return."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework

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
