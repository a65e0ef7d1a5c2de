"""innovlib.clusters: the GII 2023 recomputation from the committed data, hand-computed cases and bad inputs."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import PROJECT_ROOT
from innovlib import clusters as cl
from innovlib.data import DataValidationError, load, read_descriptor, rehash

SHARED_GII = Path(__file__).resolve().parents[1] / ".." / "shared" / "reference" / "gii"


@pytest.fixture(scope="module")
def gii2023():
    metric_values = load("gii_clusters", resource="metric_values")
    size = load("gii_clusters", resource="size_ranking")
    shares = cl.shares_table(metric_values, 2023, ["pct", "pub"])
    counts = cl.shares_table(metric_values, 2023, ["pct", "pub"], value="count").loc[shares.index]
    published = size[size["edition"] == 2023].set_index("cluster")["rank"]
    return counts, shares, published


# --- the 2023 recomputation ------------------------------------------------------------------------------------

def test_2023_has_34_clusters_with_counts_and_shares(gii2023):
    counts, shares, published = gii2023
    assert len(shares) == 34
    assert sorted(published.loc[shares.index]) == list(range(1, 35))
    assert counts.loc["Tokyo–Yokohama"].tolist() == [127418, 115020]


def test_2023_ranking_is_reproduced_for_every_world_total_the_published_shares_allow(gii2023):
    counts, shares, published = gii2023
    pct_bounds = cl.world_total_bounds(counts["pct"], shares["pct"])
    pub_bounds = cl.world_total_bounds(counts["pub"], shares["pub"])
    for pct_total in pct_bounds:
        for pub_total in pub_bounds:
            recomputed = pd.DataFrame({"pct": cl.world_share(counts["pct"].astype(float), pct_total),
                                       "pub": cl.world_share(counts["pub"].astype(float), pub_total)})
            ranks = cl.rank_with_ties(cl.combined_score(recomputed), method="min")
            assert ranks.tolist() == published.loc[shares.index].tolist()


def test_2023_order_interval_contains_the_interval_allowed_by_rounded_shares(gii2023):
    counts, shares, published = gii2023
    order = published.loc[shares.index].sort_values().index.tolist()
    # score ∝ pct + λ·pub with λ = world PCT total / world publication total
    exact = cl.feasibility_interval(counts["pct"].to_dict(), counts["pub"].to_dict(), order, bounds=(0, math.inf))
    assert exact.lower == pytest.approx(0.167897, abs=1e-6) and exact.upper == pytest.approx(0.169501, abs=1e-6)
    assert exact.lower_pair == ("Wuhan", "Hangzhou")
    assert exact.upper_pair == ("Tel Aviv–Jerusalem", "Moscow")
    pct_lo, pct_hi = cl.world_total_bounds(counts["pct"], shares["pct"])
    pub_lo, pub_hi = cl.world_total_bounds(counts["pub"], shares["pub"])
    assert exact.contains(pct_lo / pub_hi) and exact.contains(pct_hi / pub_lo)


def test_2023_counts_match_the_reference_extract(gii2023):
    path = SHARED_GII / "gii2023_top100_size_partial.csv"
    if not path.exists():
        pytest.skip("../shared/reference/gii is absent")
    reference = pd.read_csv(path)
    counts, _, _ = gii2023
    # joined by cluster name (the extract adds US states: "Chicago, IL"), so that two clusters' swapped counts fail
    reference = reference.head(34).set_index(reference["cluster_name"].head(34).str.replace(r", [A-Z]{2}$", "",
                                                                                            regex=True))
    assert sorted(reference.index) == sorted(counts.index)
    assert reference.loc[counts.index, "pct_applications"].tolist() == counts["pct"].astype(int).tolist()
    assert reference.loc[counts.index, "scientific_publications"].tolist() == counts["pub"].astype(int).tolist()


def test_every_table_keys_its_clusters_into_the_canonical_list():
    """The descriptor, not the notebook, makes every cluster name join: one foreign key per table."""
    resources = read_descriptor("gii_clusters")["resources"]
    keyed = {r["name"]: r["schema"].get("foreignKeys") for r in resources if r["name"] != "clusters"
             and any(f["name"] == "cluster" for f in r["schema"]["fields"])}
    assert sorted(keyed) == ["intensity", "metric_values", "size_ranking"]
    for name, keys in keyed.items():
        assert keys == [{"fields": ["cluster"], "reference": {"resource": "clusters", "fields": ["cluster"]}}], name


def test_an_unknown_cluster_name_fails_at_load_naming_file_row_and_column(tmp_path, monkeypatch):
    shutil.copytree(PROJECT_ROOT / "data" / "gii_clusters", tmp_path / "gii_clusters")
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(tmp_path))
    csv = tmp_path / "gii_clusters" / "intensity.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if ",Ningde," in line)  # a name the clusters table does not have
    lines[row] = lines[row].replace(",Ningde,", ",Ningde City,")
    csv.write_text("".join(lines), encoding="utf-8")
    rehash("gii_clusters")
    with pytest.raises(DataValidationError) as info:
        load("gii_clusters", resource="intensity")
    message = str(info.value)
    assert message == (f"{csv}, row {row + 1}, column 'cluster': value 'Ningde City' is not a cluster of resource "
                       "'clusters' (did you mean 'Ningde'?)")
    assert "\n" not in message and (info.value.row, info.value.column) == (row + 1, "cluster")


def test_published_2023_rank_changes_follow_from_the_ranks():
    size = load("gii_clusters", resource="size_ranking")
    y23 = size[size.edition == 2023].dropna(subset=["previous_rank"]).set_index("cluster")
    change = cl.rank_change(y23["previous_rank"], y23["rank"])
    assert change.loc["Qingdao"] == 6 and change.loc["Houston"] == -4 and change.loc["Tokyo–Yokohama"] == 0


# --- hand-computed cases -------------------------------------------------------------------------------------

def test_world_share_and_bounds_by_hand():
    assert cl.world_share(np.array([1.0, 3.0]), 8.0).tolist() == [12.5, 37.5]
    lo, hi = cl.world_total_bounds([30], [15.0])  # 15.0 % rounded: 14.95 <= 100*30/W < 15.05
    assert lo == pytest.approx(3000 / 15.05) and hi == pytest.approx(3000 / 14.95)
    lo, hi = cl.world_total_bounds([5], [0.0])  # a share of 0.0 gives no upper bound
    assert lo == pytest.approx(10000.0) and hi == math.inf


def test_combined_score_weights_and_subsets_by_hand():
    shares = pd.DataFrame({"pct": [4.0, 1.0], "pub": [1.0, 2.0], "vc": [0.0, 3.0]}, index=["A", "B"])
    assert cl.combined_score(shares).tolist() == [5.0, 6.0]
    assert cl.combined_score(shares, metrics=["pct", "pub"]).tolist() == [5.0, 3.0]
    assert cl.combined_score(shares, weights=[2, 0, 1]).tolist() == [8.0, 5.0]


def test_rank_ties_by_hand():
    scores = pd.Series([2.0, 7.0, 7.0, 1.0], index=list("ABCD"))
    assert cl.rank_with_ties(scores, method="min").tolist() == [3, 1, 1, 4]
    assert cl.rank_with_ties(scores, method="dense").tolist() == [2, 1, 1, 3]
    assert cl.rank_with_ties(scores, method="max").tolist() == [3, 2, 2, 4]
    assert cl.rank_with_ties(scores, method="average").tolist() == [3.0, 1.5, 1.5, 4.0]
    assert cl.rank_with_ties(scores, method="first").tolist() == [3, 1, 2, 4]
    with pytest.raises(ValueError, match="method must be one of"):
        cl.rank_with_ties(scores, method="olympic")


def test_leave_one_metric_out_by_hand():
    # A leads on pct, B on pub, C on vc; all: A 6, B 5, C 4.
    shares = pd.DataFrame({"pct": [5.0, 1.0, 1.0], "pub": [1.0, 4.0, 0.0], "vc": [0.0, 0.0, 3.0]}, index=list("ABC"))
    table = cl.leave_one_metric_out(shares, ["pct", "pub", "vc"])
    assert table.loc["A"].tolist() == [1, 3, 1, 1]   # without pct: A 1, B 4, C 3
    assert table.loc["B"].tolist() == [2, 1, 3, 2]   # without pub: A 5, B 1, C 4 ; without vc: A 6, B 5, C 1
    assert table.loc["C"].tolist() == [3, 2, 2, 3]


def test_intensity_by_hand():
    counts = pd.Series({"Cambridge": 6000.0, "Tokyo–Yokohama": 127418.0})
    population = pd.Series({"Cambridge": 1_000_000.0, "Tokyo–Yokohama": 38_000_000.0})
    result = cl.intensity(counts, population)
    assert result["Cambridge"] == 6000.0
    assert result["Tokyo–Yokohama"] == pytest.approx(127418 / 38)
    assert cl.intensity(50.0, 200.0, per=100) == 25.0


def test_feasibility_interval_by_hand():
    # Known shares of GII 2025 (rounded): Shenzhen 9.0 + 2.4 + 2.9, Tokyo 10.3 + x + 2.2, x unknown.
    with_vc = cl.feasibility_interval({"SZ": 14.3, "TY": 12.5}, {"TY": 1.0}, ["SZ", "TY"], bounds=(0, 100))
    without_vc = cl.feasibility_interval({"SZ": 11.4, "TY": 10.3}, {"TY": 1.0}, ["TY", "SZ"], bounds=(0, 100))
    both = with_vc.intersect(without_vc)
    assert (both.lower, both.upper) == (pytest.approx(1.1), pytest.approx(1.8))
    assert both.contains(1.5) and not both.contains(2.0)
    # rounding: five shares of Shenzhen/Tokyo each ±0.05 once Tokyo's two known shares are summed as one base
    possible = cl.feasibility_interval({"SZ": 14.3, "TY": 12.5}, {"TY": 1.0}, ["SZ", "TY"], bounds=(0, 100),
                                       slack={"SZ": 0.15, "TY": 0.10}, mode="possible")
    certain = cl.feasibility_interval({"SZ": 14.3, "TY": 12.5}, {"TY": 1.0}, ["SZ", "TY"], bounds=(0, 100),
                                      slack={"SZ": 0.15, "TY": 0.10}, mode="certain")
    assert possible.upper == pytest.approx(2.05) and certain.upper == pytest.approx(1.55)
    # the unknown on both sides: A = 1 + 2x, B = 3 + x, C = 2 ; order A > B > C needs x > 2 and x > -1
    chain = cl.feasibility_interval({"A": 1, "B": 3, "C": 2}, {"A": 2, "B": 1}, ["A", "B", "C"])
    assert chain.lower == pytest.approx(2.0) and chain.upper == math.inf and chain.lower_pair == ("A", "B")


def test_feasibility_interval_empty_cases():
    # contradictory orderings: x > 2 and x < 1
    interval = cl.feasibility_interval({"A": 0, "B": 2, "C": 1}, {"A": 1, "C": 1}, [("A", "B"), ("B", "C")])
    assert interval.empty and str(interval) == "empty"
    # no unknown in the pair and the known scores contradict the claim
    assert cl.feasibility_interval({"A": 1.0, "B": 2.0}, {}, ["A", "B"]).empty
    # bounds cut the interval away: x must exceed 150 but shares are at most 100
    assert cl.feasibility_interval({"A": 0, "B": 150}, {"A": 1}, ["A", "B"], bounds=(0, 100)).empty


def test_rank_intervals_are_seeded_and_bracket_the_nominal_rank():
    shares = pd.DataFrame({"pct": [10.0, 1.0, 5.0, 0.5], "pub": [1.0, 9.0, 5.5, 0.2]}, index=list("ABCD"))
    first = cl.rank_intervals(shares, ["pct", "pub"], n_draws=400, seed=7)
    again = cl.rank_intervals(shares, ["pct", "pub"], n_draws=400, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.columns) == ["Nominal", "Mean", "Median", "Q5", "Q95"]  # the composite engine's vocabulary
    assert first["Nominal"].tolist() == [1, 2, 3, 4]  # C 10.5, A 11, B 10 -> A, C, B; D last
    assert first.index.tolist() == ["A", "C", "B", "D"] and first.index.name == "cluster"
    assert (first["Q5"] <= first["Median"]).all() and (first["Median"] <= first["Q95"]).all()
    assert first.loc["D", "Q5"] == first.loc["D", "Q95"] == 4  # dominated on both metrics


def test_a_cluster_leading_on_every_metric_is_first_under_every_weight_draw():
    shares = pd.DataFrame({"pct": [9.0, 4.0, 6.0], "pub": [3.0, 2.9, 1.0], "vc": [2.0, 1.0, 1.5]}, index=list("ABC"))
    stats = cl.rank_intervals(shares, ["pct", "pub", "vc"], n_draws=500, concentration=0.5, seed=3)
    assert stats.loc["A"].tolist() == [1, 1.0, 1.0, 1.0, 1.0]


def test_rank_intervals_follow_the_beta_distribution_of_two_dirichlet_weights():
    """A (4, 1) is ahead of B (1, 2) exactly when 3 w_pct > w_pub, i.e. w_pct / 2 > 1/4 (weights sum to 2); with
    Dirichlet(c, c) weights, w_pct / 2 ~ Beta(c, c), so B is 1st with probability Beta(c, c).cdf(1/4)."""
    from scipy.stats import beta

    shares = pd.DataFrame({"pct": [4.0, 1.0], "pub": [1.0, 2.0]}, index=["A", "B"])
    stats = cl.rank_intervals(shares, ["pct", "pub"], n_draws=4000, concentration=2.0, seed=11)
    expected_b_first = beta(2.0, 2.0).cdf(0.25)  # 3/16 - 2/64 = 0.15625
    assert expected_b_first == pytest.approx(0.15625)
    assert stats.loc["A", "Mean"] - 1 == pytest.approx(expected_b_first, abs=0.025)
    assert stats.loc["A", "Nominal"] == 1 and stats.loc["A", "Q95"] == 2


def test_weighted_rank_intervals_are_centred_on_the_run_weights():
    shares = pd.DataFrame({"pct": [4.0, 1.0], "pub": [1.0, 2.0]}, index=["A", "B"])
    stats = cl.rank_intervals(shares, ["pct", "pub"], weights=[1.0, 5.0], n_draws=200, concentration=1000, seed=1)
    assert stats.loc["B"].tolist() == [1, 1.0, 1.0, 1.0, 1.0]  # 1 + 10 > 4 + 5, and weights stay close


def test_first_place_weights_by_hand():
    # A first: 5 + w > 4 + 2w (w < 1) and 5 + w > 1 + 3w (w < 2); B, behind A on PCT, needs w > 1
    shares = pd.DataFrame({"pct": [5.0, 4.0, 1.0], "pub": [1.0, 2.0, 3.0]}, index=["A", "B", "C"])
    a = cl.first_place_weights(shares, ["pct", "pub"], "A")
    assert (a.lower, a.upper, a.upper_pair) == (0.0, 1.0, ("A", "B"))
    b = cl.first_place_weights(shares, ["pct", "pub"], "B")
    assert (b.lower, b.upper) == (1.0, 3.0) and b.lower_pair == ("B", "A") and b.upper_pair == ("B", "C")
    # the PCT weight, publications fixed at 1: C (w + 3) leads A (5w + 1) while w < 1/2 and B (4w + 2) while w < 1/3
    c = cl.first_place_weights(shares, ["pct", "pub"], "C", varied="pct")
    assert (c.lower, c.upper, c.upper_pair) == (0.0, pytest.approx(1 / 3), ("C", "B"))
    assert cl.first_place_weights(shares.assign(pub=[1.0, 2.0, 0.5]), ["pct", "pub"], "C").empty  # dominated


def test_rank_sensitivity_apportions_a_rank_that_only_the_aggregation_moves():
    """A (4, 4) against B (7, 1.5): B leads the sum (8.5 against 8) and A the geometric mean (4 against 3.24) for
    any weights near equal, so A's rank depends on the aggregation alone."""
    shares = pd.DataFrame({"pct": [4.0, 7.0, 1.0], "pub": [4.0, 1.5, 0.5]}, index=["A", "B", "C"])
    result = cl.rank_sensitivity(shares, ["pct", "pub"], concentration=1000.0, n=128, seed=2)
    st, s1 = result.frame("ST"), result.frame("S1")
    assert list(st.columns) == ["aggregation", "weights level 1"]
    assert st.loc["A", "aggregation"] == pytest.approx(1.0, abs=0.05) and s1.loc["A", "aggregation"] == pytest.approx(1.0, abs=0.05)
    assert st.loc["A", "weights level 1"] == pytest.approx(0.0, abs=0.05)
    assert st.loc["C"].isna().all()  # last whatever the assumptions: nothing to apportion
    assert result.nominal_ranks.tolist() == [2, 1, 3]


# --- bad inputs ----------------------------------------------------------------------------------------------

def test_duplicate_cluster_in_an_edition_is_an_error():
    table = pd.DataFrame({"edition": [2023, 2023, 2024], "cluster": ["Seoul", "Beijing", "Seoul"],
                          "count": [1, 2, 3]})
    cl.validate_metric_table(table, name="ok")  # same cluster in two editions is fine
    table.loc[2, "edition"] = 2023
    with pytest.raises(cl.ClusterDataError, match=r"dup, row 3, column 'cluster': duplicate cluster 'Seoul' in edition 2023"):
        cl.validate_metric_table(table, name="dup")
    shares = pd.DataFrame({"pct": [1.0, 2.0]}, index=pd.Index(["Seoul", "Seoul"], name="cluster"))
    with pytest.raises(cl.ClusterDataError, match="duplicate cluster 'Seoul'"):
        cl.combined_score(shares)


def test_shares_above_100_are_an_error():
    shares = pd.DataFrame({"pct": [10.0, 100.5]}, index=pd.Index(["A", "B"], name="cluster"))
    with pytest.raises(cl.ClusterDataError, match=r"row 2, column 'pct': share 100.5 is outside 0-100"):
        cl.combined_score(shares)
    with pytest.raises(cl.ClusterDataError, match="share above 100"):
        cl.world_share([5.0, 12.0], 10.0)


def test_negative_counts_are_an_error():
    table = pd.DataFrame({"edition": [2023, 2023], "cluster": ["A", "B"], "count": [3, -2]})
    with pytest.raises(cl.ClusterDataError, match=r"counts, row 2, column 'count': negative count -2"):
        cl.validate_metric_table(table, name="counts", count_columns=["count"])
    with pytest.raises(cl.ClusterDataError, match="negative count"):
        cl.world_share([1.0, -1.0], 10.0)
    with pytest.raises(cl.ClusterDataError, match="negative count"):
        cl.intensity(-5.0, 100.0)


def test_unknown_metric_is_an_error():
    shares = pd.DataFrame({"pct": [1.0], "pub": [2.0]}, index=["A"])
    with pytest.raises(ValueError, match="unknown metric 'citations'; known metrics: pct"):
        cl.combined_score(shares, metrics=["pct", "citations"])
    with pytest.raises(ValueError, match="unknown metric 'patents'"):
        cl.combined_score(shares, weights={"pct": 1.0, "patents": 1.0}, metrics=["pct"])
    with pytest.raises(ValueError, match="unknown metric"):
        cl.rank_intervals(shares, ["vc", "ai"], n_draws=10)
    with pytest.raises(ValueError, match="no column for metric"):
        cl.combined_score(shares, metrics=["vc"])




# --- published ranks, metric leaders and the one-unknown scores (moved out of the notebook) ---------------------

def _size_rows():
    return pd.DataFrame({
        "edition": [2022, 2022, 2022, 2023],
        "cluster": ["Nagoya", "Nagoya", "Seoul", "Nagoya"],
        "rank": [13, 12, 4, 15],
        "basis": ["next_edition_previous_rank", "own_edition", "next_edition_previous_rank", "own_edition"],
        "source_key": ["WIPO23R", "WIPOJP22", "WIPO23R", "WIPO23R"],
        "source_url": ["u23", "ujp22", "u23", "u23"],
    })


def test_published_ranks_keep_the_own_edition_figure_once_per_edition_and_cluster():
    ranks = cl.published_ranks(_size_rows())
    assert ranks[["edition", "cluster", "rank"]].values.tolist() == [[2022, "Seoul", 4], [2022, "Nagoya", 12],
                                                                     [2023, "Nagoya", 15]]


def test_published_rank_uses_the_same_rule_and_a_preferred_source():
    size = _size_rows()
    assert cl.published_rank(size, 2022, "Nagoya") == (12, "ujp22")
    assert cl.published_rank(size, 2022, "Nagoya", prefer_source="WIPO23R") == (13, "u23")
    assert cl.published_rank(size, 2022, "Seoul") == (4, "u23")  # only the next edition's column: used
    with pytest.raises(KeyError, match="no published rank for 'Seoul' in GII 2023"):
        cl.published_rank(size, 2023, "Seoul")


def test_published_ranks_reject_an_unknown_basis():
    size = _size_rows().assign(basis="guessed")
    with pytest.raises(cl.ClusterDataError, match="unknown basis 'guessed'"):
        cl.published_ranks(size)


def test_published_2022_nagoya_conflict_resolves_to_the_own_edition_figure():
    size = load("gii_clusters", resource="size_ranking")
    ranks = cl.published_ranks(size).set_index(["edition", "cluster"])["rank"]
    assert ranks.loc[(2022, "Nagoya")] == 12  # WIPO Japan's 2022 pre-release; GII 2023's previous-rank column says 13
    assert not cl.published_ranks(size).duplicated(["edition", "cluster"]).any()


def test_metric_leaders_of_2025_as_published():
    metric_values = load("gii_clusters", resource="metric_values")
    assert cl.metric_leaders(metric_values, 2025, ["pct", "pub", "vc"]) == {
        "pct": "Tokyo–Yokohama", "pub": "Beijing", "vc": "San Jose–San Francisco"}
    assert cl.metric_leaders(metric_values, 2023, ["pct"]) == {"pct": None}  # 2023 rows carry no metric ranks


def test_scores_without_and_the_2025_interval_by_hand():
    # Published 2025 shares: Shenzhen 9.0 + 2.4 + 2.9 = 14.3, Tokyo 10.3 + x + 2.2 = 12.5 + x.
    known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, np.nan], "vc": [2.9, 2.2]}, index=["SZ", "TY"])
    with_vc = cl.scores_without(known, ("TY", "pub"))
    without_vc = cl.scores_without(known, ("TY", "pub"), "vc")
    assert with_vc.base == pytest.approx({"SZ": 14.3, "TY": 12.5})
    assert with_vc.coef == {"SZ": 0.0, "TY": 1.0}
    assert with_vc.slack == pytest.approx({"SZ": 0.15, "TY": 0.10})
    assert without_vc.base == pytest.approx({"SZ": 11.4, "TY": 10.3})
    assert without_vc.slack == pytest.approx({"SZ": 0.10, "TY": 0.05})
    first_with = cl.feasibility_interval(with_vc.base, with_vc.coef, ["SZ", "TY"], bounds=(0, 100))
    first_without = cl.feasibility_interval(without_vc.base, without_vc.coef, ["TY", "SZ"], bounds=(0, 100))
    both = first_with.intersect(first_without)
    assert (both.lower, both.upper) == pytest.approx((1.1, 1.8))  # 10.3 + x > 11.4 and 12.5 + x < 14.3
    # rounding: each published share may be 0.05 off, so 0.95 < x < 2.05 is possible
    possible = cl.feasibility_interval(with_vc.base, with_vc.coef, ["SZ", "TY"], bounds=(0, 100), slack=with_vc.slack,
                                       mode="possible").intersect(
        cl.feasibility_interval(without_vc.base, without_vc.coef, ["TY", "SZ"], bounds=(0, 100), slack=without_vc.slack,
                                mode="possible"))
    assert (possible.lower, possible.upper) == pytest.approx((0.95, 2.05))


def test_scores_without_refuses_a_second_unknown_and_a_foreign_metric():
    known = pd.DataFrame({"pct": [9.0, np.nan], "pub": [2.4, np.nan]}, index=["SZ", "TY"])
    with pytest.raises(cl.ClusterDataError, match="TY's PCT applications share is not published"):
        cl.scores_without(known, ("TY", "pub"), metrics=["pct", "pub"])
    assert cl.scores_without(known, ("TY", "pub"), "pct", metrics=["pct", "pub"]).base == {"SZ": 2.4, "TY": 0.0}
    with pytest.raises(ValueError, match="cannot leave out 'vc'"):
        cl.scores_without(known, ("TY", "pub"), "vc", metrics=["pct", "pub"])
