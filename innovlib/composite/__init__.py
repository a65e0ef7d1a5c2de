"""Composite indicators: framework, replayable builds, analysis and uncertainty/sensitivity analysis.

Build a composite the way COINr (the JRC's R package) does, step by step, with every step logged so that
the build can be replayed with any argument changed:

>>> import pandas as pd
>>> from innovlib.composite import Framework, CompositeData, Build, Step, run_build
>>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
>>> data = CompositeData(pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 0.0]}, index=["A", "B"]))
>>> result = run_build(fw, data, Build([Step("normalise"), Step("aggregate", method="arithmetic")]))
>>> result.results()["Rank"].tolist()
[1, 1]

A build result carries its framework, data and build, so the analyses replay it from the result alone (as COINr's
functions take a coin):

>>> from innovlib.composite import Choice, uncertainty_analysis
>>> ua = uncertainty_analysis(result, [Choice.values("aggregate", "method", ["arithmetic", "geometric"])], n=10)
>>> ua.n_failed  # min-max gives zeros, so the geometric mean fails: those replications are dropped and counted
5

Layout: ``framework`` (hierarchy), ``data`` (the container), one module per build step (``denominate``,
``impute``, ``screen``, ``treat``, ``normalise``, ``aggregate``, registered in ``steps``), ``statistics``,
``results``, ``build`` (replay log), ``panel`` (several time points, COINr's purse), ``analysis`` (audit,
effective weights, comparing builds, removing elements), ``weighting`` (optimised weights), ``uncertainty``
(uncertainty analysis, the sampling of uncertain inputs), ``sensitivity`` (Sobol indices of the ranking and of
each unit's rank).
SALib and scipy are imported only by the functions that need them.
"""

from innovlib.composite.analysis import RemovalResult, remove_elements
from innovlib.composite.build import Build, BuildResult, Step, run_build
from innovlib.composite.data import CompositeData
from innovlib.composite.errors import NonPositiveValuesError, StepError
from innovlib.composite.framework import Framework, FrameworkError
from innovlib.composite.panel import PanelBuildResult, PanelData, build_panel, impute_panel
from innovlib.composite.results import rank_scores, results_table
from innovlib.composite.sensitivity import (SobolIndices, UnitSensitivity, plot_unit_sensitivity, sobol_indices,
                                           unit_sensitivity)
from innovlib.composite.uncertainty import Choice, DirichletWeights, UncertaintyResult, WeightNoise, uncertainty_analysis
from innovlib.composite.weighting import OptimisedWeights, optimised_weights

__all__ = ["Build", "BuildResult", "Choice", "CompositeData", "DirichletWeights", "Framework", "FrameworkError",
           "NonPositiveValuesError", "OptimisedWeights", "PanelBuildResult", "PanelData", "RemovalResult",
           "SobolIndices", "Step", "StepError", "UncertaintyResult", "UnitSensitivity", "WeightNoise", "build_panel",
           "impute_panel", "optimised_weights", "plot_unit_sensitivity", "rank_scores", "remove_elements",
           "results_table", "run_build", "sobol_indices", "uncertainty_analysis", "unit_sensitivity"]
