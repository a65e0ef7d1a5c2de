"""The examples in the foundation modules' docstrings are run, so they stay true."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["innovlib.data", "innovlib.claims", "innovlib.text", "innovlib.html_safety", "innovlib.parameters", "innovlib.outputs", "innovlib.report",
           "innovlib.plots", "innovlib.frontmatter", "innovlib.verify", "innovlib.paths", "innovlib.checksums",
           "innovlib.runner", *(f"innovlib.runner.{name}" for name in (
               "tasks", "discovery", "planning", "cache", "scheduling", "execution", "provenance", "staging",
               "formatting"))]


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name, monkeypatch):
    monkeypatch.delenv("INNOVLIB_RUN_DIR", raising=False)
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
