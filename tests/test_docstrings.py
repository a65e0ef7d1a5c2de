"""The examples in the foundation modules' docstrings are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

MODULES = ["innovlib.data", "innovlib.claims", "innovlib.text", "innovlib.html_safety", "innovlib.parameters", "innovlib.outputs", "innovlib.report",
           "innovlib.runner", "innovlib.plots", "innovlib.frontmatter", "innovlib.verify", "innovlib.provenance",
           "innovlib.growth", "innovlib.patents", "innovlib.regional_shares"]
# every verdict module, as notebooks gain them
MODULES += [info.name for info in pkgutil.iter_modules(importlib.import_module("innovlib.findings").__path__,
                                                       "innovlib.findings.")]


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name, monkeypatch):
    monkeypatch.delenv("INNOVLIB_RUN_DIR", raising=False)
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
