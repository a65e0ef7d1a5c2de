"""One look for every figure. Figures use English labels so they render without a CJK font.

Example
-------
>>> from innovlib import plots
>>> plots.set_theme()
"""

from __future__ import annotations


def set_theme() -> None:
    """Apply innovlib's seaborn theme (white grid, colour-blind palette, readable sizes)."""
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette="colorblind", context="notebook")
    mpl.rcParams.update({"figure.figsize": (8, 4.5), "figure.dpi": 100, "axes.titleweight": "bold", "savefig.bbox": "tight"})
