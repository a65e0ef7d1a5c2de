"""Errors of the composite engine: every one is a :class:`StepError` (a ``ValueError``) naming the step."""

from __future__ import annotations


class StepError(ValueError):
    """A build step that cannot run on its input (bad argument, missing column, invalid values)."""


class NonPositiveValuesError(StepError):
    """Geometric/harmonic aggregation met zero or negative values under the 'error' policy."""
