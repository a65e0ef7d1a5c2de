"""One base for every error innovlib raises on purpose, so the command line reports each as one line."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import innovlib
from innovlib.errors import InnovlibError


def _innovlib_exceptions():
    for info in pkgutil.walk_packages(innovlib.__path__, "innovlib."):
        if info.name == "innovlib.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                yield f"{info.name}.{name}", value


def test_every_innovlib_exception_derives_from_innovlib_error():
    found = dict(_innovlib_exceptions())
    assert len(found) >= 12  # the package defines a dozen or so; an empty walk must not pass
    assert [name for name, cls in found.items() if not issubclass(cls, InnovlibError)] == []
