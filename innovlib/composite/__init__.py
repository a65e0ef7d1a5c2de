"""Composite indicators: framework, replayable builds, analysis and uncertainty/sensitivity analysis.

Build a composite the way COINr (the JRC's R package) does, step by step, with every step logged so that
the build can be replayed with any argument changed:

>>> import pandas as pd
>>> from innovlib.composite import Framework, CompositeData, Build, Step, run_build
>>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
>>> data = CompositeData(pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 0.0]}, index=["A", "B"]))
>>> run_build(fw, data, Build([Step("normalise"), Step("aggregate")])).results()["Rank"].tolist()
[1, 1]

Layout: ``framework`` (hierarchy), ``data`` (the container), one module per build step (``denominate``,
``impute``, ``screen``, ``treat``, ``normalise``, ``aggregate``, registered in ``steps``), ``statistics``,
``results``, ``build`` (replay log), ``panel`` (several time points, COINr's purse), ``analysis`` (audit),
``uncertainty`` (uncertainty and sensitivity).
SALib and scipy are imported only by the functions that need them.
"""

from innovlib.composite.build import Build, BuildResult, Step, run_build
from innovlib.composite.data import CompositeData
from innovlib.composite.errors import NonPositiveValuesError, StepError
from innovlib.composite.framework import Framework, FrameworkError
from innovlib.composite.panel import PanelBuildResult, PanelData, build_panel, impute_panel
from innovlib.composite.results import rank_scores, results_table

__all__ = ["Build", "BuildResult", "CompositeData", "Framework", "FrameworkError", "NonPositiveValuesError",
           "PanelBuildResult", "PanelData", "Step", "StepError", "build_panel", "impute_panel", "rank_scores",
           "results_table", "run_build"]
