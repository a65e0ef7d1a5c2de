"""Wording helpers for result prose built from computed values (never Python reprs in a sentence).

Example
-------
>>> f"Shanghai is {ordinal(1)}; the leaders are {names(['Shanghai', 'Beijing', 'Jiangsu'])}."
'Shanghai is 1st; the leaders are Shanghai, Beijing and Jiangsu.'
"""

from __future__ import annotations

from typing import Any, Iterable


def ordinal(n: int) -> str:
    """``1`` → ``'1st'``, ``22`` → ``'22nd'``, ``13`` → ``'13th'``.

    Example
    -------
    >>> [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)]
    ['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st']
    """
    n = int(n)
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def names(items: Iterable, conjunction: str = "and") -> str:
    """Items joined as in a sentence: ``'a, b and c'``; empty for no items.

    Example
    -------
    >>> names(["Beijing"]), names(["Beijing", "Shanghai"]), names([])
    ('Beijing', 'Beijing and Shanghai', '')
    >>> names([2023, 2024, 2025], conjunction="to")
    '2023, 2024 to 2025'
    """
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def format_value(value: Any) -> str:
    """A value as a reader should see it: numbers without float noise, lists joined with ' / '.

    Example
    -------
    >>> format_value([75.0, 59, "Tokyo"])
    '75 / 59 / Tokyo'
    >>> format_value(None)
    '—'
    >>> format_value(True)
    'yes'
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return " / ".join(format_value(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    return str(value)
