"""One look for every figure, and the figures the notebooks draw more than once, one module per kind of figure.

- :mod:`innovlib.plots.theme`: the palette, markers and seaborn theme, legends outside, the shared axes and tick
  helpers;
- :mod:`innovlib.plots.bars`: value bars (a dot plot when values are close), stacked shares, bar panels;
- :mod:`innovlib.plots.lines`: lines and rank paths over editions, path panels, scores linear in one unknown;
- :mod:`innovlib.plots.grids`: heat maps of a table and of a grid of two parameters;
- :mod:`innovlib.plots.intervals`: rank intervals under uncertainty;
- :mod:`innovlib.plots.figures`: :func:`show`, which shows a figure numbered, captioned, with alt text, as SVG;
- :mod:`innovlib.plots.grades`: which points rest only on sources graded secondary (drawn hollow).

Every figure is a pure function: a DataFrame in, a matplotlib Axes out (drawn on ``ax`` when one is given, on a
new figure otherwise); nothing is shown or saved until the notebook calls :func:`show`. The rules they enforce:

- every figure shown has a number, a caption under it and alt text saying what it shows;
- a line never crosses a missing edition or year: it breaks and the gap is written; years are a real axis;
- points resting only on sources graded secondary are hollow, and the legend says so;
- bars and value axes start at zero, or the axis label says it does not; when the values differ by little relative
  to their size, a dot plot replaces the bars (an axis cut to make bars differ would make lengths lie);
- every axis that carries values has a label with its unit; legends sit outside the data area;
- colours come from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), each paired
  with its own marker, and a line chart colours only a few named units, greying the others;
- labels are English (Shenzhen, not 深圳), so figures render without a CJK font.

The notebooks call the figures from here (``plots.value_bars(...)``). :func:`stray_outputs`, a check of what an
executed notebook shows, lives in :mod:`innovlib.notebook_outputs` and is importable from here as before.

Example
-------
>>> import pandas as pd
>>> from innovlib import plots
>>> plots.set_theme()
>>> ax = plots.value_bars(pd.DataFrame({"city": ["Tokyo", "Paris"], "score": [46.8, 30.2]}), "city", "score",
...                       value_label="score (points)")
>>> float(ax.get_xlim()[0])
0.0
"""

from __future__ import annotations

from innovlib.notebook_outputs import stray_outputs
from innovlib.plots.bars import bar_panels, share_bars, value_bars
from innovlib.plots.figures import describe, show
from innovlib.plots.grades import secondary_points
from innovlib.plots.grids import grid_heatmap, value_grid
from innovlib.plots.intervals import rank_intervals
from innovlib.plots.lines import lines_in_x, path_panels, paths, rank_paths
from innovlib.plots.theme import GREY, MARKERS, PALETTE, legend_outside, set_theme

__all__ = ["GREY", "MARKERS", "PALETTE", "bar_panels", "describe", "grid_heatmap", "legend_outside", "lines_in_x",
           "path_panels", "paths", "rank_intervals", "rank_paths", "secondary_points", "set_theme", "share_bars",
           "show", "stray_outputs", "value_bars", "value_grid"]
