"""Registries: build steps and their methods are found by name, as COINr's ``f_n = "n_minmax"``.

Adding a method is adding a function with ``@REGISTRY.register("name")``; adding a step is adding a module with
a frozen argument class (a :class:`StepArguments`) and registering it in :data:`innovlib.composite.steps.STEPS`.
Arguments are validated when the argument object is made, so a bad build fails before anything runs, with a
message naming the step and the argument.
"""

from __future__ import annotations

import dataclasses
import numbers
from collections.abc import Callable, Mapping
from typing import ClassVar

import numpy as np

from innovlib.composite.errors import StepError


class MethodRegistry(Mapping):
    """Methods of one build step, by name; each may carry properties (e.g. whether it needs positive values).

    Example
    -------
    >>> scalers = MethodRegistry("normalise")
    >>> @scalers.register("double")
    ... def double(x):
    ...     return 2 * x
    >>> scalers["double"](3), list(scalers)
    (6, ['double'])
    >>> scalers.check("triple", "method")
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'normalise', argument 'method': 'triple' unknown; expected one of ['double']
    """

    def __init__(self, step: str):
        self.step = step
        self._functions: dict[str, Callable] = {}
        self._properties: dict[str, dict] = {}

    def register(self, name: str, **properties):
        """Decorator registering ``function`` under ``name`` (a name is registered once)."""
        def add(function: Callable) -> Callable:
            if name in self._functions:
                raise ValueError(f"{self.step}: method '{name}' registered twice")
            self._functions[name] = function
            self._properties[name] = dict(properties)
            return function
        return add

    def properties(self, name: str) -> dict:
        """The properties given when ``name`` was registered."""
        return self._properties[name]

    def check(self, name, argument: str = "method") -> str:
        """``name`` if registered, else a :class:`StepError` naming the step, the argument and the known names."""
        if not isinstance(name, str) or name not in self._functions:
            raise StepError(f"build step '{self.step}', argument '{argument}': {name!r} unknown; "
                            f"expected one of {sorted(self._functions)}")
        return name

    def __getitem__(self, name: str) -> Callable:
        self.check(name)
        return self._functions[name]

    def __iter__(self):
        return iter(self._functions)

    def __len__(self):
        return len(self._functions)

    def __repr__(self):
        return f"MethodRegistry({self.step!r}, {sorted(self._functions)})"


@dataclasses.dataclass(frozen=True)
class StepArguments:
    """Base of the frozen, validated arguments of a build step (subclasses set ``step`` and define fields).

    Subclasses validate in ``__post_init__`` with the ``check_*`` helpers below.

    Example
    -------
    >>> @dataclasses.dataclass(frozen=True)
    ... class ScaleArguments(StepArguments):
    ...     step: ClassVar[str] = "scale"
    ...     factor: float = 1.0
    ...     def __post_init__(self):
    ...         check_number(self, "factor", low=0)
    >>> ScaleArguments.from_mapping({"factor": 2}).factor
    2
    >>> ScaleArguments.from_mapping({"factr": 2})
    Traceback (most recent call last):
    ...
    innovlib.composite.errors.StepError: build step 'scale': unknown argument(s) ['factr']; expected some of ['factor']
    """

    step: ClassVar[str] = "step"

    @classmethod
    def argument_names(cls) -> list[str]:
        return [f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")]  # _fields are derived

    @classmethod
    def from_mapping(cls, arguments: Mapping | None = None):
        """Validated arguments from a mapping of names to values (unknown names are an error)."""
        arguments = dict(arguments or {})
        unknown = sorted(set(arguments) - set(cls.argument_names()))
        if unknown:
            raise StepError(f"build step '{cls.step}': unknown argument(s) {unknown}; "
                            f"expected some of {cls.argument_names()}")
        return cls(**arguments)

    def as_dict(self) -> dict:
        """Every argument, defaults included."""
        return {name: getattr(self, name) for name in self.argument_names()}


def _fail(args: StepArguments, name: str, expected: str, value=None):
    value = getattr(args, name) if value is None else value
    raise StepError(f"build step '{args.step}', argument '{name}': expected {expected}, got {value!r}")


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not np.isnan(value)


def check_number(args: StepArguments, name: str, *, low=None, high=None, integer: bool = False,
                 optional: bool = False, value=None):
    """A real number (or int) within [low, high]; ``None`` only if ``optional``."""
    value = getattr(args, name) if value is None else value
    if value is None and optional:
        return
    kind = "an integer" if integer else "a number"
    bounds = (f" >= {low}" if low is not None else "") + (f" and <= {high}" if high is not None else "")
    if not _is_number(value) or (integer and int(value) != value):
        _fail(args, name, kind + bounds + (" or None" if optional else ""), value)
    if (low is not None and value < low) or (high is not None and value > high):
        _fail(args, name, kind + bounds, value)


def check_choice(args: StepArguments, name: str, allowed, value=None):
    """One of ``allowed`` (a tuple of names or a :class:`MethodRegistry`)."""
    value = getattr(args, name) if value is None else value
    if isinstance(allowed, MethodRegistry):
        allowed.check(value, name)
    elif value not in allowed:
        _fail(args, name, f"one of {list(allowed)}", value)


def check_type(args: StepArguments, name: str, types, expected: str, optional: bool = False):
    """An instance of ``types``; ``None`` only if ``optional``."""
    value = getattr(args, name)
    if value is None and optional:
        return
    if not isinstance(value, types):
        _fail(args, name, expected, value)
