"""Honest, legible figures: numbered and captioned with escaped alt text, lines that break at missing editions, points
on weak sources drawn hollow, value axes from zero (or saying otherwise), and a width that keeps text legible."""

from __future__ import annotations

import re
import urllib.parse

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from innovlib import plots
from innovlib.html_safety import sanitize_fragment
from innovlib.plots import figures
from innovlib.plots.lines import SECONDARY_LABEL, lines_in_x, path_panels, paths, rank_paths
from innovlib.plots.theme import GREY

WIPO = "https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"  # graded primary
BLOG = "https://www.singyun.com/news/3884.html"  # graded secondary
AFP = "http://www.spacedaily.com/afp/250901070023.do1gv8te.html"  # graded news


@pytest.fixture
def shown(monkeypatch):
    """What :func:`plots.show` displays, one mime bundle per call."""
    bundles = []
    monkeypatch.setattr(figures, "display", lambda bundle, raw: bundles.append(bundle))
    return bundles


def _leaders() -> pd.DataFrame:
    """Published ranks like CASTED's: Beijing ranked in 2017, 2018 and 2025 only; no region ranked in 2019-2020."""
    rows = [(2017, "Beijing", 1), (2018, "Beijing", 2), (2025, "Beijing", 2)]
    rows += [(year, "Shanghai", rank) for year, rank in [(2016, 1), (2017, 2), (2018, 1), (2021, 1), (2022, 1),
                                                         (2023, 1), (2024, 2), (2025, 1)]]
    return pd.DataFrame(rows, columns=["year", "region", "rank"])


def test_a_line_breaks_at_every_missing_year_and_says_so():
    ax = rank_paths(_leaders(), "year", "rank", "region", linestyle=":", value_label="rank", x_label="year")
    beijing = next(line for line in ax.lines if line.get_label() == "Beijing")
    years, ranks = beijing.get_xdata().tolist(), beijing.get_ydata()
    assert years == list(range(2017, 2026))
    assert ranks[years.index(2017)] == 1 and ranks[years.index(2018)] == 2 and ranks[years.index(2025)] == 2
    assert np.isnan(ranks[years.index(2019):years.index(2025)]).all()  # never carried at rank 2 through 2019-2024
    texts = [t.get_text() for t in ax.texts]
    assert "no data 2019–2024" in texts  # Beijing's gap, where Shanghai has ranks
    assert texts.count("no data 2019–2020") == 1  # no region at all: said once, over the axis
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2016, 2026)]


def test_a_gap_in_every_series_keeps_its_place_on_the_axis():
    data = pd.DataFrame({"edition": [2021, 2023, 2024], "unit": ["A"] * 3, "v": [3.0, 4.0, 5.0]})
    ax = paths(data, "edition", "v", "unit", value_label="count", x_label="edition")
    assert ax.lines[0].get_xdata().tolist() == [2021, 2022, 2023, 2024]
    assert np.isnan(ax.lines[0].get_ydata()[1])
    assert [t.get_text() for t in ax.texts].count("no data 2022") == 1


def test_points_on_secondary_sources_are_hollow_and_the_legend_says_so():
    data = pd.DataFrame({"edition": [2023, 2024, 2025, 2023, 2024, 2025], "cluster": ["A"] * 3 + ["B"] * 3,
                         "rank": [1, 2, 1, 2, 1, 2], "weak": [False, True, False, False, False, False]})
    ax = rank_paths(data, "edition", "rank", "cluster", secondary="weak", value_label="rank", x_label="edition")
    hollow = [line for line in ax.lines if line.get_linestyle() == "None" and line.get_markerfacecolor() == "white"
              and len(line.get_xdata())]
    assert [(line.get_xdata().tolist(), line.get_ydata().tolist()) for line in hollow] == [([2024], [2.0])]
    assert hollow[0].get_marker() == next(line for line in ax.lines if line.get_label() == "A").get_marker()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [SECONDARY_LABEL]
    filled = [line for line in ax.lines if line.get_label() in ("A", "B")]
    assert all(line.get_markerfacecolor() != "white" for line in filled)


def test_grey_context_points_on_secondary_sources_are_hollow_too():
    data = pd.DataFrame({"edition": [2024, 2025] * 2, "cluster": ["A", "A", "Z", "Z"], "rank": [1, 1, 2, 2],
                         "weak": [False, False, True, False]})
    ax = rank_paths(data, "edition", "rank", "cluster", highlight=["A"], secondary="weak", value_label="rank",
                    x_label="edition")
    hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
    assert len(hollow) == 1 and hollow[0].get_markeredgecolor() == GREY and hollow[0].get_xdata().tolist() == [2024]
    assert SECONDARY_LABEL in [t.get_text() for t in ax.get_legend().get_texts()]


def test_secondary_points_read_the_grades_of_every_source_a_row_cites():
    rows = pd.DataFrame({"source_url": [WIPO, BLOG, BLOG, "https://example.org/unlisted"],
                         "other_source_urls": [None, None, AFP, None]})
    assert plots.secondary_points(rows).tolist() == [False, True, False, False]  # backed by news: not weak


def test_secondary_points_need_the_source_column():
    with pytest.raises(ValueError, match="needs a source_url column; the table has rank"):
        plots.secondary_points(pd.DataFrame({"rank": [1]}))


def test_path_panels_draw_secondary_points_hollow_in_every_panel():
    counts = pd.DataFrame({"year": [2023, 2024], "source": ["GEI", "GEI"], "companies": [75, 115],
                           "weak": [True, False]})
    axes = path_panels({"Beijing": counts, "Shanghai": counts}, "year", "companies", "source",
                       value_label="unicorns (count)", x_label="year", secondary="weak")
    for ax in axes:
        hollow = [line for line in ax.lines if line.get_markerfacecolor() == "white" and len(line.get_xdata())]
        assert [line.get_xdata().tolist() for line in hollow] == [[2023]]
        assert ax.get_ylim()[0] == 0  # counts start at zero
    assert SECONDARY_LABEL in [t.get_text() for t in axes[0].figure.legends[0].texts]


def test_value_lines_start_at_zero_or_say_that_they_do_not():
    data = pd.DataFrame({"year": [2020, 2021], "unit": ["A", "A"], "score": [61.0, 64.0]})
    ax = paths(data, "year", "score", "unit", value_label="score (points)", x_label="year")
    assert ax.get_ylim()[0] == 0 and ax.get_ylabel() == "score (points)"
    cut = paths(data, "year", "score", "unit", value_label="score (points)", x_label="year", zero=False)
    assert cut.get_ylim()[0] > 0 and cut.get_ylabel() == "score (points; axis does not start at zero)"


def test_lines_in_x_say_their_axis_does_not_start_at_zero():
    lines = pd.DataFrame({"label": ["A", "B"], "group": ["A", "B"], "dashed": [False, False],
                          "intercept": [14.3, 12.5], "slope": [0.0, 1.0]})
    ax = lines_in_x(lines, x_max=3, x_label="x (%)", value_label="score (%)")
    assert ax.get_ylim()[0] > 0 and ax.get_ylabel() == "score (%; axis does not start at zero)"


def test_year_bars_stand_on_a_real_year_axis_with_the_missing_year_shown():
    scale = pd.DataFrame({"year": [2021, 2023, 2024], "trillion": [2.5, 1.8, 1.9]})
    ax = plots.value_bars(scale, "year", "trillion", vertical=True, years=True, value_label="scale (trillion CNY)",
                          missing_text="no figure")
    drawn = [(p.get_x() + p.get_width() / 2, p.get_height()) for p in ax.patches if p.get_height() > 0]
    assert [(round(x), h) for x, h in drawn] == [(2021, 2.5), (2023, 1.8), (2024, 1.9)]  # spaced by value
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022", "2023", "2024"]
    missing = [t for t in ax.texts if t.get_text() == "no figure"]
    assert len(missing) == 1 and missing[0].xy[0] == 2022
    assert ax.get_ylim()[0] == 0


def test_year_bars_are_vertical():
    with pytest.raises(ValueError, match="years=True puts years on the horizontal axis; pass vertical=True"):
        plots.value_bars(pd.DataFrame({"year": [2021], "v": [1.0]}), "year", "v", years=True, value_label="v")


def test_figures_are_numbered_per_notebook_with_the_caption_under_them(shown):
    plots.set_theme()
    for caption in ("First", "Second"):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        plots.show(ax, caption)
        assert not plt.fignum_exists(fig.number)  # closed: the inline backend does not show it a second time
    plots.set_theme()  # the next notebook starts again at 1
    plots.show(plt.subplots()[1].bar(["a"], [1]).patches[0].axes, "Third")
    numbers = [re.search(r"<strong>Figure (\d+)\.</strong> (\w+)</figcaption>", b["text/html"]).groups() for b in shown]
    assert numbers == [("1", "First"), ("2", "Second"), ("1", "Third")]
    assert [b["text/plain"] for b in shown] == ["Figure 1. First", "Figure 2. Second", "Figure 1. Third"]
    html = shown[0]["text/html"]
    assert html.index("<img") < html.index("<figcaption>")  # the caption is under the figure


def test_caption_and_alt_text_from_data_are_escaped_and_survive_the_page_sanitiser(shown):
    plots.set_theme()
    fig, ax = plt.subplots()
    ax.bar(["<b>Tokyo</b>"], [3])
    ax.set_ylabel("count")
    plots.show(ax, 'Scores <img src=x onerror="alert(1)">', alt='Cities "ranked" <script>')
    html = shown[0]["text/html"]
    assert "<script>" not in html and 'onerror="' not in html and "<b>Tokyo" not in html
    alt = re.search(r'alt="([^"]*)"', html).group(1)
    assert alt.startswith("Cities &quot;ranked&quot; &lt;script&gt; Bar chart")
    assert "&lt;b&gt;Tokyo&lt;/b&gt;" in alt
    assert "Scores &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</figcaption>" in html
    clean = sanitize_fragment(html)  # what the nbconvert page and the site keep of it
    source = re.search(r'<img src="data:image/svg\+xml,([^"<>\'&]+)" alt="Cities', clean).group(1)
    assert urllib.parse.unquote(source).startswith("<?xml")  # the whole SVG, no markup character left raw
    assert "<figcaption><strong>Figure 1.</strong> Scores &lt;img" in clean


def test_alt_text_says_what_the_figure_shows_not_the_default():
    ax = rank_paths(_leaders(), "year", "rank", "region", value_label="published rank (1 = best)",
                    x_label="report year", title="Published ranks")
    words = plots.describe(ax.figure)
    assert words.startswith('Line chart "Published ranks": published rank (1 = best) (1 to 2) against report year '
                            "(2016 to 2025)")
    assert "Beijing" in words and "Shanghai" in words and "no data 2019–2024" in words
    bars = plots.value_bars(pd.DataFrame({"city": ["Tokyo", "Paris"], "score": [46.8, 30.2]}), "city", "score",
                            value_label="score (points)", reference={"mean": 38.5})
    words = plots.describe(bars.figure)
    assert words.startswith("Bar chart: score (points) (0 to 60); Tokyo, Paris")
    assert "46.80" not in words and "mean" in words  # values are not read out; the reference line is named
    grid = plots.value_grid(pd.DataFrame({"2024": [1.0, 2.0], "2025": [1.0, None]}, index=["Shanghai", "Tibet"]),
                            fmt=".0f", x_label="edition", title="Tiers")
    assert plots.describe(grid.figure) == 'Heat map "Tiers": edition (2024 to 2025); Shanghai, Tibet.'


def test_the_image_keeps_a_width_at_which_its_smallest_text_is_legible():
    fig, ax = plt.subplots(figsize=(10, 4))
    ax.plot([0, 1], [0, 1])
    ax.annotate("small", (0.5, 0.5), fontsize=8)
    html = figures.figure_html(fig, 1, "c", "a")
    width = float(re.search(r'width="(\d+)"', html).group(1))
    min_width = float(re.search(r"min-width: (\d+)px", html).group(1))
    assert width > 390  # wider than a phone: shrunk to 390 px, 8 pt text would be about 4 px high
    smallest_px = 8 / 72 * 96 * min_width / width
    assert figures.LEGIBLE_PX <= smallest_px < figures.LEGIBLE_PX + 0.1
    assert "overflow-x: auto" in html  # a narrower screen scrolls sideways instead


def test_the_same_figure_gives_the_same_bytes():
    def draw():
        fig, ax = plt.subplots()
        ax.plot([0, 1], [2, 3], label="a")
        ax.legend()
        return figures.figure_html(fig, 1, "c", "a")

    first, second = draw(), draw()
    assert first == second
    svg = urllib.parse.unquote(re.search(r"svg\+xml,([^\"]+)", first).group(1))
    assert "<dc:date>" not in svg and svg.lstrip().startswith("<?xml")


def test_show_refuses_what_is_not_a_figure():
    with pytest.raises(TypeError, match="takes a matplotlib Figure or Axes"):
        plots.show("figure", "caption")


def test_path_panels_wrap_into_rows_that_fit_a_page():
    counts = pd.DataFrame({"year": [2023, 2024], "source": ["GEI", "GEI"], "companies": [75, 115]})
    axes = path_panels({name: counts for name in "ABCDE"}, "year", "companies", "source", value_label="n",
                       x_label="year", title="Counts by source")
    fig = axes[0].figure
    assert [ax.get_title() for ax in axes] == list("ABCDE")
    assert fig.get_size_inches()[0] == pytest.approx(3 * 3.2)  # three panels wide, not five
    assert len({round(ax.get_position().y0, 3) for ax in axes}) == 2  # in two rows
    assert sum(ax.get_visible() for ax in fig.axes) == 5  # the sixth place stays empty
    words = plots.describe(fig)
    assert words.startswith('"Counts by source". Line chart "A": n') and words.count("Line chart") == 5
    assert words.endswith("Legend: GEI.")
