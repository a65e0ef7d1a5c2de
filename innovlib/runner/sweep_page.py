"""A sweep's summary page: which parameter each point changed, what the run gave, and one chart per scalar result.

:func:`innovlib.runner.sweep.write_summary` writes, beside ``summary.csv``:

* ``summary.html``: how many points and with which status; one chart per numeric scalar result (the value each
  point gave against the parameter it changed, the defaults' value as a dashed line), each with a caption and an
  alt text that lists the values; then the table: per point the change from the notebook's defaults, the status,
  the verdict counts as the closing table of ``innovlib run`` shows them, the scalars, each parameter that some
  point changes (the cell that differs from the default is highlighted), and a link to the run's page.
  The parameters no point changes are listed once above the table.
* ``scalar-<name>.svg``: each chart as a file, drawn with innovlib's figure theme (:mod:`innovlib.plots`).

The page reads on a phone (a viewport ``<meta>``; the wide table scrolls in its own box, the charts shrink to
the screen) and keeps the pages' rules: the Content-Security-Policy of :data:`innovlib.html_safety.CSP_META`
comes first (no script at all, images only from ``data:`` URLs, so each chart is also embedded as one), and
every text from a parameter, a notebook or a run is escaped (:func:`html.escape`, :mod:`innovlib.escaping`).

Example
-------
>>> changed_values({"edition": 2022, "top_n": 15}, {"edition": 2023, "top_n": 15})
{'edition': 2022}
>>> describe_changes({"edition": 2022}), describe_changes({})
('edition=2022', 'defaults')
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import warnings
from dataclasses import dataclass
from typing import Any

from innovlib.escaping import html_attribute, link_target
from innovlib.html_safety import CSP_META
from innovlib.outputs import TABLE_NAME

CHART_PREFIX = "scalar-"  # scalar-<name>.svg beside the summary
CHART_WIDTH = 6.0  # inches
LABEL_LIMIT = 40  # characters of a point's label in a chart
ALT_POINTS = 40  # points an alt text lists before it says how many more


def _text(value: Any) -> str:
    """A cell's value as text: lists as JSON, ``None`` as nothing."""
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)


def changed_values(values: dict, defaults: dict) -> dict:
    """The parameters whose value differs from the notebook's default (all of ``values`` without defaults).

    Example
    -------
    >>> changed_values({"cities": ["Beijing"], "year": 2024}, {"cities": ["Beijing", "Shanghai"], "year": 2024})
    {'cities': ['Beijing']}
    """
    return {k: v for k, v in values.items() if k not in defaults or defaults[k] != v}


def describe_changes(changed: dict) -> str:
    """A point as its changes from the defaults: ``name=value`` joined by ``, `` (lists as JSON), or ``defaults``.

    Example
    -------
    >>> describe_changes({"weights": [0.5, 0.5], "label": "b"})
    'weights=[0.5, 0.5], label=b'
    """
    return ", ".join(f"{k}={_text(v)}" for k, v in changed.items()) or "defaults"


def is_number(value: Any) -> bool:
    """Whether a scalar is a finite number a chart can draw (a bool is not: it is shown in the table).

    Example
    -------
    >>> [is_number(v) for v in (3, 2.5, True, "4", float("inf"))]
    [True, True, False, False, False]
    """
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


@dataclass(frozen=True)
class Chart:
    """One scalar's chart: its file name beside the summary, the SVG text, its alt text and its caption.

    Example
    -------
    >>> Chart("rank", "scalar-rank.svg", "<svg/>", "rank by point: defaults: 2.", "rank as each point gave it.").file
    'scalar-rank.svg'
    """

    scalar: str
    file: str
    svg: str
    alt: str
    caption: str


def _chart_label(text: str) -> str:
    """A point's label for matplotlib: cut short, and ``$`` escaped (matplotlib would read it as mathematics)."""
    text = " ".join(text.split())
    text = text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 3] + "..."
    return text.replace("\\", "\\\\").replace("$", r"\$")


def _format(value: float) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def scalar_chart(scalar: str, points: list[tuple[str, Any]], default: Any = None) -> Chart | None:
    """The chart of one scalar: a bar (or dot) per point, labelled by what it changed, its value written beside
    it and the defaults' value as a dashed line; ``None`` when no point gave a number or the name is not one
    :func:`innovlib.outputs.save_scalar` accepts (it becomes a file name).

    Parameters
    ----------
    scalar : str
        The scalar's name (a column of the summary).
    points : list of (str, value)
        Per point, its label (:func:`describe_changes`) and the value it gave (a point without one is written
        as such, never drawn).
    default : number, optional
        The value the defaults gave, drawn as a reference line.

    Example
    -------
    >>> chart = scalar_chart("rank", [("defaults", 2), ("edition=2022", 3), ("edition=2024", None)], default=2)
    >>> chart.file, chart.svg.startswith("<?xml"), chart.alt
    ('scalar-rank.svg', True, 'rank by point: defaults: 2; edition=2022: 3; edition=2024: no value.')
    """
    import matplotlib

    matplotlib.use("Agg")  # the runner's process draws no window
    import matplotlib.pyplot as plt
    import pandas as pd

    # Loaded here, not at the top: innovlib.plots brings matplotlib and seaborn (about a second), which only a sweep's
    # summary needs; every `innovlib run` and `innovlib --help` would otherwise pay it (tests/test_architecture.py).
    from innovlib.plots import set_theme, value_bars

    if not TABLE_NAME.match(scalar) or not any(is_number(v) for _, v in points):
        return None
    values = [float(v) if is_number(v) else math.nan for _, v in points]
    data = pd.DataFrame({"point": [_chart_label(label) for label, _ in points], "value": values,
                         "text": [_format(v) if is_number(v) else None for _, v in points]})
    set_theme()
    with matplotlib.rc_context({"svg.hashsalt": "innovlib", "svg.fonttype": "path"}), warnings.catch_warnings():
        # every point giving 0: matplotlib widens the empty axis itself; its warning would only clutter the run
        warnings.filterwarnings("ignore", message="Attempting to set identical", category=UserWarning)
        figure = plt.figure(figsize=(CHART_WIDTH, 0.45 * len(data) + 1.6))  # narrow: legible scaled to a phone
        ax = value_bars(data, "point", "value", ax=figure.add_subplot(), text="text", value_label=scalar, missing_text="no value",
                        reference={f"defaults: {_format(default)}": float(default)} if is_number(default) else None,
                        title=f"{scalar} by point")
        buffer = io.StringIO()
        ax.figure.savefig(buffer, format="svg", metadata={"Date": None})
        plt.close(ax.figure)
    listed = [f"{' '.join(label.split())}: {_format(v) if is_number(v) else 'no value'}"
              for label, v in points[:ALT_POINTS]]
    more = f"; and {len(points) - ALT_POINTS} more points" if len(points) > ALT_POINTS else ""
    caption = (f"{scalar} as each point gave it, labelled by the parameter the point changed"
               + (f"; dashed line: the defaults' value, {_format(default)}" if is_number(default) else "")
               + ".")
    return Chart(scalar, f"{CHART_PREFIX}{scalar}.svg", buffer.getvalue(),
                 f"{scalar} by point: " + "; ".join(listed) + more + ".", caption)


@dataclass(frozen=True)
class Layout:
    """How a summary's rows read: the column of each parameter (``{parameter: column}``), those that some point
    changes, the scalar columns, and per row the parameters it changed from the defaults.

    Example
    -------
    >>> layout = Layout({"n": "n", "point": "param_point"}, ["n"], ["square"], [set(), {"n"}])
    >>> layout.changes[1]
    {'n'}
    """

    parameters: dict
    varied: list
    scalars: list
    changes: list


def _cell(row: dict, column: str, name: str, layout: Layout, i: int) -> str:
    esc = html.escape
    text = _text(row.get(column)) or ("-" if column == "verdicts" else "")  # as the closing table shows none
    if column in layout.varied:
        parameter = next(p for p, c in layout.parameters.items() if c == column)
        if parameter in layout.changes[i]:
            return f'<td class="changed">{esc(text)}</td>'
    if column == "output" and row.get("status") in ("ok", "cached"):
        link = link_target(f"../{row['output']}/{name}.html")
        if link:
            return f'<td><a href="{html_attribute(link)}">{esc(text)}</a></td>'
    cls = ' class="num"' if is_number(row.get(column)) else ""
    return f"<td{cls}>{esc(text)}</td>"


STYLE = (
    "body{font-family:sans-serif;margin:1em auto;padding:0 1em;max-width:80em;line-height:1.4}"
    "h1{font-size:1.4em;overflow-wrap:anywhere}.scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;"
    "vertical-align:top;max-width:18em;overflow-wrap:break-word}th{white-space:nowrap}td.num{text-align:right}"
    "td.changed{background:#fff1b8;font-weight:bold}tr.failed td{background:#fde2e1}"
    "figure{margin:1.5em 0}figure img{max-width:100%;height:auto}figcaption{font-size:.9em;color:#444}"
)


def summary_page(name: str, rows: list[dict], columns: list[str], layout: Layout, charts: list[Chart]) -> str:
    """summary.html (see the module's description): text escaped, links and attributes through
    :mod:`innovlib.escaping`, the charts embedded as ``data:`` images, the pages' Content-Security-Policy.

    Example
    -------
    >>> layout = Layout({"n": "n"}, ["n"], [], [set(), {"n"}])
    >>> page = summary_page("demo<", [{"n": 1, "status": "ok"}, {"n": 2, "status": "ok"}], ["n", "status"],
    ...                     layout, [])
    >>> '<td class="changed">2</td>' in page, "demo&lt;" in page, 'name="viewport"' in page
    (True, True, True)
    """
    esc = html.escape
    head = "".join(f"<th>{esc(str(c))}</th>" for c in columns)
    body = [f'<tr class="{html_attribute(row.get("status", ""))}">'
            + "".join(_cell(row, c, name, layout, i) for c in columns) + "</tr>" for i, row in enumerate(rows)]
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[str(row.get("status"))] = statuses.get(str(row.get("status")), 0) + 1
    summary = ", ".join(f"{esc(k)} {v}" for k, v in sorted(statuses.items()))
    fixed = [p for p in layout.parameters if layout.parameters[p] not in layout.varied]
    first = rows[0] if rows else {}
    unchanged = ("<p>The same in every point: " + "; ".join(
        f"{esc(p)}={esc(_text(first.get(layout.parameters[p])))}" for p in fixed) + ".</p>\n") if fixed else ""
    figures = "".join(
        f'<figure><img src="data:image/svg+xml;base64,{base64.b64encode(c.svg.encode()).decode()}" '
        f'alt="{html_attribute(c.alt, 4000)}"><figcaption>{esc(c.caption)} File: '
        f'<a href="{html_attribute(link_target(c.file) or "")}">{esc(c.file)}</a>.</figcaption></figure>\n'
        for c in charts)
    return (
        f"<!DOCTYPE html>\n<html lang=\"en\"><head>{CSP_META}<meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Sweep of {esc(name)}</title><style>{STYLE}</style></head><body>\n"
        f"<h1>Sweep of {esc(name)}</h1>\n<p>{len(rows)} point(s): {summary}. Each point changes the notebook's "
        "defaults as its <code>changed</code> column says; the highlighted cell is the value that differs from "
        "the default. Verdicts: how many of the run's verdicts say each verdict (a run records verdicts only for "
        "the parameter values a claim is about).</p>\n" + unchanged
        + (f"<h2>Results by point</h2>\n{figures}" if figures else "")
        + f'<h2>Points</h2>\n<div class="scroll" role="region" aria-label="points of the sweep" tabindex="0">'
        f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body)
        + "\n</tbody></table></div>\n</body></html>\n"
    )
