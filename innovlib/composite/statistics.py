"""Statistics used by the build steps: sample skewness and excess kurtosis (COINr's definitions), per column.

For one series, use scipy: ``scipy.stats.skew(x, bias=False)`` and ``scipy.stats.kurtosis(x, bias=False)`` are
the same type-2 formulas (Excel, e1071 type 2, COINr). :func:`column_moments` computes them for every column of a
matrix at once, ignoring missing values, as winsorising needs them after each replaced point.
"""

from __future__ import annotations

import numpy as np


def column_moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sample skewness and excess kurtosis (type 2) of every column of ``x`` at once, ignoring missing values.

    Each column's values equal ``scipy.stats.skew(values, bias=False)`` and
    ``scipy.stats.kurtosis(values, bias=False)`` of its present values; the skewness is nan with fewer than three
    values, the kurtosis with fewer than four, and both for a constant column.

    Example
    -------
    >>> s, k = column_moments(np.array([[1.0, 1], [2, 2], [3, 3], [10, np.nan]]))
    >>> np.round(s, 4).tolist(), np.round(k, 4).tolist()
    ([1.7636, 0.0], [3.228, nan])
    >>> from scipy import stats
    >>> x = [1.0, 2, 3, 10]
    >>> round(float(stats.skew(x, bias=False)), 4), round(float(stats.kurtosis(x, bias=False)), 4)
    (1.7636, 3.228)
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
