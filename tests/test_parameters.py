"""innovlib.parameters: the parameters-cell contract and value checking."""

from __future__ import annotations

import pytest

from innovlib.parameters import Parameter, ParameterError, coerce, parse_parameters, resolve_values

CELL = '''edition: int = 2025  # GII edition
metrics: list[str] = ["pct", "pubs"]  # metrics in the score
weight: float = 1  # a weight
verbose: bool = False  # show details
company_list: str | None = None  # optional CSV
'''


def test_parse_reads_names_types_defaults_and_help():
    params = parse_parameters(CELL)
    assert [(p.name, p.type, p.default, p.help) for p in params] == [
        ("edition", "int", 2025, "GII edition"),
        ("metrics", "list[str]", ["pct", "pubs"], "metrics in the score"),
        ("weight", "float", 1.0, "a weight"),
        ("verbose", "bool", False, "show details"),
        ("company_list", "str | None", None, "optional CSV"),
    ]


@pytest.mark.parametrize("bad, message", [
    ("x = 1", "expected 'name: type = default"),
    ("x: dict = {}", "type 'dict' is not supported"),
    ("x: int = 'a'", "default does not match its type"),
    ("x: int = len('a')", "must be a literal"),
    ("x: int = ", "not valid Python"),
])
def test_parse_rejects_what_the_runner_cannot_handle(bad, message):
    with pytest.raises(ParameterError, match=message):
        parse_parameters(bad)


def test_text_values_are_converted():
    params = {p.name: p for p in parse_parameters(CELL)}
    assert coerce(params["edition"], "2023", from_text=True) == 2023
    assert coerce(params["metrics"], "pct, vc", from_text=True) == ["pct", "vc"]
    assert coerce(params["metrics"], "[pct, vc]", from_text=True) == ["pct", "vc"]
    assert coerce(params["verbose"], "yes", from_text=True) is True
    assert coerce(params["company_list"], "none", from_text=True) is None
    assert coerce(params["weight"], 2, from_text=False) == 2.0


@pytest.mark.parametrize("name, value, from_text", [
    ("edition", "2023.5", True), ("edition", True, False), ("verbose", "maybe", True),
    ("metrics", "pct", False), ("weight", "heavy", True), ("edition", None, False),
])
def test_wrong_types_are_rejected(name, value, from_text):
    params = {p.name: p for p in parse_parameters(CELL)}
    with pytest.raises(ParameterError, match=f"parameter '{name}' expects"):
        coerce(params[name], value, from_text=from_text)


def test_unknown_parameters_are_named():
    with pytest.raises(ParameterError, match="demo: unknown parameters 'edtion', 'seed'; it declares: edition"):
        resolve_values(parse_parameters("edition: int = 2025  # e"), {"edtion": 1, "seed": 2}, notebook="demo")


def test_resolve_applies_overrides_over_defaults():
    params = [Parameter("a", "int", 1), Parameter("b", "str", "x")]
    assert resolve_values(params, {"b": "y"}) == {"a": 1, "b": "y"}
