"""The explorer panel: a notebook's parameters as controls, its key figure, table and findings redrawn from the
library (never a kernel re-run) a moment after a control moves, an honest banner, and "save this as a run".

In JupyterLab :func:`panel` shows the panel; in a run that is executed and exported (``innovlib run``, papermill,
nbconvert) it shows only a note, since a page cannot carry live widgets. The Voilà page of ``make explore`` shows
every notebook's panel through :func:`page`. Nothing a panel computes is recorded: its findings are what-if findings (:mod:`innovlib.explore.scratch`).

Example
-------
>>> explorer = Explorer("regional_shares")
>>> explorer.view.table_title
"Shares stated in CASTED's 2025 report"
>>> explorer.controls["yrd_edition"].value = "2024"
>>> explorer.view.table_title, explorer.banner_text[:24]
("Shares stated in CASTED's 2024 report", '**Not the default run.**')
"""

from __future__ import annotations

import asyncio
import html
import os
import subprocess
import sys
import threading
from pathlib import Path

import ipywidgets as widgets
import pandas as pd

from innovlib.claims.rendering import not_tested_markdown
from innovlib.errors import InnovlibError
from innovlib.escaping import code_span
import innovlib.explore.whatif as whatif
from innovlib import tables
from innovlib.explore.controls import checked_values, control_for, run_arguments, set_control
from innovlib.explore.views import VIEWS, compute_view
from innovlib.frontmatter import non_default_notice
from innovlib.outputs import NOTEBOOK_ENV, RUN_DIR_ENV
from innovlib.parameters import notebook_parameters
from innovlib.paths import notebooks_dir, project_root

STATIC_NOTE = "Open this notebook in JupyterLab to explore: its controls redraw the key figure, table and findings."
DEFAULT_NOTE = ("Default values: these findings are computed as the default run computes them. Nothing shown here "
                "is recorded; the report's verdicts come from `innovlib run`.")
NOT_RECORDED = "Nothing in this panel is recorded: its findings are what-if findings, not verdicts."
DEBOUNCE_SECONDS = 0.4  # a slider dragged or a name typed redraws once, after the last change
WHATIF_NOTEBOOKS = ("composite_index", "gii_clusters")
RERANKED = ("Re-ranked (what-if; from the published, rounded shares: near ties may order differently from the "
            "ranks of the counts)")


def interactive() -> bool:
    """Whether a person drives this kernel (JupyterLab), not an executed run: the runner marks its kernels
    (``$INNOVLIB_RUN_DIR``, ``$INNOVLIB_NOTEBOOK``), and papermill, nbconvert and every other nbclient execution
    send their code with ``allow_stdin`` false (nobody is there to type), as a front end a person uses does not.

    Example
    -------
    >>> interactive()   # a test process is no kernel
    False
    """
    if os.environ.get(RUN_DIR_ENV) or os.environ.get(NOTEBOOK_ENV):
        return False
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    kernel = getattr(get_ipython(), "kernel", None)
    if kernel is None:
        return False
    try:
        request = kernel.get_parent("shell") or {}
    except (AttributeError, TypeError):  # an older ipykernel: one parent for every channel
        request = getattr(kernel, "_parent", None) or {}
    return bool(request.get("content", {}).get("allow_stdin", False))


def _markdown_output(markdown: str) -> tuple:
    """Outputs of an Output widget showing Markdown (rendered, and sanitised, by the front end)."""
    return ({"output_type": "display_data", "metadata": {},
             "data": {"text/markdown": markdown, "text/plain": markdown}},) if markdown else ()


def _table_html(table: pd.DataFrame, caption: str, rows: int = 40) -> str:
    """The first ``rows`` of a table as the notebooks show tables (:func:`innovlib.tables.show`: escaped, no index,
    ``—`` for a gap, readable labels), under its caption."""
    return tables.show(table.head(rows), caption=caption).html


class Explorer:
    """The panel of one notebook (``name`` in ``notebooks/``): controls built from its parameters, and the output
    widgets its view fills. ``debounce`` seconds (0: at once) pass between a change and the redraw in a kernel.

    Example
    -------
    >>> e = Explorer("sei_growth")
    >>> e.controls["start_year"].value = 2022; e.controls["end_year"].value = 2019
    >>> e.view is None, e.error_text.startswith("end_year (2019) must be after start_year (2022)")
    (True, True)
    """

    def __init__(self, name: str, debounce: float = DEBOUNCE_SECONDS):
        if name not in VIEWS:
            raise InnovlibError(f"no explorer for notebook '{name}'; one of: {', '.join(sorted(VIEWS))}")
        self.name, self.debounce = name, debounce
        self.parameters = notebook_parameters(notebooks_dir() / f"{name}.ipynb")
        self.defaults = {p.name: p.default for p in self.parameters}
        self.controls = {p.name: control_for(p) for p in self.parameters}
        self.banner = widgets.Output()
        self.error = widgets.HTML()
        self.figure = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.notes, self.table, self.findings = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.save_button = widgets.Button(description="Save this as a run", icon="save",
                                          tooltip="innovlib run with these values (a new output folder)")
        self.save_result = widgets.HTML()
        self.save_button.on_click(lambda _: self.save_run())
        self.whatif = whatif_box(self) if name in WHATIF_NOTEBOOKS else None
        self.view, self.values, self.error_text, self.banner_text = None, dict(self.defaults), "", ""
        self._pending = None
        for control in self.controls.values():
            control.observe(self._changed, names="value")
        self.refresh()

    @property
    def widget(self) -> widgets.Widget:
        """The whole panel, controls on top."""
        parts = [widgets.HTML(f"<h3>Explore {html.escape(self.name)}</h3>"),
                 widgets.VBox(list(self.controls.values())), self.banner, self.error]
        if self.whatif is not None:
            parts.append(self.whatif.widget)
        parts += [self.figure, self.notes, self.table, self.findings,
                  widgets.HBox([self.save_button, self.save_result])]
        return widgets.VBox(parts)

    def _changed(self, _change=None) -> None:
        loop = None
        if self.debounce > 0:
            try:
                loop = asyncio.get_running_loop()  # a kernel's loop: wait for the last of a burst of changes
            except RuntimeError:
                loop = None
        if loop is None:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.debounce, self.refresh)

    def refresh(self) -> None:
        """Check the values as ``innovlib run`` does, recompute the view and redraw; an invalid value shows the
        command line's one-line error instead."""
        self._pending = None
        try:
            self.values = checked_values(self.parameters, self.controls, self.name)
            options = self.whatif.menus() if self.whatif is not None and self.name == "gii_clusters" else {}
            self.view = compute_view(self.name, self.values, **options)
            self.error_text = ""
        except (InnovlibError, ValueError, KeyError) as exc:
            self.view, self.error_text = None, str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        self._draw()

    def _draw(self) -> None:
        self.error.value = (f"<p style='color:#b00020'><b>Cannot compute:</b> {html.escape(self.error_text)}</p>"
                            if self.error_text else "")
        notice = non_default_notice(self.values, self.defaults, subject="This panel")
        skipped = not_tested_markdown(self.view.not_tested) if self.view is not None and self.view.not_tested else ""
        self.banner_text = "\n\n".join(part for part in (notice or DEFAULT_NOTE, skipped,
                                                           NOT_RECORDED if notice else "") if part)
        self.banner.outputs = _markdown_output(self.banner_text)
        view = self.view
        self.figure.value = view.figure if view is not None and view.figure else b""
        self.figure.layout.display = None if view is not None and view.figure else "none"
        self.notes.value = "".join(f"<p><i>{html.escape(n)}</i></p>" for n in view.notes) if view else ""
        self.table.value = _table_html(view.table, view.table_title) if view is not None else ""
        self.findings.value = (_table_html(view.findings, "Findings for these values (what-if: not recorded)")
                               if view is not None and not view.findings.empty else "")
        if self.whatif is not None:
            self.whatif.update(view)

    def command(self) -> list[str]:
        """The command line that saves the values shown as a run: ``innovlib run NAME -p NAME VALUE ...``.

        Example
        -------
        >>> e = Explorer("regional_shares"); e.controls["yrd_edition"].value = "2023"
        >>> e.command()[1:]
        ['run', 'regional_shares', '-p', 'yrd_edition', '2023']
        """
        script = Path(sys.executable).with_name("innovlib")
        program = [str(script)] if script.exists() else [sys.executable, "-m", "innovlib"]
        return program + run_arguments(self.name, self.parameters, self.values)

    def save_run(self, wait: bool = False) -> str | None:
        """Run :meth:`command` in the project root and show its last line and exit status (in the background
        unless ``wait``; then the line is returned)."""
        if self.error_text:
            self.save_result.value = f"<i>not saved: {html.escape(self.error_text)}</i>"
            return None
        command = self.command()
        self.save_result.value = f"<i>running: {html.escape(' '.join(command[1:]))}</i>"

        def run() -> str:
            done = subprocess.run(command, cwd=project_root(), capture_output=True, text=True, check=False)
            lines = [line for line in (done.stdout + "\n" + done.stderr).splitlines() if line.strip()]
            line = f"{'saved' if done.returncode == 0 else f'failed (exit {done.returncode})'}: " + \
                (lines[-1].strip() if lines else "no output")
            self.save_result.value = html.escape(line)
            return line

        if wait:
            return run()
        threading.Thread(target=run, daemon=True).start()
        return None


class WhatIfBox:
    """The composite what-if of a panel: one weight slider per indicator, normalisation and aggregation menus,
    the re-ranked table and the "what would it take" solver. For ``composite_index`` the sliders and menus set the
    notebook's own parameters; for ``gii_clusters`` the sliders set ``weights`` and the menus are what-if only.

    Example
    -------
    >>> e = Explorer("composite_index")
    >>> e.whatif.sliders["pub_share"].value = 3.0
    >>> e.values["weights"]
    [1.0, 3.0]
    """

    def __init__(self, explorer: Explorer):
        self.explorer = explorer
        own = explorer.name == "composite_index"
        self.normalisation = explorer.controls["normalisation"] if own else widgets.Dropdown(
            options=list(whatif.NORMALISATIONS), value="none", description="normalisation (what-if)",
            style={"description_width": "14em"})
        self.aggregation = explorer.controls["aggregation"] if own else widgets.Dropdown(
            options=list(whatif.AGGREGATIONS), value="arithmetic", description="aggregation (what-if)",
            style={"description_width": "14em"})
        if not own:
            for menu in (self.normalisation, self.aggregation):
                menu.observe(explorer._changed, names="value")
        self.sliders: dict[str, widgets.FloatSlider] = {}
        self.slider_box = widgets.VBox()
        self.ranking = widgets.HTML()
        label = {"description_width": "initial"}
        self.unit = widgets.Dropdown(description="unit", options=[], style=label)
        self.rank = widgets.BoundedIntText(value=1, min=1, max=1000, description="reaches rank", style=label,
                                           layout=widgets.Layout(width="10em"))
        self.varied = widgets.Dropdown(description="by the weight of", options=[], style=label,
                                       layout=widgets.Layout(width="14em"))
        self.solve_button = widgets.Button(description="What would it take?")
        self.answer = widgets.HTML()
        self.solve_button.on_click(lambda _: self.solve())
        self.change, self._syncing = None, False

    @property
    def widget(self) -> widgets.Widget:
        menus = [] if self.explorer.name == "composite_index" else [self.normalisation, self.aggregation]
        return widgets.VBox([widgets.HTML("<b>What if: weights, normalisation, aggregation</b>"), *menus,
                             self.slider_box, self.ranking,
                             widgets.HBox([self.unit, self.rank, self.varied, self.solve_button]), self.answer])

    def menus(self) -> dict:
        return {"normalisation": self.normalisation.value, "aggregation": self.aggregation.value}

    def _weights_changed(self, _change=None) -> None:
        if self._syncing:
            return
        parameter = next(p for p in self.explorer.parameters if p.name == "weights")
        set_control(parameter, self.explorer.controls["weights"], [s.value for s in self.sliders.values()])

    def update(self, view) -> None:
        """Fit the sliders to the view's indicators and weights, and show its re-ranked table."""
        self.change = view.extra.get("whatif") if view is not None else None
        if self.change is None:
            self.ranking.value = "" if view is None else "<i>No complete shares for these metrics: nothing to re-rank.</i>"
            return
        if list(self.sliders) != self.change.indicators:
            self.sliders = {i: widgets.FloatSlider(value=w, min=0.0, max=max(5.0, w), step=0.05, description=i,
                                                   continuous_update=False, style={"description_width": "14em"},
                                                   layout=widgets.Layout(width="36em"))
                            for i, w in zip(self.change.indicators, self.change.weights)}
            for slider in self.sliders.values():
                slider.observe(self._weights_changed, names="value")
            self.slider_box.children = list(self.sliders.values())
        self._syncing = True  # the sliders follow the weights typed or solved for, without a second redraw
        try:
            for slider, weight in zip(self.sliders.values(), self.change.weights):
                slider.max = max(slider.max, weight)
                slider.value = weight
        finally:
            self._syncing = False
        ranking = self.change.ranking()
        self.ranking.value = _table_html(ranking, RERANKED, rows=int(self.explorer.values.get("top_n", 20)))
        for menu, options in ((self.unit, list(ranking.index)), (self.varied, list(self.change.indicators))):
            chosen = menu.value
            menu.options = options
            menu.value = chosen if chosen in options else (options[0] if options else None)
        self.rank.max = max(len(ranking), 1)

    def solve(self) -> str:
        """Solve for the weight of the chosen indicator at which the chosen unit reaches the chosen rank."""
        if self.change is None or self.unit.value is None:
            self.answer.value = "<i>nothing to solve: no ranking</i>"
            return ""
        try:
            text = whatif.interval_text(self.change.weight_for_rank(self.unit.value, self.rank.value,
                                                                    self.varied.value),
                                        self.unit.value, self.rank.value, self.varied.value)
        except (ValueError, KeyError) as exc:
            text = str(exc).splitlines()[0]
        self.answer.value = html.escape(text)
        return text


def whatif_box(explorer: Explorer) -> WhatIfBox:
    """The what-if box of a composite notebook's panel (see :class:`WhatIfBox`).

    Example
    -------
    >>> type(Explorer("gii_clusters").whatif).__name__
    'WhatIfBox'
    """
    return WhatIfBox(explorer)


def panel(name: str) -> None:
    """Show the explorer of notebook ``name`` (the one call of a notebook's "Explore" cell); in an executed run,
    only a Markdown note (:data:`STATIC_NOTE`), since an exported page cannot carry live widgets. Returns nothing,
    so that the cell shows the panel once (:class:`Explorer` builds one to drive in code).

    Example
    -------
    >>> panel("regional_shares")   # not in a kernel: the static note only
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    if not interactive():
        display(Markdown(STATIC_NOTE))
    elif name not in VIEWS:  # a new finding (innovlib new) has its Explore cell before it has a view
        display(Markdown(no_view_note(name)))
    else:
        display(Explorer(name).widget)


def no_view_note(name: str) -> str:
    """What the Explore cell of a notebook without an explorer view shows: what is missing and where it goes.

    Example
    -------
    >>> no_view_note("demo")[:52]
    'No explorer for `demo` yet: add its view to `VIEWS` '
    """
    return (f"No explorer for {code_span(name)} yet: add its view to `VIEWS` in `innovlib/explore/views.py` "
            "(a function from the parameter values to the key figure, table and findings, calling the notebook's "
            "library functions).")


def page() -> widgets.Widget:
    """The standalone explorer page (``make explore``): a menu of the notebooks and the chosen one's panel.

    Example
    -------
    >>> type(page()).__name__
    'VBox'
    """
    names = [n for n in sorted(VIEWS) if (notebooks_dir() / f"{n}.ipynb").exists()]
    menu = widgets.Dropdown(options=names, value=names[0] if names else None, description="notebook")
    holder = widgets.VBox()

    def show(_change=None) -> None:
        holder.children = [Explorer(menu.value).widget] if menu.value else []

    menu.observe(show, names="value")
    show()
    return widgets.VBox([menu, holder])
