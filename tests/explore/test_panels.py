"""The explorer panels, driven as a person would: set a control, read the redrawn table, findings and banner.

Every notebook in notebooks/ has a panel. At the default values a panel's findings are exactly the reviewed
verdicts (tests/notebooks/reviewed/<name>.json); moved controls redraw by value; an invalid value or combination
shows the command line's one-line error; and nothing is written under outputs/ or into a run folder.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import IPython
import ipywidgets as widgets
import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from innovlib.explore import VIEWS, Explorer, compute_view, interactive, page, panel
from innovlib.explore.controls import control_value, run_arguments
from innovlib.explore.panel import DEFAULT_NOTE, NOT_RECORDED, STATIC_NOTE, _table_html
from innovlib.explore.scratch import NOT_TESTED
from innovlib.outputs import RUN_DIR_ENV
from innovlib.parameters import notebook_parameters, resolve_values
from innovlib.paths import OUTPUTS_ENV
from conftest import tree_digests

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))
REVIEWED = ROOT / "tests" / "notebooks" / "reviewed"


@pytest.fixture(scope="module")
def explorers():
    """One panel per notebook, built once (each test sets the controls it needs and puts them back)."""
    return {}


def fresh(explorers, name: str) -> Explorer:
    """The notebook's panel with every control back at its default."""
    if name not in explorers:
        explorers[name] = Explorer(name)
    explorer = explorers[name]
    for parameter in explorer.parameters:
        control = explorer.controls[parameter.name]
        default = parameter.default
        if isinstance(control, widgets.SelectMultiple):
            default = tuple(default)
        elif isinstance(control, widgets.Text):
            default = "" if default is None else ", ".join(str(v) for v in default) if parameter.is_list else str(default)
        if control.value != default:
            control.value = default
    if explorer.error_text or explorer.values != explorer.defaults:
        explorer.refresh()
    return explorer


def test_every_notebook_has_a_view():
    assert NOTEBOOKS and sorted(VIEWS) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_default_panel_gives_the_reviewed_verdicts(explorers, name):
    explorer = fresh(explorers, name)
    reviewed = json.loads((REVIEWED / f"{name}.json").read_text(encoding="utf-8"))
    assert explorer.error_text == ""
    assert explorer.view.verdicts == reviewed
    assert explorer.banner_text == DEFAULT_NOTE
    assert explorer.view.figure.startswith(b"\x89PNG")
    assert explorer.figure.value == explorer.view.figure


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_controls_follow_the_declared_parameters(explorers, name):
    explorer = fresh(explorers, name)
    for parameter in notebook_parameters(ROOT / "notebooks" / f"{name}.ipynb"):
        control = explorer.controls[parameter.name]
        assert control.description == parameter.name and control.tooltip == parameter.help
        if parameter.choices is not None:
            assert list(control.options) == list(parameter.choices)
            kind = widgets.SelectMultiple if parameter.is_list else widgets.Dropdown
            assert isinstance(control, kind)
        if parameter.base_type == "bool":
            assert isinstance(control, widgets.Checkbox)
        if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
            assert (control.min, control.max) == (parameter.minimum, parameter.maximum)
        value = control_value(parameter, control)
        assert value == parameter.default or (isinstance(control, widgets.Text) and explorer.values[parameter.name]
                                              == parameter.default)


def _verdict(view, part):
    return view.findings.set_index("part").loc[part, "verdict"]


def test_city_industrial_innovation_2023(explorers):
    e = fresh(explorers, "city_industrial_innovation")
    e.controls["edition"].value = 2023
    table = e.view.table.set_index("city")
    assert table.loc["Shenzhen", "rank"] == 1 and table.loc["Shenzhen", "score"] == pytest.approx(39.05)
    assert e.view.table_title == "Composite scores and ranks, edition 2023"
    assert set(e.view.findings["verdict"]) == {NOT_TESTED} and e.view.verdicts == {}
    assert e.banner_text.startswith("**Not the default run.** This panel changes edition = 2023 (default 2025).")
    assert "does not test the published claim parts GCI-01a" in e.banner_text and NOT_RECORDED in e.banner_text


def test_composite_index_weights_and_normalisation(explorers):
    e = fresh(explorers, "composite_index")
    e.controls["weights"].value = "1, 0"
    top = e.view.table.head(3)
    assert top.index.tolist() == ["Tokyo–Yokohama", "Shenzhen–Hong Kong–Guangzhou", "Seoul"]
    assert top["Index"].tolist() == top["pct_share"].tolist() == [10.1, 9.0, 5.1]  # weight 0: the PCT share alone
    assert e.whatif.sliders["pct_share"].value == 1.0 and e.whatif.sliders["pub_share"].value == 0.0
    e.controls["normalisation"].value = "rank"
    assert e.values["normalisation"] == "rank" and e.view.table["Index"].iloc[0] == e.view.table["pct_share"].iloc[0]
    assert e.view.findings.empty  # the notebook records no verdict


def test_first_tier_gdp_2024(explorers):
    e = fresh(explorers, "first_tier_gdp")
    e.controls["period"].value = "2024Q1-Q3"
    growth = e.view.table.set_index("city")["real_growth"]
    assert growth["Shanghai"] == 4.7 and growth["Shenzhen"] == 5.4 and math.isnan(growth["Beijing"])
    assert _verdict(e.view, "GDP-01a") == NOT_TESTED and _verdict(e.view, "SH-01a") == "not checkable"
    assert e.view.verdicts == {"SH-01a": "not_checkable", "SH-01b": "not_checkable"}


def test_gii_clusters_edition_and_whatif(explorers):
    e = fresh(explorers, "gii_clusters")
    assert int(e.view.table["match"].sum()) == len(e.view.table) == 34  # 2023: every rank recomputed
    e.controls["edition"].value = 2024
    assert "match" not in e.view.table and e.view.table.index[:2].tolist() == ["Tokyo–Yokohama",
                                                                               "Shenzhen–Hong Kong–Guangzhou"]
    e.controls["edition"].value = 2023
    # the what-if at WIPO's choices (raw shares, plain sum) ranks as the recomputation does
    ranking = e.whatif.change.ranking()
    assert ranking.loc["Tokyo–Yokohama", ["pct", "pub"]].tolist() == [10.1, 1.5]  # raw shares, not winsorised
    recomputed = e.view.table.loc[ranking.index, "recomputed_rank"]
    assert (ranking["Rank"].head(9) == recomputed.head(9)).all()
    index = ranking["Index"].round(9)  # below the top nine, rounded shares tie where the counts do not
    assert all(recomputed[a] < recomputed[b] for a in index.index for b in index.index if index[a] > index[b])
    e.whatif.sliders["pct"].value = 0.0
    assert e.values["weights"] == [0.0, 1.0]
    ranking = e.whatif.change.ranking()
    assert ranking.index[0] == ranking["pub"].idxmax()  # publications alone


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric", "harmonic"])
def test_gii_what_would_it_take_is_exact(explorers, aggregation):
    e = fresh(explorers, "gii_clusters")
    e.whatif.normalisation.value = "minmax"  # 1-100: positive, so every mean is solved exactly
    e.whatif.aggregation.value = aggregation
    change = e.whatif.change
    unit, rank = change.ranking().index[4], 2
    e.whatif.unit.value, e.whatif.rank.value, e.whatif.varied.value = unit, rank, "pub"
    answer = e.whatif.solve()
    intervals = change.weight_for_rank(unit, rank, "pub")
    assert answer == e.whatif.answer.value.replace("&#x27;", "'") and answer.startswith(unit)
    # the rebuilt ranking agrees inside each interval and just outside it (the solver's claim, checked by value)
    for low, high in intervals:
        inside = (low + high) / 2 if math.isfinite(high) else low * 2 + 1
        e.controls["weights"].value = f"1, {inside:.6f}"
        assert e.whatif.sliders["pub"].value == pytest.approx(inside, abs=1e-6)
        assert e.whatif.change.rank_of(unit) <= rank
        if low > 0.01:
            e.controls["weights"].value = f"1, {low * 0.99:.6f}"
            assert e.whatif.change.rank_of(unit) > rank
    assert intervals or answer.startswith("No weight")
    e.whatif.normalisation.value, e.whatif.aggregation.value = "none", "arithmetic"


def test_geometric_mean_of_a_zero_share_is_not_solved(explorers):
    e = fresh(explorers, "gii_clusters")
    e.whatif.aggregation.value = "geometric"  # Tehran's published PCT share is 0.0
    e.whatif.unit.value, e.whatif.rank.value, e.whatif.varied.value = "Seoul", 1, "pub"
    assert e.whatif.solve().startswith("a geometric mean of values <= 0 is shifted before aggregating")
    e.whatif.aggregation.value = "arithmetic"


def test_patent_conversion_groups(explorers):
    e = fresh(explorers, "patent_conversion")
    e.controls["groups"].value = ("enterprises", "universities")
    assert e.view.table.columns.tolist() == ["enterprises", "universities"]
    assert e.view.table.loc[2024, "enterprises"] == 53.3
    reviewed = json.loads((REVIEWED / "patent_conversion.json").read_text(encoding="utf-8"))
    assert e.view.verdicts == reviewed  # the groups drawn decide no verdict
    e.controls["groups"].value = ()
    assert e.view is None and e.error_text == (
        "patent_conversion: parameter 'groups' expects at least one value, got an empty list")


def test_regional_shares_2024(explorers):
    e = fresh(explorers, "regional_shares")
    e.controls["yrd_edition"].value = "2024"
    assert set(e.view.table["report_edition"].astype(str)) == {"2024"}
    assert (e.view.table["share"] == 30.0).all()
    assert _verdict(e.view, "YRD-01a") == NOT_TESTED and _verdict(e.view, "GBA-02") == "confirmed by source"


def test_regional_st_innovation_tier(explorers):
    e = fresh(explorers, "regional_st_innovation")
    e.controls["leading_tier"].value = 2
    assert _verdict(e.view, "RSI-02") == NOT_TESTED and e.view.verdicts["RSI-01a"] == "confirmed_by_source"
    assert e.view.table.iloc[0]["region"] == "Shanghai" and e.view.table.iloc[0]["score"] == 91.38
    e.controls["edition"].value, e.controls["previous_edition"].value = "2018", "2015"
    assert e.view.table_title == "Ranks and tiers, 2018 against 2015"


def test_sei_growth_invalid_window_then_valid(explorers):
    e = fresh(explorers, "sei_growth")
    e.controls["start_year"].value = 2022
    e.controls["end_year"].value = 2019
    assert e.view is None and e.error_text.startswith("end_year (2019) must be after start_year (2022)")
    assert "Cannot compute" in e.error.value and e.table.value == "" and e.figure.layout.display == "none"
    e.controls["start_year"].value = 2018
    e.controls["end_year"].value = 2023
    e.controls["price_basis"].value = "real"
    assert e.error_text == "" and set(e.view.table["price_basis"]) == {"real"}
    assert e.view.table.set_index(["city", "method"]).loc[("Beijing", "chained_rates"), "note"].startswith(
        "missing year(s)")


def test_sei_growth_sweep_one_basis(explorers):
    e = fresh(explorers, "sei_growth_sweep")
    before = e.view.figure
    e.controls["price_bases"].value = ("real",)
    assert set(e.view.table["price_basis"]) == {"real"} and len(e.view.table) == 36
    assert e.view.figure != before


def test_unicorns_one_city_and_bad_top_n(explorers):
    e = fresh(explorers, "unicorns")
    e.controls["cities"].value = ("Hangzhou",)
    assert set(e.view.table["geo"]) == {"Hangzhou"}
    assert e.view.table.set_index("report").loc["2023全球独角兽榜", "companies"] == 22
    e.controls["country"].value = ""
    assert e.error_text == "unicorns: parameter 'country' expects non-empty text, got '' (the notebook would show empty tables)"


def test_a_text_control_takes_the_command_lines_form(explorers):
    e = fresh(explorers, "composite_index")
    e.controls["weights"].value = "[2, 1]"
    assert e.values["weights"] == [2.0, 1.0]
    e.controls["weights"].value = "2, x"
    assert e.error_text == "composite_index: parameter 'weights' expects list[float], got 'x' (str)"
    e.controls["weights"].value = "1, 1, 1"
    assert e.error_text.startswith("parameter weights: expected 2 numbers")


def test_what_if_values_are_never_recorded(explorers, tmp_path, monkeypatch):
    """Views run with a run folder set (as in a runner's kernel) still write nothing there, nor under outputs/."""
    outputs = ROOT / "outputs"
    before = tree_digests(outputs) if outputs.exists() else {}
    run, elsewhere = tmp_path / "run", tmp_path / "outputs"
    run.mkdir()
    (elsewhere / "regional_shares").mkdir(parents=True)
    (elsewhere / "regional_shares" / "claims.json").write_text("[]", encoding="utf-8")
    monkeypatch.setenv(RUN_DIR_ENV, str(run))
    monkeypatch.setenv(OUTPUTS_ENV, str(elsewhere))
    for name in ("city_industrial_innovation", "regional_shares", "unicorns"):
        params = notebook_parameters(ROOT / "notebooks" / f"{name}.ipynb")
        view = compute_view(name, {p.name: p.default for p in params})
        assert view.verdicts
    assert os.environ[RUN_DIR_ENV] == str(run) and list(run.iterdir()) == []
    assert (tree_digests(outputs) if outputs.exists() else {}) == before
    assert sorted(tree_digests(elsewhere)) == ["regional_shares/claims.json"]  # no file added
    assert (elsewhere / "regional_shares" / "claims.json").read_text(encoding="utf-8") == "[]"


def test_save_this_as_a_run_uses_the_command_line_form(explorers):
    e = fresh(explorers, "sei_growth")
    e.controls["cities"].value = ("Beijing", "Shenzhen")
    e.controls["assume_unstated_rates_real"].value = False
    assert e.command()[1:] == ["run", "sei_growth", "-p", "cities", '["Beijing", "Shenzhen"]',
                               "-p", "assume_unstated_rates_real", "false"]
    e.controls["start_year"].value = 2022
    e.controls["end_year"].value = 2019
    assert e.save_run(wait=True) is None and e.save_result.value.startswith("<i>not saved: end_year (2019)")


def test_run_arguments_round_trip_through_the_parameter_checks():
    """The saved run's arguments, read back as the command line reads them, give the panel's values."""
    params = notebook_parameters(ROOT / "notebooks" / "unicorns.ipynb")
    values = {"company_list": None, "cities": ["Beijing", "Hangzhou"], "country": "China", "top_n": 5}
    arguments = run_arguments("unicorns", params, values)
    pairs = dict(zip(arguments[3::3], arguments[4::3]))
    assert resolve_values(params, pairs, from_text=set(pairs), notebook="unicorns") == values


def test_outside_a_kernel_the_panel_is_a_static_note(capsys):
    assert interactive() is False
    panel("sei_growth")
    assert "Markdown object" in capsys.readouterr().out
    assert "Open this notebook in JupyterLab to explore" in STATIC_NOTE


class _Kernel:
    def __init__(self, allow_stdin):
        self.request = {"header": {"msg_type": "execute_request"}, "content": {"allow_stdin": allow_stdin}}

    def get_parent(self, channel):
        return self.request if channel == "shell" else {}


@pytest.mark.parametrize("allow_stdin, run_dir, expected", [(True, None, True), (False, None, False),
                                                            (True, "/tmp/a-run", False)])
def test_interactive_means_a_person_at_a_front_end(monkeypatch, allow_stdin, run_dir, expected):
    """JupyterLab sends code with allow_stdin true; nbclient (papermill, nbconvert) false; the runner sets its run
    folder."""
    shell = type("Shell", (), {"kernel": _Kernel(allow_stdin)})()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    if run_dir:
        monkeypatch.setenv(RUN_DIR_ENV, run_dir)
    else:
        monkeypatch.delenv(RUN_DIR_ENV, raising=False)
    assert interactive() is expected


def test_an_executed_notebook_shows_the_note_and_no_widget(tmp_path):
    """Executed as papermill and nbconvert execute (nbclient), the Explore cell leaves a Markdown note only."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'from innovlib.explore import panel\npanel("regional_shares")')])
    NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}},
                   timeout=600).execute()
    outputs = notebook.cells[0].outputs
    assert [o["data"].get("text/markdown") for o in outputs] == [STATIC_NOTE]
    assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)


def test_the_page_offers_every_notebook():
    box = page()
    menu, holder = box.children
    assert list(menu.options) == NOTEBOOKS and menu.value == NOTEBOOKS[0]
    menu.value = "regional_shares"
    assert "Explore regional_shares" in holder.children[0].children[0].value


def test_unknown_notebook_is_a_one_line_error():
    with pytest.raises(Exception, match="no explorer for notebook 'nowhere'; one of: city_industrial_innovation"):
        Explorer("nowhere")


def test_tables_are_escaped():
    text = _table_html(pd.DataFrame({"<b>": ["<script>x</script>"]}), "<i>caption</i>")
    assert "<script>" not in text and "&lt;script&gt;" in text and "&lt;i&gt;caption" in text
