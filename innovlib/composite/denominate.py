"""Build step ``denominate``: divide indicators by a unit-level quantity (COINr's ``Denominate``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pandas as pd

from innovlib.composite.data import CompositeData, Report
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.registry import StepArguments, check_type


@dataclass(frozen=True)
class DenominateArguments(StepArguments):
    """Arguments of :func:`denominate`.

    Parameters
    ----------
    denominators : pandas.DataFrame, optional
        Denominators by unit (index = unit code, one column per denominator); default: the unit metadata.

    Example
    -------
    >>> DenominateArguments().denominators is None
    True
    """

    step: ClassVar[str] = "denominate"
    denominators: pd.DataFrame | None = None

    def __post_init__(self):
        check_type(self, "denominators", pd.DataFrame, "a pandas DataFrame (index = units) or None", optional=True)


def apply_denominate(data: CompositeData, framework: Framework, args: DenominateArguments):
    """Run the step with validated arguments; see :func:`denominate`."""
    source = data.meta if args.denominators is None else args.denominators
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


def denominate(data: CompositeData, framework: Framework, **arguments):
    """Divide each indicator that has a ``denominator`` in the framework by that unit-level quantity.

    Denominators are looked up in ``denominators`` (index = unit) if given, else in ``data.meta``; arguments
    as :class:`DenominateArguments`.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None],
    ...                              "denominator": ["pop", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [10.0]}, index=["A"]), pd.DataFrame({"pop": [4.0]}, index=["A"]))
    >>> float(denominate(d, fw)[0].values.loc["A", "x"])
    2.5
    """
    return apply_denominate(data, framework, DenominateArguments.from_mapping(arguments))
