"""Typed notebook parameters: read them from the ``parameters`` cell, check and convert user values.

A parameters cell declares one parameter per line::

    edition: int = 2025  # GII edition to audit
    metrics: list[str] = ["pct", "publications", "vc"]  # metrics in the combined score
    company_list: str | None = None  # optional CSV of companies

Supported types: ``int``, ``float``, ``str``, ``bool``, ``list[int]``, ``list[float]``, ``list[str]``, each
optionally ``| None``. An unknown parameter or a value of the wrong type is a :class:`ParameterError`
raised before anything executes.

Example
-------
>>> params = parse_parameters('top_n: int = 10  # clusters shown')
>>> params[0].name, params[0].type, params[0].default, params[0].help
('top_n', 'int', 10, 'clusters shown')
>>> coerce(params[0], "25", from_text=True)
25
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCALAR_TYPES = {"int", "float", "str", "bool"}
TRUE_WORDS = {"true", "yes", "1", "on"}
FALSE_WORDS = {"false", "no", "0", "off"}


class ParameterError(ValueError):
    """A parameter that the notebook does not declare, or a value of the wrong type."""


@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter."""

    name: str
    type: str
    default: Any
    help: str = ""

    @property
    def optional(self) -> bool:
        return self.type.endswith("| None")

    @property
    def base_type(self) -> str:
        return self.type.removesuffix("| None").strip()


def _comments_by_line(source: str) -> dict[int, str]:
    comments = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    return comments


def _check_type_name(type_name: str, where: str) -> None:
    base = type_name.removesuffix("| None").strip()
    inner = base[5:-1] if base.startswith("list[") and base.endswith("]") else base
    if inner not in SCALAR_TYPES:
        raise ParameterError(
            f"{where}: type '{type_name}' is not supported; use int, float, str, bool or list[...] of them, "
            "optionally '| None'"
        )


def parse_parameters(source: str, where: str = "parameters cell") -> list[Parameter]:
    """Parse a parameters cell into :class:`Parameter` objects, in order.

    Every statement must be ``name: type = literal  # help``; anything else is an error, because a parameter
    the runner cannot see is a parameter a user cannot set.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParameterError(f"{where}: not valid Python ({exc.msg}, line {exc.lineno})") from exc
    comments = _comments_by_line(source)
    parameters = []
    for node in tree.body:
        line = f"{where}, line {node.lineno}"
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            raise ParameterError(f"{line}: expected 'name: type = default  # help'")
        type_name = ast.unparse(node.annotation).replace("|None", "| None")
        _check_type_name(type_name, line)
        try:
            default = ast.literal_eval(node.value)
        except ValueError as exc:
            raise ParameterError(f"{line}: the default of '{node.target.id}' must be a literal") from exc
        parameter = Parameter(node.target.id, type_name, default, comments.get(node.lineno, ""))
        try:
            normalised = check_value(parameter, default)
        except ParameterError as exc:
            raise ParameterError(f"{line}: default does not match its type: {exc}") from None
        parameters.append(Parameter(node.target.id, type_name, normalised, parameter.help))
    return parameters


def parameters_cell(notebook_path: Path) -> str | None:
    """Source of the cell tagged ``parameters`` in a notebook, or ``None`` when there is none."""
    notebook = json.loads(Path(notebook_path).read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else source
    return None


def notebook_parameters(notebook_path: Path) -> list[Parameter]:
    """The declared parameters of a notebook (empty when it has no ``parameters`` cell)."""
    source = parameters_cell(notebook_path)
    return [] if source is None else parse_parameters(source, where=f"{Path(notebook_path).name} parameters cell")


def _type_error(parameter: Parameter, value: Any) -> ParameterError:
    return ParameterError(
        f"parameter '{parameter.name}' expects {parameter.type}, got {value!r} ({type(value).__name__})"
    )


def _check_scalar(parameter: Parameter, type_name: str, value: Any) -> Any:
    if type_name == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if type_name == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if type_name == "str" and isinstance(value, str):
        return value
    if type_name == "bool" and isinstance(value, bool):
        return value
    raise _type_error(parameter, value)


def check_value(parameter: Parameter, value: Any) -> Any:
    """Check an already-typed value (from YAML or a default) against the declared type; return it normalised."""
    if value is None:
        if parameter.optional:
            return None
        raise _type_error(parameter, value)
    base = parameter.base_type
    if base.startswith("list["):
        if not isinstance(value, (list, tuple)):
            raise _type_error(parameter, value)
        return [_check_scalar(parameter, base[5:-1], item) for item in value]
    return _check_scalar(parameter, base, value)


def _from_text(parameter: Parameter, type_name: str, text: str) -> Any:
    try:
        if type_name == "int":
            return int(text)
        if type_name == "float":
            return float(text)
    except ValueError:
        raise _type_error(parameter, text) from None
    if type_name == "bool":
        if text.lower() in TRUE_WORDS:
            return True
        if text.lower() in FALSE_WORDS:
            return False
        raise _type_error(parameter, text)
    return text


def coerce(parameter: Parameter, value: Any, from_text: bool = False) -> Any:
    """Convert a user's value to the parameter's type, or raise :class:`ParameterError`.

    With ``from_text=True`` (values typed on the command line) text is converted: ``"3"`` to 3 for an int,
    ``"yes"``/``"no"`` for a bool, ``"a,b"`` or ``"[a, b]"`` for a list, ``"none"`` for an optional value.

    Example
    -------
    >>> coerce(Parameter("cities", "list[str]", []), "Beijing,Shenzhen", from_text=True)
    ['Beijing', 'Shenzhen']
    >>> coerce(Parameter("n", "int", 1), "many", from_text=True)
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: parameter 'n' expects int, got 'many' (str)
    """
    if not from_text:
        return check_value(parameter, value)
    text = str(value).strip()
    if parameter.optional and text.lower() in {"none", "null", ""}:
        return None
    base = parameter.base_type
    if base.startswith("list["):
        inner = base[5:-1]
        if text.startswith("["):
            import yaml

            try:
                items = yaml.safe_load(text)
            except yaml.YAMLError:
                raise _type_error(parameter, text) from None
            return check_value(parameter, [_from_text(parameter, inner, str(i)) if inner != "str" else i for i in items])
        items = [part.strip() for part in text.split(",") if part.strip()]
        return [_from_text(parameter, inner, item) for item in items]
    return _from_text(parameter, base, text)


def resolve_values(
    parameters: list[Parameter], overrides: dict[str, Any], from_text: set[str] = frozenset(), notebook: str = ""
) -> dict[str, Any]:
    """Every parameter's value: defaults with ``overrides`` applied and checked.

    ``from_text`` names the overrides given as text (the command line). Unknown names are an error listing the
    parameters the notebook does declare.

    Example
    -------
    >>> resolve_values([Parameter("seed", "int", 1)], {"sead": 2}, notebook="demo")
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: demo: unknown parameter 'sead'; it declares: seed
    """
    declared = {p.name: p for p in parameters}
    unknown = [name for name in overrides if name not in declared]
    if unknown:
        known = ", ".join(declared) or "no parameters"
        label = f"{notebook}: " if notebook else ""
        names = ", ".join(f"'{n}'" for n in unknown)
        raise ParameterError(f"{label}unknown parameter{'s' if len(unknown) > 1 else ''} {names}; it declares: {known}")
    values = {p.name: p.default for p in parameters}
    for name, value in overrides.items():
        try:
            values[name] = coerce(declared[name], value, from_text=name in from_text)
        except ParameterError as exc:
            raise ParameterError(f"{notebook}: {exc}" if notebook else str(exc)) from None
    return values
