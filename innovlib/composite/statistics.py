"""Statistics used by the build steps: sample skewness and kurtosis (COINr's definitions), per column."""

from __future__ import annotations

import numpy as np


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
