"""Every public definition of the package has a test or an example: each module-level function and class whose
name has no leading underscore either shows a ``>>>`` example in its docstring (run by ``--doctest-modules``) or
is named in a test file under ``tests/``.

Both sides are read from the source, nothing is imported: the definitions from each module's abstract syntax
tree (a name a module only imports and re-exports is not its definition), the names the tests use from the tokens
of every ``tests/**/*.py`` file, code and strings but not comments (a name mentioned in a comment tests nothing).
One case per module, so a failure names the module and lists what in it lacks a test.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "innovlib"
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def module_name(path: Path) -> str:
    """The dotted name of the module at ``path`` (a package is named by its folder)."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _has_example(node: ast.AST) -> bool:
    """``>>>`` in the docstring of a function, or of a class or any of its methods."""
    nodes = ast.walk(node) if isinstance(node, ast.ClassDef) else [node]
    return any(">>>" in (ast.get_docstring(n) or "") for n in nodes
               if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def public_definitions(source: str) -> dict[str, bool]:
    """The public functions and classes defined at a module's top level, each with whether its docstring has an
    example.

    >>> public_definitions('def f():\\n    \\"\\"\\">>> f()\\"\\"\\"\\nclass C: pass\\ndef _g(): pass\\nfrom os import path')
    {'f': True, 'C': False}
    """
    tree = ast.parse(source)
    return {node.name: _has_example(node) for node in tree.body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            and not node.name.startswith("_")}


def names_used(source: str) -> set[str]:
    """The identifiers in a Python source outside its comments: names in the code and words in its strings.

    >>> sorted(names_used('x = run(1)  # shuffle\\ncheck("sweep.summary_rows")'))
    ['check', 'run', 'summary_rows', 'sweep', 'x']
    """
    words = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            words.add(token.string)
        elif token.type in (tokenize.STRING, getattr(tokenize, "FSTRING_MIDDLE", tokenize.STRING)):
            words.update(WORD.findall(token.string))
    return words


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name, leaving out private modules (``_name.py``)."""
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))
            if not path.name.startswith("_") or path.name in ("__init__.py", "__main__.py")}


MODULES = _modules()


@pytest.fixture(scope="module")
def tested_names() -> set[str]:
    """Every name used by the test files (this one left out: it names no definition of the package)."""
    names = set()
    for path in TESTS.rglob("*.py"):
        if path != Path(__file__).resolve():
            names |= names_used(path.read_text(encoding="utf-8"))
    return names


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_public_definition_has_a_test_or_an_example(module, tested_names):
    definitions = public_definitions(MODULES[module].read_text(encoding="utf-8"))
    untested = sorted(name for name, has_example in definitions.items()
                      if not has_example and name not in tested_names)
    assert not untested, f"{module}: no doctest and no test names {', '.join(untested)}"


def test_the_checker_finds_definitions_and_ignores_comments():
    source = "class Plan:\n    def go(self):\n        '''>>> Plan().go()'''\n\ndef helper():\n    pass\n"
    assert public_definitions(source) == {"Plan": True, "helper": False}
    assert "helper" not in names_used("# helper is tested elsewhere\nvalue = 1\n")
    assert "helper" in names_used("value = helper()  # uses it\n")


def test_the_package_has_public_definitions_to_check():
    # A walk that found nothing would pass every module case above without checking anything.
    assert sum(len(public_definitions(path.read_text(encoding="utf-8"))) for path in MODULES.values()) > 300
    assert "innovlib.runner.scheduling" in MODULES and "innovlib.composite.build" in MODULES
