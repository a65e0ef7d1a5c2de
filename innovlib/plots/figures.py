"""Showing a figure: a number, a caption under it and alt text that says what it shows, legible on a phone.

A notebook draws a figure with the other modules and shows it with :func:`show` (instead of ``plt.show()``), which
displays one HTML ``<figure>``: the figure as an embedded SVG image, its alt text, and ``Figure N. caption`` as
its ``<figcaption>``. One output renders the same in JupyterLab, on the nbconvert page and on the Sphinx site (all
three prefer ``text/html`` to images and keep ``<figure>``, ``<img alt>`` and ``data:image/`` sources), where
nbconvert would otherwise write "No description has been provided for this image" and no caption.

Why SVG in an ``<img>`` (a percent-encoded ``data:`` URL): vector text stays sharp when a reader zooms; an SVG shown as an image runs no script and
loads nothing (the pages' sanitiser drops inline ``<svg>``, and the site keeps no ``image/svg+xml`` output). Why a
minimum width: a figure shrunk to a 390 px screen would make its smallest text a few pixels high, so the image
keeps the width at which that text is :data:`LEGIBLE_PX` pixels high and scrolls sideways when the screen is
narrower.

Figures are numbered per notebook: :func:`innovlib.plots.set_theme` (the first call of every notebook) starts the
count at 1. Caption and alt text may come from data: both are escaped here.

Example
-------
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(figsize=(4, 3))
>>> _ = ax.bar(["a", "b"], [1, 2]); _ = ax.set_ylabel("count")
>>> page = figure_html(fig, 3, "Counts <by> group", "Two bars")
>>> "<strong>Figure 3.</strong> Counts &lt;by&gt; group" in page, 'alt="Two bars' in page
(True, True)
"""

from __future__ import annotations

import io
import math
import urllib.parse

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display
from matplotlib.axes import Axes
from matplotlib.collections import QuadMesh
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from innovlib.escaping import html_attribute

#: Smallest height, in CSS pixels, of a figure's smallest text where it is shown (about 7 pt on a phone).
LEGIBLE_PX = 9.0
#: CSS pixels per inch (an SVG's ``pt`` sizes are 1/72 inch).
CSS_PX_PER_INCH = 96.0
#: Longest alt text written (screen readers read it whole; the caption and the tables carry the rest).
ALT_LIMIT = 600

#: Characters left as they are in the SVG's data URL: a percent-encoded SVG is 10% smaller than base64 and
#: compresses to 30% less on the wire; ``< > " ' &`` and line ends are encoded, so nothing in it is markup.
SVG_URL_SAFE = " /:=;,()*!-._~@$+?"

_numbering = {"next": 1}


def restart_numbering() -> None:
    """Number the next figure shown 1 (called by :func:`innovlib.plots.set_theme`, first in every notebook).

    Example
    -------
    >>> restart_numbering(); next_number()
    1
    """
    _numbering["next"] = 1


def next_number() -> int:
    """The number the next figure shown will carry.

    Example
    -------
    >>> restart_numbering(); next_number()
    1
    """
    return _numbering["next"]


def _figure_of(target):
    """The matplotlib figure of a figure, an axes, or a list or array of axes (what the drawing functions return)."""
    if isinstance(target, Figure):
        return target
    if isinstance(target, Axes):
        return target.figure
    axes = np.ravel(np.asarray(target, dtype=object)) if target is not None else []
    if len(axes) and isinstance(axes[0], Axes):
        return axes[0].figure
    raise TypeError(f"show() takes a matplotlib Figure or Axes (or a list of Axes), got {type(target).__name__}")


def smallest_text_pt(fig) -> float:
    """The size, in points, of the smallest visible text of a figure (tick labels, labels, legends, annotations).

    Example
    -------
    >>> fig, ax = plt.subplots(); _ = ax.text(0.5, 0.5, "x", fontsize=7)
    >>> smallest_text_pt(fig)
    7.0
    """
    fig.canvas.draw()  # tick labels exist only once drawn
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_figure() is not None]
    return float(min(sizes)) if sizes else float(mpl.rcParams["font.size"])


def _svg(fig) -> tuple[bytes, float]:
    """The figure as SVG bytes (fixed ids and no date, so that a rerun writes the same bytes) and its width in CSS px."""
    buffer = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "innovlib", "svg.fonttype": "path"}):
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    head = svg[:2000].decode("utf-8", "replace")
    width_pt = float(head.split('width="', 1)[1].split("pt", 1)[0])
    return svg, width_pt / 72 * CSS_PX_PER_INCH


def _axis_words(ax, which: str) -> str:
    label = (ax.get_xlabel() if which == "x" else ax.get_ylabel()).replace("\n", " ").strip()
    axis = ax.xaxis if which == "x" else ax.yaxis
    low, high = sorted(axis.get_view_interval())
    ticks = [t.get_text() for t, at in zip(axis.get_ticklabels(), axis.get_ticklocs())
             if t.get_text() and low <= at <= high]
    if ticks and not all(_is_number(t) for t in ticks):  # categories: name them (a range of names says nothing)
        shown = ", ".join(t.replace("\n", " ") for t in ticks[:12]) + (f" and {len(ticks) - 12} more" if len(ticks) > 12 else "")
        return f"{label} ({shown})" if label else shown
    span = f" ({ticks[0]} to {ticks[-1]})" if len(ticks) >= 2 else ""
    return f"{label}{span}" if label else ""


def _is_number(text: str) -> bool:
    """A value written on a bar or in a cell ("11.6", "4.5%", "−2"), which the alt text need not repeat."""
    try:
        float(text.strip().replace("−", "-").rstrip("%").replace(",", ""))
        return True
    except ValueError:
        return False


def describe(fig) -> str:
    """A plain-text description of what a figure shows, read from its axes: the kind of chart, its title, what each
    axis carries (label and range of ticks) and the series named in its legends and labels.

    Example
    -------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([2020, 2021], [1, 2], label="Tokyo"); _ = ax.set_xlabel("year"); _ = ax.set_ylabel("rank")
    >>> _ = ax.legend(); _ = ax.set_title("Ranks")
    >>> describe(fig)
    'Line chart "Ranks": rank (1.0 to 2.0) against year (2020.0 to 2021.0); labels: Tokyo.'
    """
    fig.canvas.draw()
    parts = []
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() and p.get_height()
                and p.get_data_transform() is ax.transData]  # not a shaded band (axvspan) across the axes
        heat = any(isinstance(c, QuadMesh) for c in ax.collections) or any(isinstance(i, AxesImage) for i in ax.images)
        if heat:
            kind = "Heat map"
        elif bars:
            kind = "Bar chart"
        elif any(len(line.get_xdata()) > 1 and line.get_linestyle() not in ("None", "") for line in ax.lines):
            kind = "Line chart"
        elif ax.lines or ax.collections:
            kind = "Dot plot"
        else:
            continue
        title = ax.get_title().replace("\n", " ").strip()
        x_words, y_words = _axis_words(ax, "x"), _axis_words(ax, "y")
        words = f'{kind}{f" {chr(34)}{title}{chr(34)}" if title else ""}'
        if y_words and x_words:
            words += f": {y_words} against {x_words}" if kind == "Line chart" else f": {x_words}; {y_words}"
        elif x_words or y_words:
            words += f": {x_words or y_words}"
        named = [t.get_text() for t in ax.texts if t.get_text().strip() and not heat and not _is_number(t.get_text())]
        legend = ax.get_legend()
        named += [t.get_text() for t in legend.get_texts()] if legend else []
        if named:
            shown = list(dict.fromkeys(n.replace("\n", " ") for n in named))
            words += "; labels: " + ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "")
        parts.append(words + ".")
    legends = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
    if legends:
        parts.append("Legend: " + ", ".join(dict.fromkeys(legends)) + ".")
    title = fig.get_suptitle().replace("\n", " ")
    text = (f'"{title}". ' if title else "") + " ".join(parts)
    return text if len(text) <= ALT_LIMIT else text[:ALT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def figure_html(fig, number: int, caption: str, alt: str) -> str:
    """The HTML of one shown figure: an SVG image with ``alt`` and a minimum width that keeps its smallest text
    :data:`LEGIBLE_PX` high (scrolling sideways on a narrower screen), and ``Figure {number}. {caption}`` under it.
    Caption and alt text are escaped (they may hold text from data).

    Example
    -------
    >>> fig, ax = plt.subplots(figsize=(8, 4)); _ = ax.plot([0, 1], [0, 1]); _ = ax.set_xlabel("x", fontsize=8)
    >>> page = figure_html(fig, 1, 'A "line"', "x & y")
    >>> 'alt="x &amp; y"' in page, "min-width: " in page, 'id="figure-1"' in page
    (True, True, True)
    """
    svg, width = _svg(fig)
    smallest = smallest_text_pt(fig) / 72 * CSS_PX_PER_INCH  # its height at the SVG's own size
    min_width = min(width, math.ceil(width * LEGIBLE_PX / smallest)) if smallest else width
    source = "data:image/svg+xml," + urllib.parse.quote(svg, safe=SVG_URL_SAFE)
    return (f'<figure class="innovlib-figure" id="figure-{int(number)}" style="margin: 1em 0;">\n'
            f'<div style="overflow-x: auto;">'
            f'<img src="{source}" alt="{html_attribute(alt, ALT_LIMIT + 10)}" width="{round(width)}" '
            f'style="max-width: 100%; min-width: {round(min_width)}px; height: auto;"></div>\n'
            f"<figcaption><strong>Figure {int(number)}.</strong> {html_attribute(caption)}</figcaption>\n"
            "</figure>")


def show(target, caption: str, *, alt: str = "") -> None:
    """Show a figure in a notebook, numbered and captioned, with alt text; then close it (so it shows once).

    Parameters
    ----------
    target : matplotlib Figure, Axes, or list of Axes
        What a drawing function returned (or the figure).
    caption : str
        What the figure shows and how to read it, one or two sentences; ``Figure N.`` is written before it.
    alt : str
        The alt text's first sentence (what a reader who cannot see the figure should know); a description read
        from the axes (:func:`describe`) follows it.

    Example
    -------
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [1, 2])
    >>> restart_numbering(); show(ax, "Two points")  # outside a notebook, the output is printed  # doctest: +ELLIPSIS
    {'text/html': '<figure class="innovlib-figure" id="figure-1"...', 'text/plain': 'Figure 1. Two points'}
    >>> next_number()
    2
    """
    fig = _figure_of(target)
    number = _numbering["next"]
    alt_text = " ".join(part.strip() for part in (alt, describe(fig)) if part and part.strip())
    page = figure_html(fig, number, caption, alt_text)
    _numbering["next"] = number + 1
    plt.close(fig)
    display({"text/html": page, "text/plain": f"Figure {number}. {caption}"}, raw=True)
