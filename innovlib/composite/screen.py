"""Build step ``screen``: drop units with too little data or too many zeros (COINr's ``Screen``).

Rules are found by name in :data:`SCREEN_RULES` (COINr's ``unit_screen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.registry import MethodRegistry, StepArguments, check_choice, check_number, check_type

SCREEN_RULES = MethodRegistry("screen")


@SCREEN_RULES.register("na")
def low_data(availability: np.ndarray, nonzero: np.ndarray, args) -> np.ndarray:
    """COINr ``byNA``: excluded when the share of available values is below ``min_availability``."""
    return availability < args.min_availability


@SCREEN_RULES.register("zeros")
def low_nonzero(availability: np.ndarray, nonzero: np.ndarray, args) -> np.ndarray:
    """COINr ``byzeros``: excluded when the share of non-zero values among available ones is below ``min_nonzero``."""
    with np.errstate(invalid="ignore"):
        return nonzero < args.min_nonzero


@SCREEN_RULES.register("na_and_zeros")
def low_data_or_nonzero(availability: np.ndarray, nonzero: np.ndarray, args) -> np.ndarray:
    """COINr ``byNAandzeros``: excluded by either rule."""
    return low_data(availability, nonzero, args) | low_nonzero(availability, nonzero, args)


@dataclass(frozen=True)
class ScreenArguments(StepArguments):
    """Arguments of :func:`screen`.

    Parameters
    ----------
    min_availability : float
        Least share of available (non-missing) indicator values (COINr's ``dat_thresh``).
    by : str
        Rule in :data:`SCREEN_RULES`: ``"na"``, ``"zeros"`` or ``"na_and_zeros"`` (COINr's ``unit_screen``).
    min_nonzero : float
        Least share of non-zero values among the *available* ones (COINr's ``nonzero_thresh``).
    force : dict, optional
        ``{unit: True/False}`` to force a unit in or out.

    Example
    -------
    >>> ScreenArguments(min_availability=1.5)
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'screen', argument 'min_availability': expected a number >= 0 and <= 1, got 1.5
    """

    step: ClassVar[str] = "screen"
    min_availability: float = 2 / 3
    by: str = "na"
    min_nonzero: float = 0.05
    force: dict | None = None

    def __post_init__(self):
        check_number(self, "min_availability", low=0, high=1)
        check_choice(self, "by", SCREEN_RULES)
        check_number(self, "min_nonzero", low=0, high=1)
        check_type(self, "force", dict, "a dict {unit: True/False} or None", optional=True)


def availability_and_nonzero(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (row): share of available values, and share of non-zero values among the available ones.

    As COINr's ``get_data_avail`` (``Non_Zero = 1 - zeros / (indicators - missing)``); a unit without any
    value has no non-zero share (NaN), so only the availability rule can exclude it.

    Example
    -------
    >>> a, nz = availability_and_nonzero(np.array([[0.0, 1.0, np.nan, np.nan], [0.0, 0.0, 0.0, 2.0]]))
    >>> a.tolist(), nz.tolist()
    ([0.5, 1.0], [0.5, 0.25])
    """
    present = ~np.isnan(x)
    n_present = present.sum(axis=1)
    n_nonzero = (present & (x != 0)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return n_present / x.shape[1], np.where(n_present > 0, n_nonzero / n_present, np.nan)


def apply_screen(data: CompositeData, framework: Framework, args: ScreenArguments):
    """Run the step with validated arguments; see :func:`screen`."""
    x = data.array
    availability, nonzero = availability_and_nonzero(x)
    keep = ~SCREEN_RULES[args.by](availability, nonzero, args)
    for unit, forced in (args.force or {}).items():
        if unit not in data.units:
            raise StepError(f"screen: forced unit '{unit}' not in the data")
        keep[data.units.get_loc(unit)] = bool(forced)
    meta = data.meta if data.meta.index.equals(data.units) else data.meta.reindex(data.units)

    def summary():
        return pd.DataFrame({"availability": availability, "nonzero": nonzero, "included": keep}, index=data.units)

    return CompositeData.from_array(x[keep], data.units[keep], data.columns, meta[keep]), Report(
        {"removed": data.units[~keep].tolist()}, lazy={"summary": summary})


def screen(data: CompositeData, framework: Framework, **arguments):
    """Drop units whose share of available (non-missing) or non-zero indicator values is too low.

    Arguments as :class:`ScreenArguments`; the non-zero share counts available values only, as COINr does.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, np.nan], "y": [1.0, np.nan]}, index=["A", "B"]))
    >>> screen(d, fw, min_availability=0.5)[0].values.index.tolist()
    ['A']
    """
    return apply_screen(data, framework, ScreenArguments.from_mapping(arguments))
