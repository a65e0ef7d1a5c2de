"""The decimals a number is written with: those it was published with or declared to have, never more.

A figure published as ``8.8`` is read into the binary float ``8.8000000000000007...``, and arithmetic on such
floats leaves noise in the last digits (``8.8 - 8.4`` is ``0.40000000000000036``). The noise sits far below the
twelfth significant digit, so a number is first cleaned to 12 significant digits (:func:`clean`); then

* :func:`stated_decimals` gives the decimals a column's values are written with (``8.8`` and ``5.25``: 2), or
  ``None`` when a value needs more than a limit: a computed ratio, whose precision the caller must declare;
* :func:`number_text` writes one number at given decimals, rounding half to even on its decimal text (``0.125``
  at 2 decimals is ``0.12``, ``0.135`` is ``0.14``), or, without decimals, in the shortest text that reads back
  as the cleaned number (``0.4``).

Both the tables a run saves (:func:`innovlib.outputs.save_table`) and the tables a notebook shows
(:func:`innovlib.tables.show`) write their numbers with these functions, so a figure reads the same in both.

Example
-------
>>> number_text(8.8 - 8.4), number_text(8.8 - 8.4, 2), stated_decimals([8.8, 5.25, 3.0])
('0.4', '0.40', 2)
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal

#: Significant digits kept of a float before its decimals are counted: float noise lies far below them.
SIGNIFICANT_DIGITS = 12
#: The most decimals a published figure is taken to carry; a value needing more is computed (a ratio, a mean).
STATED_DECIMALS_LIMIT = 6


def is_number(value) -> bool:
    """Whether ``value`` is a finite real number (a bool, a missing value or an infinity is not).

    Example
    -------
    >>> [is_number(v) for v in (1, 2.5, float("nan"), True, None, "3")]
    [True, True, False, False, False, False]
    """
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return False
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return math.isfinite(number) and type(value).__name__ not in ("bool_", "bool")


def clean(value: float) -> Decimal:
    """``value`` as a decimal of at most :data:`SIGNIFICANT_DIGITS` significant digits, float noise removed.

    Example
    -------
    >>> clean(0.39999999999999947), clean(2 / 3), clean(1200.0), clean(123456789012345.0)
    (Decimal('0.4'), Decimal('0.666666666667'), Decimal('1200'), Decimal('123456789012345'))
    """
    value = float(value)
    if value.is_integer() and abs(value) < 2**53:
        return Decimal(int(value))  # a whole number is exact in binary: nothing to clean
    number = Decimal(repr(value))
    # Quantize to the 12th significant digit, half to even, then drop trailing zeros (keeping an integer whole).
    exponent = number.adjusted() - SIGNIFICANT_DIGITS + 1
    rounded = number.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
    normal = rounded.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal


def decimals_of(value: float) -> int:
    """The decimals ``value`` is written with once float noise is removed (:func:`clean`).

    Example
    -------
    >>> decimals_of(8.8), decimals_of(8.0), decimals_of(0.39999999999999947), decimals_of(1 / 3)
    (1, 0, 1, 12)
    """
    return max(0, -clean(value).as_tuple().exponent)


def stated_decimals(values, limit: int = STATED_DECIMALS_LIMIT) -> int | None:
    """The decimals the numbers among ``values`` are written with: the most any one needs (missing values and
    text are skipped), or ``None`` when one needs more than ``limit`` (a computed value, not a published figure).

    Parameters
    ----------
    values : iterable
        The cells of one column.
    limit : int
        The most decimals taken as stated.

    Example
    -------
    >>> stated_decimals([8.8, 5.25, float("nan")]), stated_decimals([2 / 3, 1.5]), stated_decimals([])
    (2, None, 0)
    """
    most = 0
    for value in values:
        if is_number(value):
            most = max(most, decimals_of(value))
            if most > limit:
                return None
    return most


def number_text(value, decimals: int | None = None) -> str:
    """The text of a number: at ``decimals`` decimals (rounded half to even on its decimal text, trailing zeros
    kept: they state the precision), or, with ``decimals=None``, the shortest text of the number once float noise
    is removed. An integral number is written without a decimal point unless decimals are asked for.

    Parameters
    ----------
    value : int or float
        A finite number (:func:`is_number`).
    decimals : int, optional
        Decimals to write, at least 0.

    Example
    -------
    >>> number_text(0.39999999999999947), number_text(7.0), number_text(0.125, 2), number_text(2.675, 2)
    ('0.4', '7', '0.12', '2.68')
    >>> number_text(-0.001, 1), number_text(12345678.0, 1)
    ('0.0', '12345678.0')
    """
    number = clean(value)
    if decimals is not None:
        if decimals < 0:
            raise ValueError(f"decimals must be at least 0, got {decimals}")
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
        if number == 0:
            number = abs(number)  # -0.0 reads as a sign the figure does not have
    return f"{number:f}"
