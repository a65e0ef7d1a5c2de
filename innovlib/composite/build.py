"""Replayable builds: an ordered log of named steps with their arguments.

A :class:`Build` is a tuple of :class:`Step` records; :func:`run_build` executes it on a framework and data
and keeps every intermediate dataset. ``build.with_args(k, ...)`` gives the same build with the k-th step's
arguments changed, which is how uncertainty analysis replays alternatives.

A :class:`BuildResult` carries its framework, input data and build (as COINr's coin carries its data and log), so
the analyses that replay a build take the result alone: ``uncertainty_analysis(result, ...)``. They also accept
the triple ``(framework, data, build)`` in its place (:func:`takes_result`).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from innovlib.composite.data import CompositeData
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.results import results_table
from innovlib.composite.steps import STEPS


@dataclass(frozen=True)
class Step:
    """One logged build step: a step name from :data:`~innovlib.composite.steps.STEPS` and its arguments.

    Arguments are given as a dict, as keywords, or both (an argument given twice is an error). They are
    validated when the step is made (so when a :class:`Build` is made, before anything runs): an unknown step,
    argument or method, or a bad value, is a :class:`StepError` naming the step and the argument. ``args`` keeps
    the arguments as given (the replay log); ``params`` holds them validated, as the step's frozen argument
    object with defaults filled in. A step is immutable: change arguments with :meth:`Build.with_args`, never
    in place.

    Example
    -------
    >>> Step("treat", winmax=3) == Step("treat", {"winmax": 3})
    True
    >>> Step("normalise", {"method": "zscore"}).params.sd
    1.0
    >>> Step("normalise", {"method": "zscor"})
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'normalise', argument 'method': 'zscor' unknown; expected one of ['borda', 'dist_to_max', 'dist_to_ref', 'dist_to_target', 'fracmax', 'goalposts', 'minmax', 'none', 'percentile_rank', 'rank', 'scaled', 'zscore']
    """

    name: str
    args: dict

    def __init__(self, name: str, args: dict | None = None, /, **arguments):
        if name not in STEPS:
            raise StepError(f"build step '{name}' unknown; expected one of {sorted(STEPS)}")
        if args is None:
            args = {}
        if not isinstance(args, dict):
            raise StepError(f"build step '{name}': arguments must be a dict, got {type(args).__name__}")
        twice = sorted(set(args) & set(arguments))
        if twice:
            raise StepError(f"build step '{name}': argument(s) {twice} given both in the dict and as keywords")
        args = {**args, **arguments}
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "params", STEPS[name].arguments.from_mapping(args))
        object.__setattr__(self, "_key", (name, _freeze(args)))

    def key(self) -> tuple:
        """A hashable identity of the step (name + arguments), used to share computations."""
        return self._key


def _freeze(value):
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, pd.DataFrame):
        return ("DataFrame", id(value))
    return value


@dataclass(frozen=True)
class Build:
    """An ordered build log (a step may appear more than once).

    Example
    -------
    >>> b = Build([Step("normalise"), Step("aggregate")])
    >>> b.with_args(0, method="rank").steps[0].args
    {'method': 'rank'}
    """

    steps: tuple

    def __init__(self, steps):
        object.__setattr__(self, "steps", tuple(steps))

    def __len__(self):
        return len(self.steps)

    def index_of(self, name: str) -> int:
        """Position of the step called ``name``; an error if absent or ambiguous.

        Example
        -------
        >>> Build([Step("normalise"), Step("aggregate")]).index_of("aggregate")
        1
        """
        hits = [i for i, s in enumerate(self.steps) if s.name == name]
        if not hits:
            raise StepError(f"build has no step '{name}' (steps: {[s.name for s in self.steps]})")
        if len(hits) > 1:
            raise StepError(f"build has step '{name}' at positions {hits}; give the position instead")
        return hits[0]

    def position(self, step: int | str) -> int:
        if isinstance(step, str):
            return self.index_of(step)
        if not 0 <= step < len(self.steps):
            raise StepError(f"build has no step at position {step} (it has {len(self.steps)} steps)")
        return step

    def with_args(self, step: int | str, **changes) -> "Build":
        """The same build with the given step's arguments updated."""
        k = self.position(step)
        new = list(self.steps)
        new[k] = Step(new[k].name, {**new[k].args, **changes})
        return Build(new)

    def to_records(self) -> list[dict]:
        return [{"position": i, "step": s.name, "args": dict(s.args)} for i, s in enumerate(self.steps)]


@dataclass
class BuildResult:
    """Outputs of :func:`run_build`: the framework, input data and build it came from, the data after every step
    and the step reports.

    ``data`` is None only for a time point of a panel normalised globally (:func:`~innovlib.composite.panel.
    build_panel`), which cannot be replayed alone.
    """

    framework: Framework
    build: Build
    datasets: list  # CompositeData after each step (same order as build.steps)
    reports: list
    data: CompositeData | None = None  # the input of the first step

    @property
    def final(self) -> CompositeData:
        return self.datasets[-1]

    def dataset(self, step: int | str) -> pd.DataFrame:
        """Unit values after a step (by position or unique name)."""
        return self.datasets[self.build.position(step)].values

    def results(self, decimals: int | None = 2) -> pd.DataFrame:
        return results_table(self.final, self.framework, decimals)


def run_step(step: Step, data: CompositeData, framework: Framework):
    """Run one step with its validated arguments: (data after the step, the step's report)."""
    return STEPS[step.name].apply(data, framework, step.params)


def run_build(framework: Framework, data: CompositeData, build: Build) -> BuildResult:
    """Run every step in order, keeping every intermediate dataset.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 1.0]}, index=["A", "B"]))
    >>> res = run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))
    >>> res.results()["I"].tolist()
    [50.0, 50.0]
    """
    datasets, reports = [], []
    state = data
    for step in build.steps:
        state, report = run_step(step, state, framework)
        datasets.append(state)
        reports.append(report)
    return BuildResult(framework, build, datasets, reports, data)


def replay_inputs(result: BuildResult, analysis: str) -> tuple[Framework, CompositeData, Build]:
    """The framework, input data and build of ``result``, for an analysis that replays the build.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
    >>> replay_inputs(run_build(fw, d, Build([Step("aggregate")])), "my_analysis")[1] is d
    True
    >>> replay_inputs(d, "my_analysis")
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: my_analysis: result must be a BuildResult (from run_build), got CompositeData
    """
    if not isinstance(result, BuildResult):
        raise StepError(f"{analysis}: result must be a BuildResult (from run_build), got {type(result).__name__}")
    if result.data is None:
        raise StepError(f"{analysis}: result has no input data to replay (a time point of a panel normalised "
                        "globally cannot be rebuilt alone)")
    return result.framework, result.data, result.build


def takes_result(analysis):
    """Let an analysis whose first argument is a :class:`BuildResult` also take ``framework, data, build`` there.

    The triple form, ``analysis(framework, data, build, ...)``, runs the build first; every other argument is
    passed on unchanged.

    Example
    -------
    >>> @takes_result
    ... def n_steps(result, extra=0):
    ...     return len(result.build) + extra
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
    >>> b = Build([Step("normalise"), Step("aggregate")])
    >>> n_steps(run_build(fw, d, b)), n_steps(fw, d, b, extra=1)
    (2, 3)
    """
    @functools.wraps(analysis)
    def wrapper(result, *args, **kwargs):
        if isinstance(result, Framework):
            if len(args) < 2:
                raise StepError(f"{analysis.__name__}: a framework as first argument must be followed by data and "
                                "build (or pass the result of run_build alone)")
            data, build, *args = args
            result = run_build(result, data, build)
        return analysis(result, *args, **kwargs)
    return wrapper
