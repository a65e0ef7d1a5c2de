"""Build step ``impute``: fill missing indicator values (COINr's ``Impute``); methods in :data:`IMPUTE_METHODS`."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.registry import MethodRegistry, StepArguments, check_choice, check_type

IMPUTE_METHODS = MethodRegistry("impute")


def _fill_columns(x: np.ndarray, statistic) -> np.ndarray:
    """Missing values of each column replaced by ``statistic`` of the column; an all-missing column stays missing."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # 'mean of empty slice'
        centre = statistic(x, axis=0)
    return np.where(np.isnan(x), centre[None, :], x)


def _by_group(x: np.ndarray, groups: np.ndarray, statistic) -> np.ndarray:
    """As :func:`_fill_columns` within each group (codes >= 0); units of group -1 are left as they are."""
    out = x.copy()
    for g in np.unique(groups[groups >= 0]):
        rows = groups == g
        out[rows] = _fill_columns(x[rows], statistic)
    return out


@IMPUTE_METHODS.register("mean", grouped=False)
def i_mean(x: np.ndarray, groups=None) -> np.ndarray:
    """Column mean (COINr ``i_mean``).

    Example
    -------
    >>> i_mean(np.array([[1.0], [np.nan], [3.0]])).ravel().tolist()
    [1.0, 2.0, 3.0]
    """
    return _fill_columns(x, np.nanmean)


@IMPUTE_METHODS.register("median", grouped=False)
def i_median(x: np.ndarray, groups=None) -> np.ndarray:
    """Column median (COINr ``i_median``).

    Example
    -------
    >>> i_median(np.array([[1.0], [np.nan], [3.0], [10.0]])).ravel().tolist()
    [1.0, 3.0, 3.0, 10.0]
    """
    return _fill_columns(x, np.nanmedian)


@IMPUTE_METHODS.register("group_mean", grouped=True)
def i_mean_grp(x: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Column mean within each unit group (COINr ``i_mean_grp``); ``groups`` are integer codes, -1 = no group.

    Example
    -------
    >>> i_mean_grp(np.array([[1.0], [np.nan], [5.0], [np.nan]]), np.array([0, 0, 1, -1])).ravel().tolist()
    [1.0, 1.0, 5.0, nan]
    """
    return _by_group(x, groups, np.nanmean)


@IMPUTE_METHODS.register("group_median", grouped=True)
def i_median_grp(x: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Column median within each unit group (COINr ``i_median_grp``).

    Example
    -------
    >>> i_median_grp(np.array([[1.0], [np.nan], [3.0]]), np.array([0, 0, 0])).ravel().tolist()
    [1.0, 2.0, 3.0]
    """
    return _by_group(x, groups, np.nanmedian)


@dataclass(frozen=True)
class ImputeArguments(StepArguments):
    """Arguments of :func:`impute`: ``method`` (a name in :data:`IMPUTE_METHODS`) and, for grouped methods, the
    ``group`` column of the unit metadata.

    Example
    -------
    >>> ImputeArguments("group_mean")
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'impute', argument 'group': method 'group_mean' needs a group column of the unit metadata, got None
    """

    step: ClassVar[str] = "impute"
    method: str = "mean"
    group: str | None = None

    def __post_init__(self):
        check_choice(self, "method", IMPUTE_METHODS)
        check_type(self, "group", str, "a column name of the unit metadata", optional=True)
        if IMPUTE_METHODS.properties(self.method)["grouped"] and self.group is None:
            raise StepError(f"build step 'impute', argument 'group': method '{self.method}' needs a group column "
                            "of the unit metadata, got None")


def apply_impute(data: CompositeData, framework: Framework, args: ImputeArguments):
    """Run the step with validated arguments; see :func:`impute`."""
    groups = None
    if IMPUTE_METHODS.properties(args.method)["grouped"]:
        if args.group not in data.meta.columns:
            raise StepError(f"impute: method '{args.method}' needs a group column of the unit metadata; "
                            f"'{args.group}' not among {list(data.meta.columns)}")
        groups = pd.factorize(data.meta[args.group].reindex(data.units))[0]  # missing label: -1, left as is
    x = data.array
    y = IMPUTE_METHODS[args.method](x, groups)
    filled = np.isnan(x) & ~np.isnan(y)
    report = Report({"n_imputed": int(filled.sum())},
                    lazy={"imputed": lambda: pd.DataFrame(filled, index=data.units, columns=list(data.columns))})
    return data.with_array(y), report


def impute(data: CompositeData, framework: Framework, **arguments):
    """Fill missing indicator values with the column mean/median, overall or within a unit group.

    Arguments as :class:`ImputeArguments`. Units whose group label is missing are left as they are (as COINr's
    ``i_mean_grp``).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, np.nan, 3.0]}, index=list("ABC")))
    >>> impute(d, fw, method="mean")[0].values["x"].tolist()
    [1.0, 2.0, 3.0]
    """
    return apply_impute(data, framework, ImputeArguments.from_mapping(arguments))
