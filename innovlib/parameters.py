"""Typed notebook parameters: read them from the ``parameters`` cell, check and convert user values.

A parameters cell declares one parameter per line, ``name: type = default  # help {constraints}``::

    edition: int = 2025  # GII edition to audit {choices: [2023, 2024, 2025]}
    n_draws: int = 2000  # random weight draws {min: 100, max: 100000}
    weights: list[float] = []  # one weight per metric {min: 0}
    cities: list[str] = ["Beijing", "Shanghai"]  # cities compared {choices: [Beijing, Shanghai, Shenzhen]}
    company_list: "path | None" = None  # optional company-list CSV

Supported types: ``int``, ``float``, ``str``, ``bool``, ``path``, ``list[int]``, ``list[float]``, ``list[str]``,
each optionally ``| None``. A ``path`` names a file the notebook reads; write its type as a string
(``"path"`` or ``"path | None"``), because a bare ``path`` annotation raises NameError in a plain Jupyter
kernel. The runner resolves a relative path against the project root, checks that it is a readable file within
:data:`MAX_FILE_BYTES` before any kernel starts, hands the notebook the absolute path, and records the file's
sha256 and size in ``run.json`` and in the cache key.

The optional trailing braces of the help comment are a YAML flow mapping with the keys

``choices``
    the allowed values (for a list, of every element);
``min``, ``max``
    inclusive bounds of a number (for a list, of every element);
``allow_empty``
    ``true`` lets a ``str`` be empty (refused otherwise) and a list be empty (refused otherwise, unless the
    default itself is empty).

Numbers must always be finite (NaN and infinity are refused). An unknown key is an error when the cell is
parsed, and so is a default that breaks its own constraints. An unknown parameter, a value of the wrong type or
outside its constraints is a :class:`ParameterError` raised before anything executes.

Example
-------
>>> params = parse_parameters('top_n: int = 10  # clusters shown {min: 1}')
>>> params[0].name, params[0].type, params[0].default, params[0].help, params[0].minimum
('top_n', 'int', 10, 'clusters shown', 1)
>>> coerce(params[0], "25", from_text=True)
25
>>> resolve_values(params, {"top_n": "0"}, from_text={"top_n"}, notebook="demo")
Traceback (most recent call last):
...
innovlib.parameters.ParameterError: demo: parameter 'top_n' expects a value >= 1, got 0
"""

from __future__ import annotations

import ast
import io
import json
import math
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from innovlib.errors import InnovlibError, shorten
from innovlib.paths import project_root
from innovlib.textfiles import TextDecodeError, decode_text

SCALAR_TYPES = {"int", "float", "str", "bool", "path"}
LIST_ELEMENT_TYPES = {"int", "float", "str"}
CONSTRAINT_KEYS = ("choices", "min", "max", "allow_empty")
TRUE_WORDS = {"true", "yes", "1", "on"}
FALSE_WORDS = {"false", "no", "0", "off"}
MAX_FILE_BYTES = 200 * 1024 * 1024  # largest file a `path` parameter may name
MAX_YAML_BYTES = 1024 * 1024  # largest YAML text read (parameters files, constraint braces)
MAX_YAML_ALIASES = 100  # YAML aliases (*name) allowed in one document
MAX_YAML_VALUES = 100_000  # values in a YAML document once its aliases are expanded


class ParameterError(InnovlibError, ValueError):
    """A parameter that the notebook does not declare, or a value of the wrong type or out of its constraints."""


@dataclass(frozen=True)
class Parameter:
    """One declared notebook parameter with its constraints (``None`` where there is none)."""

    name: str
    type: str
    default: Any
    help: str = ""
    choices: tuple | None = None
    minimum: float | None = None
    maximum: float | None = None
    allow_empty: bool = False

    @property
    def optional(self) -> bool:
        return self.type.endswith("| None")

    @property
    def base_type(self) -> str:
        return self.type.removesuffix("| None").strip()

    @property
    def is_list(self) -> bool:
        return self.base_type.startswith("list[")

    @property
    def element_type(self) -> str:
        """The type of one value: the element type of a list, else the base type."""
        return self.base_type[5:-1] if self.is_list else self.base_type

    def constraints_text(self) -> str:
        """The constraints in words, for ``innovlib list`` (empty when there are none).

        Example
        -------
        >>> Parameter("n", "int", 5, minimum=1, maximum=9).constraints_text()
        'between 1 and 9'
        """
        parts = []
        if self.choices is not None:
            parts.append("one of " + ", ".join(json.dumps(c, ensure_ascii=False) for c in self.choices))
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"between {self.minimum} and {self.maximum}")
        elif self.minimum is not None:
            parts.append(f">= {self.minimum}")
        elif self.maximum is not None:
            parts.append(f"<= {self.maximum}")
        if self.allow_empty and (self.element_type == "str" or self.is_list):
            parts.append("may be empty")
        if self.is_list and parts:
            parts[0] = "each " + parts[0]
        return "; ".join(parts)


# --- YAML with bounded alias expansion ------------------------------------------------------------------------

def load_yaml(text: str, where: str = "YAML") -> Any:
    """Parse YAML safely, refusing alias bombs: at most :data:`MAX_YAML_ALIASES` aliases and
    :data:`MAX_YAML_VALUES` values once expanded, and :data:`MAX_YAML_BYTES` of text.

    Example
    -------
    >>> load_yaml("{a: 1, b: [x, y]}")
    {'a': 1, 'b': ['x', 'y']}
    >>> bomb = "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\\n" + "".join(
    ...     f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\\n" for p, n in zip("abcdefg", "bcdefgh"))
    >>> load_yaml(bomb, "bomb.yaml")
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: bomb.yaml: more than 100000 values once YAML aliases (*name) are expanded
    """
    import yaml

    if len(text) > MAX_YAML_BYTES:
        raise ParameterError(f"{where}: {len(text)} characters; at most {MAX_YAML_BYTES} are read")

    class BoundedLoader(yaml.SafeLoader):
        aliases = 0

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                BoundedLoader.aliases += 1
                if BoundedLoader.aliases > MAX_YAML_ALIASES:
                    raise ParameterError(f"{where}: more than {MAX_YAML_ALIASES} YAML aliases (*name)")
            return super().compose_node(parent, index)

    try:
        content = yaml.load(text, Loader=BoundedLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParameterError(f"{where}{at}: not valid YAML ({shorten(problem, 80)[1:-1]})") from None
    except RecursionError:
        raise ParameterError(f"{where}: YAML nested too deeply") from None
    count, stack = 0, [content]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_YAML_VALUES:
            raise ParameterError(f"{where}: more than {MAX_YAML_VALUES} values once YAML aliases (*name) are expanded")
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set)):
            stack.extend(item)
    return content


# --- parsing the parameters cell ------------------------------------------------------------------------------

def _comments_by_line(source: str) -> dict[int, str]:
    comments = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    return comments


def _split_help(comment: str) -> tuple[str, str | None]:
    """Split ``help text {constraints}`` into the help text and the braces (``None`` without braces)."""
    if not comment.endswith("}"):
        return comment, None
    depth = 0
    for position in range(len(comment) - 1, -1, -1):
        depth += {"}": 1, "{": -1}.get(comment[position], 0)
        if depth == 0:
            return comment[:position].rstrip(), comment[position:]
    return comment, None


def _check_type_name(type_name: str, where: str) -> None:
    base = type_name.removesuffix("| None").strip()
    if base.startswith("list[") and base.endswith("]"):
        if base[5:-1] in LIST_ELEMENT_TYPES:
            return
    elif base in SCALAR_TYPES:
        return
    raise ParameterError(
        f"{where}: type {shorten(type_name)} is not supported; use int, float, str, bool, \"path\" or "
        "list[int|float|str], optionally '| None'"
    )


def _annotation_type(node: ast.AnnAssign, where: str) -> str:
    annotation = node.annotation
    if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
        text = annotation.value  # a string annotation: "path | None"
    else:
        text = ast.unparse(annotation)
        if "path" in {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)}:
            raise ParameterError(
                f"{where}: write the type of '{node.target.id}' as a string, \"{text}\": a bare path annotation "
                "fails with NameError in a plain Jupyter kernel"
            )
    return " ".join(text.replace("|", " | ").split()).replace("[ ", "[").replace(" ]", "]")


def _constraints(braces: str, type_name: str, where: str) -> dict:
    content = load_yaml(braces, where)
    if not isinstance(content, dict):
        raise ParameterError(f"{where}: constraints must be a mapping like {{min: 0}}, got {shorten(braces)}")
    unknown = [k for k in content if k not in CONSTRAINT_KEYS]
    if unknown:
        raise ParameterError(f"{where}: unknown constraint {shorten(unknown[0])}; use {', '.join(CONSTRAINT_KEYS)}")
    probe = Parameter("probe", type_name, None)
    element = probe.element_type
    result = {}
    if "choices" in content:
        choices = content["choices"]
        if not isinstance(choices, list) or not choices:
            raise ParameterError(f"{where}: 'choices' must be a non-empty list")
        if element in ("bool", "path"):
            raise ParameterError(f"{where}: 'choices' does not apply to {element}")
        try:
            result["choices"] = tuple(_check_scalar(probe, element, c) for c in choices)
        except ParameterError:
            raise ParameterError(f"{where}: every choice must be a {element}, got {shorten(choices)}") from None
    for key, attribute in (("min", "minimum"), ("max", "maximum")):
        if key in content:
            bound = content[key]
            if element not in ("int", "float"):
                raise ParameterError(f"{where}: '{key}' applies only to numbers, not {element}")
            if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not math.isfinite(bound):
                raise ParameterError(f"{where}: '{key}' must be a finite number, got {shorten(bound)}")
            result[attribute] = bound
    if result.get("minimum") is not None and result.get("maximum") is not None and result["minimum"] > result["maximum"]:
        raise ParameterError(f"{where}: 'min' {result['minimum']} is greater than 'max' {result['maximum']}")
    if "allow_empty" in content:
        if not isinstance(content["allow_empty"], bool):
            raise ParameterError(f"{where}: 'allow_empty' must be true or false")
        result["allow_empty"] = content["allow_empty"]
    return result


def read_yaml_file(path: Path, what: str = "parameters file") -> Any:
    """The content of a small YAML file a user names (``-f`` parameters, sweep grids), read with the bounded loader.

    Each problem is a one-line :class:`ParameterError` naming the file (and the line where there is one): missing,
    not a file, larger than :data:`MAX_YAML_BYTES`, unreadable, not UTF-8, a NUL character.

    Example
    -------
    >>> read_yaml_file(Path("/nonexistent.yaml"), "grid file")
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: /nonexistent.yaml: grid file not found
    """
    path = Path(path)
    try:
        if not path.exists():
            raise ParameterError(f"{path}: {what} not found")
        if not path.is_file():
            raise ParameterError(f"{path}: {what} is not a file")
        if path.stat().st_size > MAX_YAML_BYTES:
            raise ParameterError(f"{path}: {what} is larger than {MAX_YAML_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise ParameterError(f"{path}: {what} cannot be read ({exc.strerror})") from None
    try:
        text = decode_text(raw)
    except TextDecodeError as error:
        raise ParameterError(f"{path}, line {error.line}: {error.reason}") from None
    return load_yaml(text, str(path))


def parse_parameters(source: str, where: str = "parameters cell") -> list[Parameter]:
    """Parse a parameters cell into :class:`Parameter` objects, in order.

    Every statement must be ``name: type = literal  # help {constraints}``; anything else is an error,
    because a parameter the runner cannot see is a parameter a user cannot set.

    Example
    -------
    >>> parse_parameters('n: int = 5  # draws {min: 10}')
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: parameters cell, line 1: default does not match its constraints: parameter 'n' expects a value >= 10, got 5
    """
    try:
        tree = ast.parse(source)
        comments = _comments_by_line(source)
    except (SyntaxError, tokenize.TokenError) as exc:
        message, line = (exc.msg, exc.lineno) if isinstance(exc, SyntaxError) else (exc.args[0], exc.args[1][0])
        raise ParameterError(f"{where}: not valid Python ({message}, line {line})") from None
    parameters = []
    for node in tree.body:
        line = f"{where}, line {node.lineno}"
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None):
            raise ParameterError(f"{line}: expected 'name: type = default  # help'")
        type_name = _annotation_type(node, line)
        _check_type_name(type_name, line)
        try:
            default = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise ParameterError(f"{line}: the default of '{node.target.id}' must be a literal") from None
        help_text, braces = _split_help(comments.get(node.end_lineno, comments.get(node.lineno, "")))
        constraints = _constraints(braces, type_name, line) if braces else {}
        parameter = Parameter(node.target.id, type_name, default, help_text, **constraints)
        try:
            normalised = check_type(parameter, default)
        except ParameterError as exc:
            raise ParameterError(f"{line}: default does not match its type: {exc}") from None
        parameter = Parameter(node.target.id, type_name, normalised, help_text, **constraints)
        try:
            check_constraints(parameter, normalised)
        except ParameterError as exc:
            raise ParameterError(f"{line}: default does not match its constraints: {exc}") from None
        parameters.append(parameter)
    return parameters


def parameters_cell(notebook_path: Path) -> str | None:
    """Source of the cell tagged ``parameters`` in a notebook, or ``None`` when there is none."""
    path = Path(notebook_path)
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ParameterError(f"{path}: not a readable notebook ({shorten(str(exc), 80)[1:-1]})") from None
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else None
    if not isinstance(cells, list):
        raise ParameterError(f"{path}: not a notebook (no list of cells)")
    for cell in cells:
        tags = (cell.get("metadata") or {}).get("tags") if isinstance(cell, dict) else None
        if isinstance(tags, list) and "parameters" in tags:
            source = cell.get("source", "")
            return "".join(source) if isinstance(source, list) else str(source)
    return None


def notebook_parameters(notebook_path: Path) -> list[Parameter]:
    """The declared parameters of a notebook (empty when it has no ``parameters`` cell)."""
    source = parameters_cell(notebook_path)
    return [] if source is None else parse_parameters(source, where=f"{Path(notebook_path).name} parameters cell")


# --- checking values --------------------------------------------------------------------------------------------

def _type_error(parameter: Parameter, value: Any) -> ParameterError:
    return ParameterError(
        f"parameter '{parameter.name}' expects {parameter.type}, got {shorten(value)} ({type(value).__name__})"
    )


def _check_scalar(parameter: Parameter, type_name: str, value: Any) -> Any:
    if type_name == "int" and isinstance(value, int) and not isinstance(value, bool):
        return value
    if type_name == "float" and isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an integer beyond any float
            raise ParameterError(f"parameter '{parameter.name}' expects finite numbers, got {shorten(value)}") from None
    if type_name in ("str", "path") and isinstance(value, str):
        return value
    if type_name == "bool" and isinstance(value, bool):
        return value
    raise _type_error(parameter, value)


def check_type(parameter: Parameter, value: Any) -> Any:
    """Check an already-typed value against the declared type (not the constraints); return it normalised.

    Example
    -------
    >>> check_type(Parameter("weights", "list[float]", [1.0]), (1, 2.5))
    [1.0, 2.5]
    >>> check_type(Parameter("n", "int", 3, maximum=10), 30)  # the bound is a constraint, not checked here
    30
    >>> check_type(Parameter("n", "int", 3), "x")
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: parameter 'n' expects int, got 'x' (str)
    """
    if value is None:
        if parameter.optional:
            return None
        raise _type_error(parameter, value)
    if parameter.is_list:
        if not isinstance(value, (list, tuple)):
            raise _type_error(parameter, value)
        return [_check_scalar(parameter, parameter.element_type, item) for item in value]
    return _check_scalar(parameter, parameter.base_type, value)


def _check_one(parameter: Parameter, item: Any, what: str) -> None:
    if isinstance(item, float) and not math.isfinite(item):
        raise ParameterError(f"parameter '{parameter.name}' expects {what}finite numbers, got {item}")
    if isinstance(item, str):
        if "\x00" in item:
            raise ParameterError(f"parameter '{parameter.name}' {what}contains a NUL character")
        if not item.strip() and not parameter.allow_empty:
            raise ParameterError(
                f"parameter '{parameter.name}' expects {what}non-empty text, got {shorten(item)}"
                + ("" if parameter.element_type == "path" else " (the notebook would show empty tables)")
            )
    if parameter.choices is not None and item not in parameter.choices:
        shown = ", ".join(json.dumps(c, ensure_ascii=False) for c in parameter.choices)
        raise ParameterError(f"parameter '{parameter.name}' expects {what}one of {shown}, got {shorten(item)}")
    if parameter.minimum is not None and item < parameter.minimum:
        raise ParameterError(f"parameter '{parameter.name}' expects {what}a value >= {parameter.minimum}, got {shorten(item)}")
    if parameter.maximum is not None and item > parameter.maximum:
        raise ParameterError(f"parameter '{parameter.name}' expects {what}a value <= {parameter.maximum}, got {shorten(item)}")


def check_constraints(parameter: Parameter, value: Any) -> None:
    """Raise :class:`ParameterError` when a typed value breaks the parameter's constraints or is not finite.

    Example
    -------
    >>> check_constraints(Parameter("weights", "list[float]", []), [1.0, float("nan")])
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: parameter 'weights' expects every element to be finite numbers, got nan
    """
    if value is None:
        return
    if parameter.is_list:
        if not value and not (parameter.allow_empty or parameter.default == []):
            raise ParameterError(f"parameter '{parameter.name}' expects at least one value, got an empty list")
        for item in value:
            _check_one(parameter, item, "every element to be " if isinstance(item, float) else "every element ")
        if parameter.choices is not None and len(set(map(json.dumps, value))) < len(value):
            raise ParameterError(f"parameter '{parameter.name}' lists a value twice: {shorten(value)}")
        return
    _check_one(parameter, value, "")


def check_value(parameter: Parameter, value: Any) -> Any:
    """Check an already-typed value (from YAML or a default): type and constraints; return it normalised.

    Example
    -------
    >>> check_value(Parameter("n", "int", 3, minimum=1, maximum=10), 7)
    7
    >>> check_value(Parameter("n", "int", 3, minimum=1, maximum=10), 30)
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: parameter 'n' expects a value <= 10, got 30
    """
    value = check_type(parameter, value)
    check_constraints(parameter, value)
    return value


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
    """Convert a user's value to the parameter's type and check its constraints, or raise :class:`ParameterError`.

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
    if parameter.is_list:
        inner = parameter.element_type
        if text.startswith("["):
            items = load_yaml(text, f"parameter '{parameter.name}'")
            if not isinstance(items, list):
                raise _type_error(parameter, text)
            if inner != "str":
                items = [_from_text(parameter, inner, str(i)) if isinstance(i, str) else i for i in items]
            return check_value(parameter, items)
        items = [part.strip() for part in text.split(",") if part.strip()]
        return check_value(parameter, [_from_text(parameter, inner, item) for item in items])
    return check_value(parameter, _from_text(parameter, parameter.base_type, text))


def resolve_values(
    parameters: list[Parameter], overrides: dict[str, Any], from_text: set[str] = frozenset(), notebook: str = ""
) -> dict[str, Any]:
    """Every parameter's value: defaults with ``overrides`` applied and checked (types and constraints).

    ``from_text`` names the overrides given as text (the command line). Unknown names are an error listing the
    parameters the notebook does declare. ``path`` values are returned as given; :func:`resolve_path` checks
    the file.

    Example
    -------
    >>> resolve_values([Parameter("seed", "int", 1)], {"sead": 2}, notebook="demo")
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: demo: unknown parameter 'sead'; it declares: seed
    """
    declared = {p.name: p for p in parameters}
    unknown = [name for name in overrides if name not in declared]
    label = f"{notebook}: " if notebook else ""
    if unknown:
        known = ", ".join(declared) or "no parameters"
        names = ", ".join(shorten(str(n), 40) for n in unknown[:5]) + (", ..." if len(unknown) > 5 else "")
        raise ParameterError(f"{label}unknown parameter{'s' if len(unknown) > 1 else ''} {names}; it declares: {known}")
    values = {p.name: p.default for p in parameters}
    for name, value in overrides.items():
        try:
            values[name] = coerce(declared[name], value, from_text=name in from_text)
        except ParameterError as exc:
            raise ParameterError(f"{label}{exc}") from None
    return values


def absolute_path(value: str, root: Path | None = None) -> Path:
    """A ``path`` value as an absolute, normalised path (relative ones resolve against ``root``, by default the
    project root of :func:`innovlib.paths.project_root`), unchecked.

    Example
    -------
    >>> absolute_path("data/../list.csv", root=Path("/project"))
    PosixPath('/project/list.csv')
    """
    candidate = Path(os.path.expanduser(value))
    return Path(os.path.normpath(candidate if candidate.is_absolute() else Path(root or project_root()) / candidate))


def resolve_path(parameter: Parameter, value: str, root: Path | None = None,
                 max_bytes: int = MAX_FILE_BYTES) -> Path:
    """The absolute path a ``path`` parameter names, after checking it is a readable file of at most ``max_bytes``.

    A relative path is resolved against ``root`` (the project root).

    Example
    -------
    >>> resolve_path(Parameter("company_list", "path | None", None), "no/such.csv", root=Path("/tmp"))
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: parameter 'company_list' names /tmp/no/such.csv, which does not exist
    """
    path = absolute_path(value, root)
    shown = shorten(str(path), 200)[1:-1]
    try:
        if not path.exists():
            raise ParameterError(f"parameter '{parameter.name}' names {shown}, which does not exist")
        if not path.is_file():
            raise ParameterError(f"parameter '{parameter.name}' names {shown}, which is not a file")
        size = path.stat().st_size
        with open(path, "rb") as handle:
            handle.read(1)
    except PermissionError:
        raise ParameterError(f"parameter '{parameter.name}' names {shown}, which cannot be read (permission denied)") from None
    except OSError as exc:
        raise ParameterError(f"parameter '{parameter.name}' names {shown}, which cannot be read ({exc.strerror})") from None
    if size > max_bytes:
        raise ParameterError(f"parameter '{parameter.name}' names {shown}, which is {size} bytes; "
                             f"the limit is {max_bytes} bytes")
    return path


def alternative_values(parameter: Parameter) -> list:
    """The values a test runs "one change at a time" besides the default.

    A scalar with choices: every choice other than the default. A list with choices: the default with each one
    element removed (when it has at least two), plus the full list of choices when it differs from the default.
    A bool: the opposite of the default (both values when the default is None). Anything else: none.

    Example
    -------
    >>> cell = '''edition: int = 2025  # edition {choices: [2023, 2024, 2025]}
    ... cities: list[str] = ["Beijing", "Shanghai"]  # cities {choices: [Beijing, Shanghai, Shenzhen]}
    ... verbose: bool = False  # details
    ... n: int = 5  # draws {min: 1}'''
    >>> [alternative_values(p) for p in parse_parameters(cell)]
    [[2023, 2024], [['Shanghai'], ['Beijing'], ['Beijing', 'Shanghai', 'Shenzhen']], [True], []]
    """
    if parameter.base_type == "bool":
        return [True, False] if parameter.default is None else [not parameter.default]
    if parameter.choices is None:
        return []
    if not parameter.is_list:
        return [c for c in parameter.choices if c != parameter.default]
    default = list(parameter.default or [])
    values = [default[:i] + default[i + 1:] for i in range(len(default))] if len(default) >= 2 else []
    if list(parameter.choices) != default:
        values.append(list(parameter.choices))
    return values
