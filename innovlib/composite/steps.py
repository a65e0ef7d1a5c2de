"""The build steps, registered by name: one module per step, each with its frozen arguments and its methods.

======================  ==============================  =====================================================
step                    arguments                       methods found by name
======================  ==============================  =====================================================
``denominate``          :class:`DenominateArguments`    —
``impute``              :class:`ImputeArguments`        :data:`IMPUTE_METHODS`
``screen``              :class:`ScreenArguments`        :data:`SCREEN_RULES`
``treat``               :class:`TreatArguments`         :data:`TRANSFORMS`
``normalise``           :class:`NormaliseArguments`     :data:`NORMALISE_METHODS`
``aggregate``           :class:`AggregateArguments`     :data:`AGGREGATE_METHODS`
======================  ==============================  =====================================================

Each step module offers ``<step>(data, framework, **arguments)`` for direct use and ``apply_<step>(data,
framework, arguments)`` which a build runs with arguments validated when its :class:`~innovlib.composite.build.Step`
was made. This module also re-exports the names of the former single ``steps`` module.

Example
-------
>>> sorted(STEPS)
['aggregate', 'denominate', 'impute', 'normalise', 'screen', 'treat']
>>> STEPS["normalise"].arguments(method="borda").method
'borda'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from innovlib.composite.aggregate import (AGGREGATE_METHODS, AggregateArguments, aggregate, aggregate_array,
                                          aggregate_groups, aggregate_levels, aggregate_levels_array, apply_aggregate)
from innovlib.composite.data import CompositeData, Report
from innovlib.composite.denominate import DenominateArguments, apply_denominate, denominate
from innovlib.composite.errors import NonPositiveValuesError, StepError
from innovlib.composite.impute import IMPUTE_METHODS, ImputeArguments, apply_impute, impute
from innovlib.composite.normalise import (NORMALISE_METHODS, NormaliseArguments, apply_normalise, normalise,
                                          normalise_array)
from innovlib.composite.registry import StepArguments
from innovlib.composite.results import rank_scores, results_table
from innovlib.composite.screen import SCREEN_RULES, ScreenArguments, apply_screen, screen
from innovlib.composite.statistics import column_moments
from innovlib.composite.treat import (TRANSFORMS, TreatArguments, apply_treat, boxcox, log_ct, log_gii, treat,
                                      winsorise, winsorise_columns)


class StepDefinition(NamedTuple):
    """A registered build step: its argument class and the function running it with validated arguments."""

    arguments: type[StepArguments]
    apply: Callable


STEPS = {
    "denominate": StepDefinition(DenominateArguments, apply_denominate),
    "impute": StepDefinition(ImputeArguments, apply_impute),
    "screen": StepDefinition(ScreenArguments, apply_screen),
    "treat": StepDefinition(TreatArguments, apply_treat),
    "normalise": StepDefinition(NormaliseArguments, apply_normalise),
    "aggregate": StepDefinition(AggregateArguments, apply_aggregate),
}

__all__ = ["AGGREGATE_METHODS", "IMPUTE_METHODS", "NORMALISE_METHODS", "SCREEN_RULES", "STEPS", "TRANSFORMS",
           "AggregateArguments", "CompositeData", "DenominateArguments", "ImputeArguments", "NonPositiveValuesError",
           "NormaliseArguments", "Report", "ScreenArguments", "StepDefinition", "StepError", "TreatArguments",
           "aggregate", "aggregate_array", "aggregate_groups", "aggregate_levels", "aggregate_levels_array", "boxcox",
           "column_moments", "denominate", "impute", "log_ct", "log_gii", "normalise", "normalise_array",
           "rank_scores", "results_table", "screen", "treat", "winsorise", "winsorise_columns"]
