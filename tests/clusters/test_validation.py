"""innovlib.clusters.validation: bad tables and unknown metrics are refused with a message naming table, row and
column, wherever they enter."""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib import clusters as cl


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


def test_metric_weights_align_with_the_metrics_and_refuse_bad_weights():
    assert cl.metric_weights(["pct", "pub"], None).tolist() == [1.0, 1.0]  # WIPO's plain sum
    assert cl.metric_weights(["pct", "pub"], []).tolist() == [1.0, 1.0]
    assert cl.metric_weights(["vc", "pct"], {"pct": 2.0, "vc": 0.5}).tolist() == [0.5, 2.0]
    assert cl.metric_weights(["pct", "pub"], (0.0, 3.0)).tolist() == [0.0, 3.0]
    with pytest.raises(ValueError, match=r"no weight given for metric\(s\) \['pub'\]"):
        cl.metric_weights(["pct", "pub"], {"pct": 1.0})
    with pytest.raises(ValueError, match="3 weights given for 2 metrics"):
        cl.metric_weights(["pct", "pub"], [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="weights must be >= 0 and not all zero"):
        cl.metric_weights(["pct", "pub"], [0.0, 0.0])
    with pytest.raises(ValueError, match="weights must be >= 0"):
        cl.metric_weights(["pct", "pub"], [-1.0, 2.0])


def test_check_metrics_refuses_an_empty_or_repeated_list():
    assert cl.check_metrics(("vc", "pct")) == ["vc", "pct"]
    with pytest.raises(ValueError, match="no metric given; choose from pct, pub, vc"):
        cl.check_metrics([])
    with pytest.raises(ValueError, match="metric listed twice"):
        cl.check_metrics(["pct", "pct"])
