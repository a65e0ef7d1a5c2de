"""The package's rooms: an import graph read from the source (imports inside functions count) has no circle, the
runner imports nothing from the layers above it, the claims package nothing from the layers that use it (and the
names its callers use are all exported), the analyses nothing of claims, the composite engine nothing from domain
modules, and every function of the command line stays simple (cyclomatic complexity at most 10).

The graph is built from the abstract syntax tree, not by importing: ``from innovlib.runner import sweep`` is an edge
to the module ``innovlib.runner.sweep``, ``from innovlib.runner import run`` one to the package
``innovlib.runner`` (its ``__init__``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "innovlib"
TESTS = Path(__file__).resolve().parent

# What the runner must not know: claims and verdicts, the findings, the report, the notebook pages, a site.
ABOVE_THE_RUNNER = ("innovlib.claims", "innovlib.findings", "innovlib.report", "innovlib.frontmatter",
                    "innovlib.site")
# What the verdict model must not know: the layers built on it (decisions, pages, the report, the analyses).
ABOVE_THE_CLAIMS = ("innovlib.findings", "innovlib.report", "innovlib.frontmatter", "innovlib.analyses",
                    "innovlib.site", "innovlib.cli")
# All the generic composite engine may import of innovlib outside itself (rankings is a generic library too).
COMPOSITE_MAY_IMPORT = ("innovlib.composite", "innovlib.errors", "innovlib.rankings")
DOMAIN_MODULES = ("innovlib.analyses", "innovlib.clusters", "innovlib.growth", "innovlib.findings")
MAX_COMPLEXITY = 10


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _known(name: str) -> str:
    """The innovlib module or package an imported name lives in."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def _targets(node: ast.AST, module: str) -> set[str]:
    """The innovlib modules one import statement of ``module`` imports."""
    if isinstance(node, ast.Import):
        return {_known(alias.name) for alias in node.names if alias.name.split(".")[0] == "innovlib"}
    if not isinstance(node, ast.ImportFrom):
        return set()
    base = node.module or ""
    if node.level:  # a relative import: from the module's own package
        package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        base = ".".join(package[: len(package) - node.level + 1] + ([base] if base else []))
    if base.split(".")[0] != "innovlib":
        return set()
    return {f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else _known(base) for alias in node.names}


def import_graph() -> dict[str, set[str]]:
    """Every innovlib module and the innovlib modules it imports, anywhere in its body (functions included)."""
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = {target for node in ast.walk(tree) for target in _targets(node, module)} - {module}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


GRAPH = import_graph()


def test_the_graph_sees_imports_inside_functions():
    """The walk is not blind: a function-local import is an edge (the runner's lazy papermill is not innovlib)."""
    assert "innovlib.runner.hooks" in GRAPH["innovlib.runner.execution"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse("def f():\n    from innovlib.runner import sweep\n")
    assert {t for node in ast.walk(tree) for t in _targets(node, "innovlib.cli")} == {"innovlib.runner.sweep"}


def test_no_import_circle():
    assert circles(GRAPH) == []


@pytest.mark.parametrize("module", sorted(m for m in MODULES if within(m, ("innovlib.runner",))))
def test_the_runner_imports_nothing_from_the_layers_above_it(module):
    above = sorted(target for target in GRAPH[module] if within(target, ABOVE_THE_RUNNER) or target == "innovlib")
    assert above == [], f"{module} imports {above}; register a post-run hook instead (innovlib.runner.hooks)"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if within(m, ("innovlib.claims",))))
def test_the_claims_package_imports_nothing_from_the_layers_that_use_it(module):
    above = sorted(target for target in GRAPH[module] if within(target, ABOVE_THE_CLAIMS) or target == "innovlib")
    assert above == [], f"{module} imports {above}: findings, pages, the report and analyses build on claims"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if within(m, ("innovlib.analyses",))))
def test_the_analyses_import_nothing_of_claims(module):
    """An analysis computes tables from data; verdicts are decided in findings (a data row's sources: innovlib.data)."""
    assert not any(within(target, ("innovlib.claims",)) for target in GRAPH[module]), GRAPH[module]


def names_used_from_claims() -> dict[str, set[str]]:
    """Every name code outside the claims package takes from it (``claims.X``, ``from innovlib.claims import X``),
    read from the syntax trees of innovlib, the tests and the notebooks' code cells, with the files using each."""
    import json

    sources = {path: path.read_text(encoding="utf-8") for path in [*PACKAGE.rglob("*.py"), *TESTS.rglob("*.py")]
               if not within(module_name(path) if path.is_relative_to(PACKAGE) else "", ("innovlib.claims",))}
    for notebook in sorted((PACKAGE.parent / "notebooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        sources[notebook] = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    used: dict[str, set[str]] = {}
    for path, text in sources.items():
        tree = ast.parse(text)
        names = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "innovlib.claims" for alias in node.names}
        imports_the_package = any(isinstance(node, ast.ImportFrom) and node.module == "innovlib"
                                  and any(alias.name == "claims" for alias in node.names) for node in ast.walk(tree))
        if imports_the_package:  # (elsewhere ``claims`` may name a table)
            names |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
                      and isinstance(node.value, ast.Name) and node.value.id == "claims"}
        for name in names:
            used.setdefault(name, set()).add(path.name)
    return used


def test_the_claims_package_exports_every_name_its_callers_use():
    import innovlib.claims

    used = names_used_from_claims()
    assert {"Audit", "lookup", "lookup_source", "findings_markdown", "row_sources"} <= set(used)  # the walk sees them
    missing = {name: sorted(files) for name, files in used.items() if not hasattr(innovlib.claims, name)}
    assert missing == {}, f"names used outside innovlib.claims that it does not export: {missing}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if within(m, ("innovlib.composite",))))
def test_the_composite_engine_imports_no_domain_module(module):
    outside = sorted(target for target in GRAPH[module] if not within(target, COMPOSITE_MAY_IMPORT))
    assert outside == [], f"{module} imports {outside}: the engine is generic, domain code builds on it"
    assert not any(within(target, DOMAIN_MODULES) for target in GRAPH[module])


def complexity(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """McCabe's cyclomatic complexity, counted from the syntax tree as radon counts it: 1, plus one per ``if``,
    ``elif``, conditional expression, loop, ``except``, ``assert``, comprehension ``for`` and ``if``, ``match``
    case, and each extra operand of ``and``/``or``. Nested functions are counted on their own.

    Example: ``def f(x): return 1 if x and x > 2 else 0`` has complexity 3.
    """
    count = 1
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, (ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.Assert,
                             ast.match_case)):
            count += 1
        elif isinstance(node, ast.comprehension):
            count += 1 + len(node.ifs)
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        todo.extend(ast.iter_child_nodes(node))
    return count


def test_complexity_counts_branches():
    tree = ast.parse("def f(x):\n    return 1 if x and x > 2 else 0\n"
                     "def g(xs):\n    for x in xs:\n        try:\n            pass\n        except ValueError:\n"
                     "            pass\n    return [x for x in xs if x]\n")
    assert [complexity(f) for f in tree.body] == [3, 5]


def test_every_function_of_the_command_line_is_simple():
    path = PACKAGE / "cli.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    too_complex = {f.name: complexity(f) for f in functions if complexity(f) > MAX_COMPLEXITY}
    assert functions and too_complex == {}


# The one import of innovlib's own deferred on purpose: a sweep summary's charts need innovlib.plots (matplotlib and
# seaborn, about a second); every other command would pay for it at start-up. The graph above still sees the edge.
DEFERRED_IMPORTS = {("innovlib.runner.sweep_page", "scalar_chart"): {"innovlib.plots"}}


def local_imports(module: str) -> list[int]:
    """Lines where ``module`` imports an innovlib module inside a function (a cycle dodged, or a layer hidden),
    less the :data:`DEFERRED_IMPORTS`."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    lines = []
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            allowed = DEFERRED_IMPORTS.get((module, function.name), set())
            lines += [node.lineno for node in ast.walk(function) if set(_targets(node, module)) - allowed]
    return sorted(set(lines))


def test_the_deferred_import_is_the_one_named():
    """The allowance is not blind: sweep_page's chart imports innovlib.plots, and nothing else inside a function."""
    assert local_imports("innovlib.runner.sweep_page") == []
    source = MODULES["innovlib.runner.sweep_page"].read_text(encoding="utf-8")
    assert "    from innovlib.plots import" in source


@pytest.mark.parametrize("module", sorted(m for m in MODULES if within(m, (
    "innovlib.runner", "innovlib.cli", "innovlib.frontmatter", "innovlib.report", "innovlib.claims",
    "innovlib.escaping", "innovlib.text", "innovlib.outputs", "innovlib.parameters", "innovlib.data"))))
def test_innovlib_modules_are_imported_at_the_top(module):
    """Imports of innovlib's own modules sit at the top of these modules, where the import graph above sees them
    as the layering they are (heavy third-party packages may still be imported where they are used)."""
    assert local_imports(module) == []


def test_a_fresh_process_calls_the_hooks_the_settings_name():
    """Hooks are imported by name on first use: every dispatcher, not only the first one a run calls, must load them
    (a fresh `innovlib verify` once compared no verdicts because its first call read the list directly)."""
    import subprocess
    import sys

    probe = "from innovlib.runner import hooks; print(sorted(hooks.required_outputs()))"
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "claims.json" in shown
