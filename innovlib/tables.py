"""Tables as a reader sees them: :func:`show` turns a result table into a publication-grade HTML table.

A notebook ends a cell with ``tables.show(table, labels=...)`` instead of the bare DataFrame, whose pandas display
shows ``NaN`` and ``<NA>``, a 0..n index column, ``8.800000``, text cut with "...", rows left out and code names
as headers. The table shown has

* no index column (a meaningful index, such as a city or a unit name, becomes the first column);
* ``—`` for every missing value;
* readable headers (``labels``: a map per finding, e.g. :data:`innovlib.analyses.sei_growth.LABELS`, whose labels
  carry the unit; an unmapped name shows with spaces for underscores), and the units ``units`` declares;
* text cells that are code names (``cagr_levels``) replaced by the label the same map gives them;
* every number at the precision it has (:mod:`innovlib.precision`): a published figure with the decimals it was
  published with (``8.8`` stays ``8.8``), a computed column at the decimals declared by ``precision`` (default
  :data:`COMPUTED_DECIMALS`), never more;
* every row and column: a long table scrolls inside a box of bounded height, a wide one sideways inside its box
  (the CSS rule for ``div.innovlib-table`` is in ``templates/innovlib.html.j2`` and the site's
  ``_static/innovlib-tables.css``);
* every text from data escaped (pandas' Styler with ``escape="html"``): ``<script>`` shows as text.

Example
-------
>>> import pandas as pd
>>> shown = show(pd.DataFrame({"city": ["Beijing", None], "real_growth": [5.6, float("nan")]}),
...              labels={"real_growth": "real GDP growth"}, units={"real_growth": "%"})
>>> shown.headers, shown.cells
(['city', 'real GDP growth (%)'], [['Beijing', '5.6'], ['—', '—']])
"""

from __future__ import annotations

import hashlib
import html
import math
from collections.abc import Mapping

import pandas as pd
from pandas.api import types
from pandas.io.formats.style import Styler

from innovlib.data import is_http_url
from innovlib.precision import is_number, number_text, stated_decimals

MISSING = "—"  # an em dash: the usual mark of a missing figure in a published table
#: Decimals of a computed column (one whose values carry more than the decimals a published figure has) when the
#: caller declares none.
COMPUTED_DECIMALS = 2
BOX_CLASS = "innovlib-table"  # the scrolling box's class; its CSS is in the page templates
YES_NO = {True: "yes", False: "no"}
#: Code names that several findings' tables share (columns and cell values); a finding's own map comes first.
LABELS = {
    "price_basis": "price basis", "not_stated": "not stated", "source_url": "source", "source_urls": "sources",
    "other_source_urls": "other sources", "reproduced": "reproduced", "confirmed_by_source": "confirmed by source",
    "not_checkable": "not checkable", "contradicted": "contradicted",
}


def _is_missing(value) -> bool:
    """None, NaN, NA, NaT, or a text with nothing in it (an empty cell of a CSV read as text)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and math.isnan(value)


def _header(name, labels: Mapping, units: Mapping) -> str:
    """A column's header: its label (or its name with spaces for underscores), then its unit in parentheses."""
    if isinstance(name, tuple):  # a column of a two-level header: each level labelled, the unit of the whole
        return " / ".join(_header(part, labels, {}) for part in name if str(part) != "")
    text = labels.get(name, str(name).replace("_", " ")) if isinstance(name, str) else str(name)
    unit = units.get(name) if isinstance(name, str) else None
    if unit and f"({unit})" not in text:
        text = f"{text} ({unit})"
    return text


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """The table with a meaningful index turned into its first column(s) and a 0..n index dropped."""
    index = table.index
    meaningful = any(name is not None for name in index.names) or not (
        types.is_integer_dtype(index.dtype) or len(index) == 0)
    if meaningful:
        names = [name if name is not None else "" for name in index.names]
        table = table.copy()
        table.index = table.index.set_names(names)
        table = table.reset_index()
    else:
        table = table.reset_index(drop=True)
    if not isinstance(table.columns, pd.MultiIndex):
        table.columns.name = None
    return table


def column_texts(values: pd.Series, labels: Mapping | None = None, decimals: int | None = None) -> list[str]:
    """The texts of one column's cells as :func:`show` writes them.

    Numbers keep the decimals they are written with (:func:`innovlib.precision.stated_decimals`, each cell its
    own: a published ``8.8`` beside ``5.25`` is not padded to ``8.80``) unless ``decimals`` is given; a column
    whose values carry more decimals than a published figure (a computed one) is written at ``decimals``, by
    default :data:`COMPUTED_DECIMALS`. Missing values (and empty texts) are ``—``, bools ``yes``/``no``, text that
    ``labels`` maps is replaced by its label.

    Example
    -------
    >>> column_texts(pd.Series([8.8, 5.25, None])), column_texts(pd.Series([2 / 3, 0.5]))
    (['8.8', '5.25', '—'], ['0.67', '0.50'])
    >>> column_texts(pd.Series(["cagr_levels", pd.NA]), {"cagr_levels": "CAGR of levels"})
    ['CAGR of levels', '—']
    """
    labels = labels or {}
    cells = values.tolist()
    if decimals is None and stated_decimals(cells) is None:
        decimals = COMPUTED_DECIMALS
    texts = []
    for cell in cells:
        if _is_missing(cell):
            texts.append(MISSING)
        elif isinstance(cell, bool) or type(cell).__name__ == "bool":
            texts.append(YES_NO[bool(cell)])
        elif is_number(cell):
            texts.append(number_text(cell, decimals))
        elif isinstance(cell, pd.Timestamp):
            texts.append(cell.date().isoformat() if cell == cell.normalize() else cell.isoformat())
        else:
            text = str(cell)
            texts.append(labels.get(text, text))
    return texts


def link_or_text(escaped: str) -> str:
    """A cell's HTML from its already escaped text: a web address becomes a link showing its host (a full address
    is one unbreakable word, wider than a phone), any other text stays as it is.

    Pandas' Styler escapes each cell before it calls this formatter, so the address in ``href`` and the host shown are
    escaped text: a quote cannot end the attribute, and markup shows as text.

    Example
    -------
    >>> link_or_text("https://www.jpo.go.jp/resources/report/index.html")
    '<a href="https://www.jpo.go.jp/resources/report/index.html">www.jpo.go.jp</a>'
    >>> link_or_text("javascript:alert(1)"), link_or_text("&lt;b&gt;")
    ('javascript:alert(1)', '&lt;b&gt;')
    """
    if not is_http_url(escaped):  # the one test of a web address (data validation uses it too)
        return escaped
    host = escaped.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0] or escaped
    return f'<a href="{escaped}">{host}</a>'


class ShownTable:
    """A table as :func:`show` renders it: ``headers`` and ``cells`` (texts), its ``caption`` and its ``html``
    (the notebook displays it through ``_repr_html_``; ``repr`` gives the text).

    Example
    -------
    >>> shown = ShownTable(["city"], [["<b>x</b>"]], caption=None)
    >>> "&lt;b&gt;x&lt;/b&gt;" in shown.html, repr(shown)
    (True, 'city\\n<b>x</b>')
    """

    def __init__(self, headers: list[str], cells: list[list[str]], caption: str | None = None,
                 numeric: list[bool] | None = None):
        self.headers, self.cells, self.caption = headers, cells, caption
        self.numeric = numeric or [False] * len(headers)
        self.html = self._render()

    def _render(self) -> str:
        frame = pd.DataFrame(self.cells, columns=range(len(self.headers)), dtype=object)
        # A stable id from the content (pandas would draw a random one): the same table renders the same bytes.
        uuid = hashlib.sha256(repr((self.headers, self.cells)).encode()).hexdigest()[:10]
        styler = (Styler(frame, uuid=uuid, cell_ids=False)
                  .hide(axis="index")
                  .format(escape="html", formatter=link_or_text)
                  .relabel_index([html.escape(h) for h in self.headers], axis="columns"))
        classes = pd.DataFrame([["num" if n else "text" for n in self.numeric]] * len(frame), index=frame.index,
                               columns=frame.columns)
        styler = styler.set_td_classes(classes)
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        with pd.option_context("styler.render.max_elements", max(262144, frame.size + 1),
                               "styler.render.max_rows", None, "styler.render.max_columns", None):
            table = styler.to_html().replace('<style type="text/css">\n</style>\n', "")  # no styles: no block
        for position in (p for p, n in enumerate(self.numeric) if n):  # a number column's header aligns with it
            table = table.replace(f'class="col_heading level0 col{position}"',
                                  f'class="col_heading level0 col{position} num"')
        return f'<div class="{BOX_CLASS}">\n{table}</div>\n'

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        lines = ["  ".join(self.headers)] + ["  ".join(row) for row in self.cells]
        return "\n".join(([self.caption] if self.caption else []) + lines)


def show(table: pd.DataFrame, *, labels: Mapping | None = None, units: Mapping | None = None,
         precision: int | Mapping | None = None, caption: str | None = None) -> ShownTable:
    """``table`` as a publication-grade table (see the module's description); the last expression of a cell.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to show (not changed).
    labels : mapping, optional
        ``{code name: readable label}`` for column names and for text cells (a finding's label map), over the
        shared :data:`LABELS`.
    units : mapping, optional
        ``{column: unit}``, shown in the header after the label. (The descriptors' units are not used: several
        say "see column unit", which a header cannot show.)
    precision : int or mapping, optional
        Decimals of every number column, or ``{column: decimals}``; a column not named keeps the decimals its
        figures are written with (a computed one: :data:`COMPUTED_DECIMALS`).
    caption : str, optional
        A caption above the table.

    Returns
    -------
    ShownTable
        Its ``headers`` and ``cells`` as shown, and its ``html``.

    Example
    -------
    >>> t = pd.DataFrame({"rank": [1, 2]}, index=pd.Index(["Tokyo", "Shenzhen"], name="cluster"))
    >>> shown = show(t, caption="Ranks")
    >>> shown.headers, shown.cells, '<div class="innovlib-table">' in shown.html
    (['cluster', 'rank'], [['Tokyo', '1'], ['Shenzhen', '2']], True)
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"show() takes a pandas DataFrame, got {type(table).__name__}")
    labels = {**LABELS, **dict(labels or {})}
    units = dict(units or {})
    plain = _plain(table)
    headers, columns, numeric = [], [], []
    for position, name in enumerate(plain.columns):
        values = plain.iloc[:, position]
        if isinstance(precision, Mapping):
            decimals = precision.get(name)
        else:
            decimals = precision if types.is_float_dtype(values.dtype) else None
        headers.append(_header(name, labels, units))
        columns.append(column_texts(values, labels, decimals))
        numeric.append(types.is_numeric_dtype(values.dtype) and not types.is_bool_dtype(values.dtype))
    cells = [list(row) for row in zip(*columns)] if columns else []
    return ShownTable(headers, cells, caption=caption, numeric=numeric)
