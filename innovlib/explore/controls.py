"""One widget per declared notebook parameter, read back as the values the command line would pass.

The controls follow the declaration (:mod:`innovlib.parameters`): a parameter with choices is a dropdown, a list
with choices a multi-select, a bool a checkbox, a number with both bounds a slider, any other number or list a
text box (a list as ``a, b`` or ``[a, b]``, as ``innovlib run -p`` takes it). Each starts at its default and shows
the parameter's help as its tooltip. :func:`checked_values` applies the parameter checks of ``innovlib run``, so
an invalid value gives the same one-line error; :func:`run_arguments` is the command line that makes a run of
the values shown.

Example
-------
>>> from innovlib.parameters import parse_parameters
>>> params = parse_parameters('edition: int = 2025  # report edition {choices: [2025, 2023]}')
>>> controls = {p.name: control_for(p) for p in params}
>>> type(controls["edition"]).__name__, controls["edition"].value, controls["edition"].tooltip
('Dropdown', 2025, 'report edition')
>>> controls["edition"].value = 2023
>>> checked_values(params, controls, "demo")
{'edition': 2023}
>>> run_arguments("demo", params, {"edition": 2023})
['run', 'demo', '-p', 'edition', '2023']
"""

from __future__ import annotations

import json

import ipywidgets as widgets

from innovlib.parameters import Parameter, resolve_values

#: Widest a description may be before the control: long parameter names stay readable.
DESCRIPTION_STYLE = {"description_width": "14em"}
LAYOUT = {"width": "36em"}


def _common(parameter: Parameter) -> dict:
    return {"description": parameter.name, "tooltip": parameter.help, "style": DESCRIPTION_STYLE,
            "layout": widgets.Layout(**LAYOUT)}


def _text_of(parameter: Parameter, value) -> str:
    """A value as it is typed in a text control (and on the command line)."""
    if value is None:
        return ""
    if parameter.is_list:
        return ", ".join(str(v) for v in value)
    return str(value)


def control_for(parameter: Parameter) -> widgets.Widget:
    """The widget for one parameter, set to its default, its help as tooltip.

    Example
    -------
    >>> from innovlib.parameters import parse_parameters
    >>> p = parse_parameters('n_draws: int = 2000  # draws {min: 100, max: 100000}')[0]
    >>> w = control_for(p)
    >>> type(w).__name__, w.value, w.min, w.max
    ('IntSlider', 2000, 100, 100000)
    >>> type(control_for(parse_parameters('cities: list[str] = [\"A\"]  # c {choices: [A, B]}')[0])).__name__
    'SelectMultiple'
    """
    common = _common(parameter)
    if parameter.is_list and parameter.choices is not None:
        return widgets.SelectMultiple(options=list(parameter.choices), value=tuple(parameter.default or ()),
                                      rows=min(len(parameter.choices), 8), **common)
    if parameter.choices is not None:
        return widgets.Dropdown(options=list(parameter.choices), value=parameter.default, **common)
    if parameter.base_type == "bool":
        return widgets.Checkbox(value=bool(parameter.default), indent=False, **common)
    bounded = parameter.minimum is not None and parameter.maximum is not None and not parameter.optional
    if bounded and parameter.base_type in ("int", "float"):
        kind = widgets.IntSlider if parameter.base_type == "int" else widgets.FloatSlider
        extra = {} if parameter.base_type == "int" else {
            "step": _float_step(parameter.minimum, parameter.maximum), "readout_format": ".3g"}
        return kind(value=parameter.default, min=parameter.minimum, max=parameter.maximum, continuous_update=False,
                    **extra, **common)
    return widgets.Text(value=_text_of(parameter, parameter.default), continuous_update=False, **common)


def _float_step(low: float, high: float) -> float:
    """A slider step of about a thousandth of the range, a power of ten (0.95 wide -> 0.001)."""
    step = 1.0
    while step > (high - low) / 500:
        step /= 10
    return step


def control_value(parameter: Parameter, control: widgets.Widget):
    """The value a control holds, as the parameter takes it: a list for a multi-select, the typed text for a text
    box (converted by :func:`checked_values`), the value itself otherwise.

    Example
    -------
    >>> from innovlib.parameters import parse_parameters
    >>> p = parse_parameters('weights: list[float] = [1.0, 1.0]  # w {min: 0}')[0]
    >>> control_value(p, control_for(p))
    '1.0, 1.0'
    """
    if isinstance(control, widgets.SelectMultiple):
        return list(control.value)
    return control.value


def set_control(parameter: Parameter, control: widgets.Widget, value) -> None:
    """Set a control to a parameter value (a list as a tuple of a multi-select, or as text in a text box).

    Example
    -------
    >>> from innovlib.parameters import parse_parameters
    >>> p = parse_parameters('weights: list[float] = [1.0, 1.0]  # w {min: 0}')[0]
    >>> c = control_for(p)
    >>> set_control(p, c, [2.0, 1.0]); c.value
    '2.0, 1.0'
    """
    if isinstance(control, widgets.SelectMultiple):
        control.value = tuple(value)
    elif isinstance(control, widgets.Text):
        control.value = _text_of(parameter, value)
    else:
        control.value = value


def checked_values(parameters: list[Parameter], controls: dict, notebook: str) -> dict:
    """Every parameter's value from the controls, checked as ``innovlib run`` checks them (types, choices,
    bounds); raises :class:`innovlib.parameters.ParameterError` with the command line's one-line message.

    Example
    -------
    >>> from innovlib.parameters import parse_parameters
    >>> params = parse_parameters('cities: list[str] = [\"A\"]  # c {choices: [A, B]}')
    >>> controls = {"cities": control_for(params[0])}
    >>> controls["cities"].value = ()
    >>> checked_values(params, controls, "demo")
    Traceback (most recent call last):
    ...
    innovlib.parameters.ParameterError: demo: parameter 'cities' expects at least one value, got an empty list
    """
    raw = {p.name: control_value(p, controls[p.name]) for p in parameters}
    texts = {p.name for p in parameters if isinstance(controls[p.name], widgets.Text)}
    changed = {name: value for name, value in raw.items()
               if name in texts or value != next(p.default for p in parameters if p.name == name)}
    return resolve_values(parameters, changed, from_text=texts, notebook=notebook)


def _argument_text(value) -> str:
    """A value as ``innovlib run -p NAME VALUE`` takes it (a list as YAML flow, ``none``, ``true``/``false``)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    return str(value)


def run_arguments(notebook: str, parameters: list[Parameter], values: dict) -> list[str]:
    """The arguments of ``innovlib`` that run ``notebook`` with ``values``: ``run NAME`` and one ``-p NAME VALUE``
    per value that is not its default.

    Example
    -------
    >>> from innovlib.parameters import parse_parameters
    >>> params = parse_parameters('cities: list[str] = [\"A\"]  # c {choices: [A, B]}\\nfull: bool = True  # f')
    >>> run_arguments("demo", params, {"cities": ["A", "B"], "full": False})
    ['run', 'demo', '-p', 'cities', '["A", "B"]', '-p', 'full', 'false']
    """
    arguments = ["run", notebook]
    for parameter in parameters:
        value = values[parameter.name]
        if value != parameter.default:
            arguments += ["-p", parameter.name, _argument_text(value)]
    return arguments
