"""Published and computed values: reading a catalogue figure, showing it as a reader writes it, comparing two.

Example
-------
>>> parse_published("75/59/42"), values_match([75, 59, 42], [75.0, 59.0, 42.0])
([75.0, 59.0, 42.0], True)
>>> display_published("42.3", "percent of GDP")
'42.3% of GDP'
"""

from __future__ import annotations

import math
from typing import Any

from innovlib.text import format_value, ordinal

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def display_published(value: Any, unit: str | None = None, comparison: str | None = None) -> str:
    """A catalogue figure as a reader would write it: 'July 2025', '2nd of 27 cities', '42.3% of GDP',
    'about 33.3% of national total', 'more than 27 bn CNY'; '—' when the statement has no figure.

    Example
    -------
    >>> display_published("7", "month of 2025 (date of the count)")
    'July 2025 (date of the count)'
    >>> display_published("2", "rank of 27 cities"), display_published("45", "rank on innovation intensity")
    ('2nd of 27 cities', '45th on innovation intensity')
    >>> display_published("33.3", "percent of GDP", "approx"), display_published("27", "bn CNY", "greater than")
    ('about 33.3% of GDP', 'more than 27 bn CNY')
    >>> display_published("150/50/10", "bn CNY"), display_published("6", "count"), display_published(None, "set")
    ('150 / 50 / 10 bn CNY', '6', '—')
    """
    figure = parse_published(value) if isinstance(value, str) or value is None else value
    if figure is None:
        return "—"
    unit = (unit or "").strip()
    text = format_value(figure)
    number = isinstance(figure, (int, float)) and not isinstance(figure, bool)
    whole = number and float(figure).is_integer()
    if unit.startswith("month of ") and whole and 1 <= int(figure) <= 12:
        shown = f"{MONTHS[int(figure) - 1]} {unit.removeprefix('month of ')}"
    elif unit.startswith("rank") and whole:
        rest = unit.removeprefix("rank").strip()
        shown = f"{ordinal(int(figure))} {rest}" if rest.split(" ")[0] in ("of", "on", "among", "by") else (
            f"{ordinal(int(figure))}" + (f" ({rest})" if rest else ""))
    elif unit.startswith("percent"):
        shown = f"{text}%{unit.removeprefix('percent')}"
    elif unit in ("count", ""):
        shown = text
    else:
        shown = f"{text} {unit}"
    prefix = {"approx": "about ", "greater than": "more than "}.get(comparison or "", "")
    return prefix + shown.strip()


def parse_published(text: str | None) -> float | str | list | None:
    """Turn a catalogue ``published_value`` into a number, a list of numbers, or keep the text.

    Example
    -------
    >>> parse_published("75/59/42")
    [75.0, 59.0, 42.0]
    >>> parse_published("42.3")
    42.3
    >>> parse_published("") is None
    True
    """
    if text is None or str(text).strip() == "":
        return None
    parts = str(text).split("/")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return str(text)
    return numbers[0] if len(numbers) == 1 else numbers


def as_list(value: Any) -> list:
    """A value as a list: a list, tuple or array element by element, anything else as a list of one.

    Example
    -------
    >>> as_list((1, 2)), as_list(3)
    ([1, 2], [3])
    """
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else [value]


def plain_value(value: Any) -> Any:
    """numpy/pandas scalars and arrays as plain Python, so verdicts serialise to JSON.

    Example
    -------
    >>> import numpy as np
    >>> plain_value({"n": np.int64(3), "xs": np.array([1.5, 2.0])})
    {'n': 3, 'xs': [1.5, 2.0]}
    """
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain_value(v) for k, v in value.items()}
    if hasattr(value, "item"):
        return value.item()
    return value


def values_match(computed: Any, published: Any, tolerance: float = 0.0, comparison: str = "equals") -> bool:
    """Whether a computed value matches a published one.

    Numbers match within an absolute ``tolerance``; lists element-wise (same length); text exactly.
    With ``comparison="greater than"`` a number matches when it exceeds the published one.

    Example
    -------
    >>> values_match([75, 59, 42], [75.0, 59.0, 42.0])
    True
    >>> values_match(7.24, 7.2, tolerance=0.05)
    True
    >>> values_match(5.3, 5, comparison="greater than")
    True
    """
    computed_items, published_items = as_list(computed), as_list(published)
    if len(computed_items) != len(published_items):
        return False
    for c, p in zip(computed_items, published_items):
        numeric = isinstance(c, (int, float)) and isinstance(p, (int, float)) and not isinstance(c, bool)
        if numeric:
            if math.isnan(float(c)):
                return False
            if comparison == "greater than":
                if not float(c) > float(p):
                    return False
            elif abs(float(c) - float(p)) > tolerance + 1e-12:
                return False
        elif c != p:
            return False
    return True
