"""Errors of the composite engine: every one is a :class:`StepError` (an :class:`~innovlib.errors.InnovlibError` and a
``ValueError``) naming the step."""

from __future__ import annotations

from innovlib.errors import InnovlibError


class StepError(InnovlibError, ValueError):
    """A build step that cannot run on its input (bad argument, missing column, invalid values)."""


class NonPositiveValuesError(StepError):
    """Geometric/harmonic aggregation met zero or negative values under the 'error' policy."""
