"""The summary of ``innovlib run NAME --alternatives``: per point the change from the defaults (its cell
highlighted), the verdict counts as the closing table shows them, the scalars, one chart per numeric scalar (a file
beside the page, embedded in it with its alt text and caption), readable on a phone, under the pages' CSP.

The notebook is written by the test: one parameter with declared alternatives that changes the verdict, one that
decides whether the claim is tested at all, and a scalar computed from the first.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import PROJECT_ROOT, write_notebook
from innovlib import cli
from innovlib.runner import sweep
from innovlib.html_safety import CONTENT_SECURITY_POLICY

PARAMETERS = ('value: float = 42.3  # the figure checked {choices: [42.3, 40.0, 45.0]}\n'
              'label: str = "a"  # the claim is about label a {choices: [a, b]}')
BODY = '''from innovlib import claims
from innovlib.outputs import save_scalar
claims.Audit(value=value, label=label).check("SEI-03a", computed=value, about={"label": "a"}, basis="recomputed",
                                             tolerance=0.05, explanation="test figure")
save_scalar("doubled", value * 2)
save_scalar("note", f"<i>{label}</i>")
'''


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    """``innovlib run claim --alternatives`` in a throw-away project, once for the module: (outputs, the sweep's
    folder, what the command printed)."""
    root = tmp_path_factory.mktemp("swept")
    shutil.copytree(PROJECT_ROOT / "data" / "claims", root / "data" / "claims")  # the catalogue the verdict uses
    write_notebook(root / "notebooks", "claim", PARAMETERS, BODY)
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
        for variable, folder in (("DATA", "data"), ("NOTEBOOKS", "notebooks"), ("OUTPUTS", "outputs")):
            patch.setenv(f"INNOVLIB_{variable}_DIR", str(root / folder))
        assert cli.main(["run", "claim", "--alternatives", "--no-report", "--jobs", "2"]) == 0
    outputs = root / "outputs"
    return outputs, next(outputs.glob("claim--sweep-*")), printed.getvalue()


def table_rows(page: BeautifulSoup) -> list[dict]:
    """The summary table's rows as {column: cell}, each cell a (text, highlighted) pair."""
    table = page.find("div", class_="scroll").find("table")
    header = [th.get_text() for th in table.find("thead").find_all("th")]
    return [{column: (td.get_text(), "changed" in (td.get("class") or [])) for column, td in
             zip(header, tr.find_all("td"))} for tr in table.find("tbody").find_all("tr")]


def test_the_summary_has_the_change_the_verdicts_and_the_scalar_of_every_point(swept):
    outputs, folder, printed = swept
    with open(folder / "summary.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["changed"] for r in rows] == ["defaults", "value=40.0", "value=45.0", "label=b"]
    assert [r["doubled"] for r in rows] == ["84.6", "80.0", "90.0", "84.6"]
    assert [r["verdicts"] for r in rows] == ["reproduced 1", "contradicted 1", "contradicted 1", ""]
    for row in rows:  # the counts are those of the point's claims.json
        claims = json.loads((outputs / row["output"] / "claims.json").read_text(encoding="utf-8"))
        assert row["verdicts"] == ", ".join(f"{k} {v}" for k, v in sorted(Counter(c["verdict"] for c in claims).items()))
    # the closing table of the same run shows the same counts
    lines = printed.splitlines()
    for row in rows:
        [line] = [line for line in lines if line.rstrip().endswith(row["output"])]
        assert f"  {row['verdicts'] or '-'}  " in line, line

    page = BeautifulSoup((folder / "summary.html").read_text(encoding="utf-8"), "html.parser")
    cells = table_rows(page)
    assert [[text for text, highlighted in row.values() if highlighted] for row in cells] == [[], ["40.0"], ["45.0"],
                                                                                              ["b"]]
    assert [row["value"][0] for row in cells] == ["42.3", "40.0", "45.0", "42.3"]  # only the changed one is marked
    assert [row["doubled"][0] for row in cells] == ["84.6", "80.0", "90.0", "84.6"]
    assert [row["verdicts"][0] for row in cells] == ["reproduced 1", "contradicted 1", "contradicted 1", "-"]
    assert [row["note"][0] for row in cells] == ["<i>a</i>", "<i>a</i>", "<i>a</i>", "<i>b</i>"]  # text, escaped
    assert "&lt;i&gt;b&lt;/i&gt;" in (folder / "summary.html").read_text(encoding="utf-8")
    assert page.find("i") is None


def test_each_numeric_scalar_has_a_chart_file_with_alt_text_and_a_caption(swept):
    _, folder, _ = swept
    assert sorted(p.name for p in folder.glob("scalar-*")) == ["scalar-doubled.svg"]  # no chart of a text
    svg = (folder / "scalar-doubled.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    page = BeautifulSoup((folder / "summary.html").read_text(encoding="utf-8"), "html.parser")
    [figure] = page.find_all("figure")
    image = figure.find("img")
    assert image["alt"] == "doubled by point: defaults: 84.6; value=40.0: 80; value=45.0: 90; label=b: 84.6."
    prefix = "data:image/svg+xml;base64,"
    assert image["src"].startswith(prefix) and base64.b64decode(image["src"][len(prefix):]).decode() == svg
    caption = figure.find("figcaption")
    assert "dashed line: the defaults' value, 84.6" in caption.get_text()
    assert caption.find("a")["href"] == "scalar-doubled.svg"


def test_the_page_fits_a_phone_under_the_pages_policy(swept):
    _, folder, _ = swept
    text = (folder / "summary.html").read_text(encoding="utf-8")
    page = BeautifulSoup(text, "html.parser")
    metas = page.find("head").find_all("meta")
    assert metas[0]["http-equiv"] == "Content-Security-Policy" and metas[0]["content"] == CONTENT_SECURITY_POLICY
    assert page.find("meta", attrs={"name": "viewport"})["content"] == "width=device-width, initial-scale=1"
    assert "<script" not in text.lower() and " on" not in "".join(str(tag.attrs) for tag in page.find_all(True))
    style = page.find("style").get_text()
    assert ".scroll{overflow-x:auto" in style and "figure img{max-width:100%" in style
    assert page.find("div", class_="scroll").find("table") is not None  # the wide table scrolls in its own box


def test_the_layout_names_the_changed_parameters_and_the_scalars(monkeypatch):
    """Without running anything: the columns of parameters some point changes, per point what it changed, and the
    scalar columns (whatever is neither a parameter nor a fixed or hook column); a clashing name gets param_."""
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(Path(__file__).resolve().parent / "notebooks"))
    points, from_text = sweep.expand_points({"x": ["1", "4"], "label": ["a", "c"]})
    tasks = sweep.plan_points("point", points, from_text)
    rows = [{"point": i, "x": t.values["x"], "label": t.values["label"], "status": "ok", "square": 1, "tag": "t"}
            for i, t in enumerate(tasks, start=1)]
    layout = sweep.summary_layout(tasks, rows)
    assert layout.varied == ["x", "label"] and layout.scalars == ["square", "tag"]
    assert layout.changes == [set(), {"label"}, {"x"}, {"x", "label"}]
    assert set(layout.parameters) == {"x", "label", "weights", "fail", "sleep"}
    assert sweep.page_columns(layout)[:7] == ["point", "changed", "status", "verdicts", "square", "tag", "x"]


@pytest.mark.slow
@pytest.mark.parametrize("width", [390, 1280])
def test_in_a_browser_the_page_is_no_wider_than_the_screen_and_shows_its_charts(swept, width):
    """Headless Chromium: the page does not scroll sideways (the table scrolls in its box), every chart is shown
    (the policy lets ``data:`` images through) and nothing violates the policy."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    chromium = os.environ.get("INNOVLIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("no Chromium executable (apt-get install chromium, or set INNOVLIB_CHROMIUM)")
    _, folder, _ = swept
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True)
        try:
            tab = browser.new_page(viewport={"width": width, "height": 900})
            messages = []
            tab.on("console", lambda message: messages.append(message.text))
            tab.goto((folder / "summary.html").as_uri(), wait_until="load")
            page_width = tab.evaluate("() => [document.documentElement.scrollWidth, "
                                      "document.documentElement.clientWidth]")
            charts = tab.evaluate("() => [...document.images].map(i => [i.naturalWidth > 0, i.width])")
            box = tab.evaluate("() => { const b = document.querySelector('.scroll'); "
                               "return [b.scrollWidth, b.clientWidth]; }")
        finally:
            browser.close()
    assert page_width[0] <= page_width[1], f"{width} px: the page scrolls sideways ({page_width})"
    assert charts and all(shown and 0 < shown_width <= width for shown, shown_width in charts), charts
    assert box[1] <= width and not messages, (box, messages)
