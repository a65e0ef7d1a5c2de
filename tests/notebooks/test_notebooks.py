"""Every finding notebook runs through the runner, for its defaults and for every alternative value it allows.

Default runs go to the project's ``outputs/`` through the runner's cache; alternative runs go to
``outputs/<name>--<hash>/`` the same way. ``make reproduce`` runs both (``innovlib run --all --alternatives``), so
right after it every run here is served from the cache; on a clean checkout they execute.
"""

from __future__ import annotations

import json

import pytest

from innovlib import runner
from innovlib.claims import GRADES, VERDICTS, claim_catalogue
from innovlib.parameters import alternative_values, notebook_parameters

NOTEBOOKS = sorted(runner.discover())

# The verdict each claim part gets from the committed data (reviewed by hand against the sources in data/).
# A change here is a change of finding: explain it in the commit message.
EXPECTED_VERDICTS: dict[str, str] = {
    # city_industrial_innovation: only reposts and a blog publish the 2025 results; no dimension data at all
    "GCI-01a": "not_checkable", "GCI-01b": "not_checkable", "GCI-01c": "not_checkable", "GCI-02": "not_checkable",
    "GCI-03": "not_checkable", "GCI-04a": "not_checkable", "GCI-04b": "not_checkable", "GCI-10": "not_checkable",
    "GCI-05": "not_checkable", "GCI-06a": "not_checkable", "GCI-06b": "not_checkable", "GCI-06c": "not_checkable",
    "GCI-08a": "not_checkable", "GCI-09a": "not_checkable", "GCI-07": "not_checkable", "GCI-08b": "not_checkable",
    "GCI-09b": "not_checkable", "GCI-09c": "not_checkable", "GCI-09d": "not_checkable",
    # first_tier_gdp: Shenzhen's Q1-Q3 rate rests on a mirror; the pioneer industries' 1.8 trillion is output, not value added
    "GDP-01a": "confirmed_by_source", "GDP-01b": "confirmed_by_source", "GDP-01c": "not_checkable",
    "SH-01a": "not_checkable", "SH-01b": "not_checkable",
    # gii_clusters: WIPO's own pages and news reports (AFP, Xinhua, China Daily Asia, Yicai) for ranks, previous ranks
    # and the attributions they state in words; no 2025 counts, populations or per-capita ranks
    "GII-01a": "confirmed_by_source", "GII-01b": "confirmed_by_source", "GII-01c": "confirmed_by_source",
    "GII-02a": "confirmed_by_source", "GII-02b": "confirmed_by_source", "GII-03a": "not_checkable",
    "GII-03b": "confirmed_by_source", "GII-03c": "confirmed_by_source", "GII-03d": "confirmed_by_source",
    "GII-03e": "confirmed_by_source", "GII-03f": "confirmed_by_source", "GII-04a": "confirmed_by_source",
    "GII-04b": "confirmed_by_source", "GII-05a": "confirmed_by_source", "GII-05b": "confirmed_by_source",
    "GII-05c": "confirmed_by_source", "GII-05d": "confirmed_by_source", "GII-06a": "not_checkable",
    "GII-06b": "not_checkable", "GII-06c": "not_checkable", "GII-07a": "confirmed_by_source",
    "GII-07b": "confirmed_by_source", "GII-07c": "not_checkable", "GII-08a": "not_checkable",
    "GII-08b": "not_checkable", "GII-08c": "not_checkable", "GII-08d": "not_checkable",
    # patent_conversion: the 2023 overall and the 2024 enterprise rates have news sources; no comparable US/EU/Japan rates
    "PAT-01a": "confirmed_by_source", "PAT-01b": "not_checkable", "PAT-01c": "not_checkable", "PAT-01d": "not_checkable",
    "PAT-02a": "not_checkable", "PAT-02b": "not_checkable", "PAT-02c": "confirmed_by_source",
    "PAT-02d": "not_checkable", "PAT-02e": "not_checkable",
    # regional_shares: CASTED states thresholds ('over 30%'), not the article's figures; HKIC leverage from HK01
    "YRD-01a": "not_checkable", "YRD-01b": "not_checkable", "YRD-01c": "not_checkable", "YRD-01d": "not_checkable",
    "YRD-01e": "not_checkable", "YRD-01f": "not_checkable", "GBA-01a": "not_checkable", "GBA-01b": "not_checkable",
    "GBA-01c": "not_checkable", "GBA-01d": "not_checkable", "GBA-02": "confirmed_by_source",
    "GBA-03a": "not_checkable", "GBA-03b": "not_checkable",
    # regional_st_innovation: Shanghai 1st and R&D-intensity 2nd from a news report; the tier list only from reposts;
    # the September release date (not October) only from reposts
    "RSI-01a": "confirmed_by_source", "RSI-01b": "not_checkable", "RSI-01c": "not_checkable", "RSI-02": "not_checkable",
    "RSI-03a": "not_checkable", "RSI-03b": "not_checkable", "RSI-03c": "confirmed_by_source",
    "RSI-04": "not_checkable",
    # sei_growth: 42.3% from Shenzhen's development-and-reform report; no complete window gives 7.2%
    "SEI-01": "not_checkable", "SEI-02a": "not_checkable", "SEI-02b": "not_checkable",
    "SEI-03a": "confirmed_by_source", "SEI-03b": "not_checkable",
    # unicorns: 372 from GEI's own platform, which dates it end-2024 (not July 2025); city counts only in a summary
    "UNI-01a": "confirmed_by_source", "UNI-01b": "contradicted", "UNI-02a": "not_checkable",
    "UNI-02b": "not_checkable", "UNI-02c": "not_checkable", "UNI-02d": "not_checkable",
}

pytestmark = pytest.mark.notebooks


def _alternatives() -> list[tuple[str, str, object]]:
    """(notebook, parameter, value) for every declared alternative value, one parameter changed at a time."""
    cases = []
    for name in NOTEBOOKS:
        for parameter in notebook_parameters(runner.discover()[name]):
            cases += [(name, parameter.name, value) for value in alternative_values(parameter)]
    return cases


ALTERNATIVES = _alternatives()


@pytest.fixture(scope="module")
def executed(executed_outputs):
    """Every notebook with default parameters, run once per session (see conftest.executed_outputs)."""
    return executed_outputs


def _alternative_tasks() -> list[runner.Task]:
    return [runner.plan([name], {parameter: value}, kernel=runner.find_kernel(), timeout=900)[0]
            for name, parameter, value in ALTERNATIVES]


@pytest.fixture(scope="module")
def alternative_runs():
    """Run every alternative (notebook, parameter, value) once, two at a time, through the cache (fresh after
    ``make reproduce``: see test_run_alternatives_plans_the_runs_this_module_checks)."""
    tasks = _alternative_tasks()
    results = runner.run(tasks, jobs=2)
    return {(name, parameter, json.dumps(value)): (task, result)
            for (name, parameter, value), task, result in zip(ALTERNATIVES, tasks, results)}


def _verdicts(folder) -> list[dict]:
    return json.loads((folder / "claims.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_with_default_parameters(executed, name):
    folders, results = executed
    assert results[name].status in ("ok", "cached"), results[name].error
    for produced in (f"{name}.ipynb", f"{name}.html", "run.json", "claims.json"):
        assert (folders[name] / produced).exists(), produced


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_default_verdicts_follow_the_evidence_rules(executed, name):
    folders, _ = executed
    parts = set(claim_catalogue()["part_id"])
    verdicts = _verdicts(folders[name])
    ids = [v["part_id"] for v in verdicts]
    assert len(ids) == len(set(ids)), f"{name} gives some claim part more than one verdict"
    for verdict in verdicts:
        assert verdict["part_id"] in parts and verdict["verdict"] in VERDICTS and verdict["explanation"]
        grades = [source["grade"] for source in verdict["sources"]]
        assert all(grade in GRADES for grade in grades), f"{verdict['part_id']} cites an ungraded source"
        if verdict["verdict"] == "confirmed_by_source":
            assert set(grades) - {"secondary"}, f"{verdict['part_id']} is confirmed by secondary sources only"
        if verdict["verdict"] == "contradicted" and verdict["basis"] != "recomputed":
            strong = {"primary", "official"} & set(grades)
            assert strong or grades.count("news") >= 2, f"{verdict['part_id']} is contradicted on weak sources"
        if verdict["verdict"] == "reproduced":
            assert verdict["basis"] == "recomputed"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_verdict_rests_on_the_audited_article(executed, name):
    """An article cannot be evidence for its own claims (issue 17): its URLs never appear among a verdict's sources."""
    from innovlib.claims import articles

    folders, _ = executed
    own = {source["path"] for source in articles().values()}
    cited = {v["part_id"]: own & {s["url"] for s in v["sources"]} for v in _verdicts(folders[name])}
    assert not {part: urls for part, urls in cited.items() if urls}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_default_verdicts_are_the_reviewed_ones(executed, name):
    folders, _ = executed
    for verdict in _verdicts(folders[name]):
        assert verdict["part_id"] in EXPECTED_VERDICTS, f"{verdict['part_id']} has no reviewed verdict in this test"
        assert verdict["verdict"] == EXPECTED_VERDICTS[verdict["part_id"]], (
            f"{verdict['part_id']}: {verdict['verdict']}: {verdict['explanation']}")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_executed_notebook_shows_no_stray_output(executed, name):
    """No warnings, stderr, errors, object reprs or doubled tables in what a reader sees."""
    import nbformat

    from innovlib.plots import stray_outputs

    folders, _ = executed
    assert stray_outputs(nbformat.read(folders[name] / f"{name}.ipynb", as_version=4)) == []


def test_every_claim_part_is_checked_by_exactly_one_notebook(executed):
    folders, _ = executed
    seen: dict[str, str] = {}
    for name, folder in folders.items():
        for verdict in _verdicts(folder):
            assert verdict["part_id"] not in seen, f"{verdict['part_id']} checked by {seen[verdict['part_id']]} and {name}"
            seen[verdict["part_id"]] = name
    assert set(seen) == set(claim_catalogue()["part_id"])


@pytest.mark.parametrize("name, parameter, value", ALTERNATIVES,
                         ids=[f"{n}-{p}={json.dumps(v)}" for n, p, v in ALTERNATIVES])
def test_every_allowed_value_runs_and_records_only_what_it_tests(alternative_runs, name, parameter, value):
    task, result = alternative_runs[(name, parameter, json.dumps(value))]
    assert result.status in ("ok", "cached"), result.error
    for verdict in _verdicts(task.output_dir):
        for key, about in verdict["about"].items():
            assert task.values[key] == about, (
                f"{verdict['part_id']} was recorded in a run with {key}={task.values[key]!r}, but it is about {about!r}")


def test_run_alternatives_plans_the_runs_this_module_checks(monkeypatch):
    """`innovlib run --all --alternatives` (make reproduce) plans the same runs, into the same folders, as the
    test above, so that the test finds them fresh in the cache; nothing executes here."""
    from innovlib import cli

    executed = {}

    def record(tasks, **options):
        executed["tasks"] = tasks
        raise KeyboardInterrupt  # stop before anything runs or any summary is written

    monkeypatch.setattr("innovlib.runner.orchestration.run", record)
    assert cli.main(["run", "--all", "--alternatives", "--no-report"]) == 130
    defaults = [task for task in executed["tasks"] if task.is_default]
    alternatives = [task for task in executed["tasks"] if not task.is_default]
    assert sorted(task.name for task in defaults) == NOTEBOOKS
    assert [task.output_dir for task in alternatives] == [task.output_dir for task in _alternative_tasks()]
    assert [task.values for task in alternatives] == [task.values for task in _alternative_tasks()]


def test_run_alternatives_takes_no_parameters(capsys):
    from innovlib import cli

    with pytest.raises(SystemExit) as info:
        cli.main(["run", "--all", "--alternatives", "-p", "edition", "2024"])
    assert info.value.code == 2 and "give no -p or -f with it" in capsys.readouterr().err
