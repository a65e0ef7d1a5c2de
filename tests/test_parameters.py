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


# --- constraints, the path type and alternative values ---

CONSTRAINED = '''edition: int = 2025  # GII edition to audit {choices: [2023, 2024, 2025]}
n_draws: int = 2000  # random weight draws {min: 100, max: 100000}
weights: list[float] = []  # one weight per metric {min: 0}
cities: list[str] = ["Beijing", "Shanghai"]  # cities compared {choices: [Beijing, Shanghai, Guangzhou, Shenzhen]}
label: str = "x"  # a label {allow_empty: true}
company_list: "path | None" = None  # a company list
'''


def test_constraints_are_read_from_the_braces():
    params = {p.name: p for p in parse_parameters(CONSTRAINED)}
    assert params["edition"].choices == (2023, 2024, 2025) and params["edition"].help == "GII edition to audit"
    assert (params["n_draws"].minimum, params["n_draws"].maximum) == (100, 100000)
    assert params["weights"].minimum == 0 and params["label"].allow_empty is True
    assert params["company_list"].type == "path | None" and params["company_list"].default is None
    assert params["cities"].constraints_text() == "each one of \"Beijing\", \"Shanghai\", \"Guangzhou\", \"Shenzhen\""


@pytest.mark.parametrize("name, value, message", [
    ("edition", "2022", "one of 2023, 2024, 2025"),
    ("n_draws", "-5", "a value >= 100, got -5"),
    ("n_draws", "1e9", "expects int"),
    ("weights", "[1, nan]", "finite"),
    ("weights", "1,-1", ">= 0"),
    ("cities", "Beijing,Tokyo", "one of"),
    ("cities", "[]", "at least one value"),
])
def test_values_outside_constraints_are_refused(name, value, message):
    with pytest.raises(ParameterError, match=message):
        resolve_values(parse_parameters(CONSTRAINED), {name: value}, from_text={name}, notebook="demo")


def test_empty_strings_need_allow_empty():
    params = parse_parameters('country: str = "China"  # country\nnote: str = ""  # note {allow_empty: true}')
    with pytest.raises(ParameterError, match="non-empty text"):
        resolve_values(params, {"country": ""}, from_text={"country"})
    assert resolve_values(params, {"note": ""})["note"] == ""
    with pytest.raises(ParameterError, match="non-empty text"):
        parse_parameters('country: str = ""  # country')


def test_empty_list_allowed_when_the_default_is_empty():
    params = {p.name: p for p in parse_parameters(CONSTRAINED)}
    assert resolve_values(list(params.values()), {"weights": []})["weights"] == []


@pytest.mark.parametrize("bad, message", [
    ("n: int = 5  # n {minimum: 1}", "unknown constraint 'minimum'"),
    ("n: int = 5  # n {min: x}", "'min' must be a finite number"),
    ("n: int = 5  # n {min: .nan}", "'min' must be a finite number"),
    ("n: int = 5  # n {min: 9, max: 1}", "greater than 'max'"),
    ("s: str = 'a'  # s {min: 1}", "applies only to numbers"),
    ("n: int = 5  # n {choices: [1, 2]}", "default does not match its constraints"),
    ("n: int = 5  # n {choices: 3}", "non-empty list"),
    ("f: path = None  # f", "bare path annotation"),
    ("n: float = 1e400  # n", "finite"),
])
def test_bad_constraints_fail_when_the_cell_is_parsed(bad, message):
    with pytest.raises(ParameterError, match=message):
        parse_parameters(bad)


def test_path_values(tmp_path):
    from innovlib.parameters import resolve_path

    [param] = parse_parameters('f: "path | None" = None  # f')
    assert coerce(param, "none", from_text=True) is None
    good = tmp_path / "list.csv"
    good.write_text("x\n")
    assert resolve_path(param, str(good)) == good
    assert resolve_path(param, good.name, root=tmp_path) == good
    with pytest.raises(ParameterError, match="which is not a file"):
        resolve_path(param, str(tmp_path))
    with pytest.raises(ParameterError, match="the limit is 1 bytes"):
        resolve_path(param, str(good), max_bytes=1)


def test_alternative_values():
    from innovlib.parameters import alternative_values

    params = {p.name: p for p in parse_parameters(CONSTRAINED + "verbose: bool = False  # v\n")}
    assert alternative_values(params["edition"]) == [2023, 2024]
    assert alternative_values(params["cities"]) == [["Shanghai"], ["Beijing"],
                                                   ["Beijing", "Shanghai", "Guangzhou", "Shenzhen"]]
    assert alternative_values(params["verbose"]) == [True]
    assert alternative_values(params["n_draws"]) == [] and alternative_values(params["company_list"]) == []
