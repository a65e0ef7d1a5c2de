"""Notebooks narrate: their code calls the library and defines nothing of its own."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from conftest import PROJECT_ROOT

NOTEBOOKS = sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb"))


def _code_cells(path):
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_defines_no_function_or_class(path):
    """Functions and classes belong in innovlib, where they are tested and documented."""
    defined = [f"{node.name} (line {node.lineno} of cell {i})"
               for i, source in enumerate(_code_cells(path), start=1)
               for node in ast.walk(ast.parse(source))
               if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    assert not defined, f"{path.name} defines {defined}; move them into innovlib"


#: Non-blank code lines one notebook may carry, parameters cell included (the largest today, gii_clusters, has 103).
CODE_LINES_PER_NOTEBOOK = 120


def code_lines(path) -> int:
    """Non-blank code lines of the notebook at ``path``, parameters cell included."""
    return sum(1 for source in _code_cells(path) for line in source.splitlines() if line.strip())


def test_code_lines_count_every_non_blank_line_of_code_cells(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("x = 1\n\n   \ny = 2  # comment"), nbformat.v4.new_markdown_cell("a\nb"),
                      nbformat.v4.new_code_cell("# a comment line counts too\n")]
    nbformat.write(notebook, tmp_path / "n.ipynb")
    assert code_lines(tmp_path / "n.ipynb") == 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_code_stays_within_its_budget(path):
    """Each notebook carries at most CODE_LINES_PER_NOTEBOOK non-blank code lines: the computing lives in innovlib, the
    notebook calls it and narrates. The budget is per notebook, so adding a finding never fails another's test."""
    assert code_lines(path) <= CODE_LINES_PER_NOTEBOOK, f"{path.name}: {code_lines(path)} code lines"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_reaches_its_verdicts_one_way(path):
    """Every notebook imports the findings package alone and calls ``findings.<notebook>.<claim>(...)``, so the
    module that decides a verdict is named at the call."""
    imports = [line.strip() for source in _code_cells(path) for line in source.splitlines()
               if line.startswith(("import innovlib.findings", "from innovlib.findings"))]
    assert imports == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_computes_with_the_analysis_of_its_own_name(path):
    """A notebook's tables come from ``analyses.<notebook>``, named like the notebook and its findings module, so the
    analysis behind a finding is found by its name (PUDL's same stem in each stage)."""
    source = "\n".join(_code_cells(path))
    assert set(re.findall(r"\banalyses\.(\w+)", source)) <= {path.stem}
    assert not [line for line in source.splitlines()
                if line.startswith(("import innovlib.analyses", "from innovlib.analyses"))]


def test_every_analysis_module_is_named_like_a_notebook_and_its_findings_module():
    package = PROJECT_ROOT / "innovlib"
    analyses = {p.stem for p in (package / "analyses").glob("*.py")} - {"__init__"}
    assert analyses and analyses <= {p.stem for p in NOTEBOOKS}
    assert analyses <= {p.stem for p in (package / "findings").glob("*.py")}
