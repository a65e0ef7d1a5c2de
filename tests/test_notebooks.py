"""Every finding notebook runs through the runner, for its defaults and for every alternative value it allows.

Default runs go to the project's ``outputs/`` through the runner's cache, so right after ``make reproduce`` they
are served from it; alternative runs go to ``outputs/<name>--<hash>/`` the same way.
"""

from __future__ import annotations

import json

import pytest

from innovlib import runner
from innovlib.claims import GRADES, VERDICTS, catalogue
from innovlib.parameters import alternative_values, notebook_parameters

NOTEBOOKS = sorted(runner.discover())

# The verdict each claim part gets from the committed data (reviewed by hand against the sources in data/).
# A change here is a change of finding: explain it in the commit message.
EXPECTED_VERDICTS: dict[str, str] = {}  # filled in below, one block per notebook

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
def executed():
    """Run every notebook with default parameters (served from the cache when fresh)."""
    if not NOTEBOOKS:
        pytest.skip("no notebooks yet")
    tasks = runner.plan(NOTEBOOKS, kernel=runner.find_kernel(), timeout=900)
    results = {r.name: r for r in runner.run(tasks, jobs=2)}
    return {task.name: task.output_dir for task in tasks}, results


@pytest.fixture(scope="module")
def alternative_runs():
    """Run every alternative (notebook, parameter, value) once, two at a time, through the cache."""
    tasks = [runner.plan([name], {parameter: value}, kernel=runner.find_kernel(), timeout=900)[0]
             for name, parameter, value in ALTERNATIVES]
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
    parts = set(catalogue()["part_id"])
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
def test_default_verdicts_are_the_reviewed_ones(executed, name):
    folders, _ = executed
    for verdict in _verdicts(folders[name]):
        assert verdict["part_id"] in EXPECTED_VERDICTS, f"{verdict['part_id']} has no reviewed verdict in this test"
        assert verdict["verdict"] == EXPECTED_VERDICTS[verdict["part_id"]], (
            f"{verdict['part_id']}: {verdict['verdict']}: {verdict['explanation']}")


def test_every_claim_part_is_checked_by_exactly_one_notebook(executed):
    folders, _ = executed
    seen: dict[str, str] = {}
    for name, folder in folders.items():
        for verdict in _verdicts(folder):
            assert verdict["part_id"] not in seen, f"{verdict['part_id']} checked by {seen[verdict['part_id']]} and {name}"
            seen[verdict["part_id"]] = name
    assert set(seen) == set(catalogue()["part_id"])


@pytest.mark.parametrize("name, parameter, value", ALTERNATIVES,
                         ids=[f"{n}-{p}={json.dumps(v)}" for n, p, v in ALTERNATIVES])
def test_every_allowed_value_runs_and_records_only_what_it_tests(alternative_runs, name, parameter, value):
    task, result = alternative_runs[(name, parameter, json.dumps(value))]
    assert result.status in ("ok", "cached"), result.error
    for verdict in _verdicts(task.output_dir):
        for key, about in verdict["about"].items():
            assert task.values[key] == about, (
                f"{verdict['part_id']} was recorded in a run with {key}={task.values[key]!r}, but it is about {about!r}")
