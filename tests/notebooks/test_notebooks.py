"""Every finding notebook runs through the runner, for its defaults and for every alternative value it allows.

Default runs go to the project's ``outputs/`` through the runner's cache (``make reproduce`` runs them, so right
after it they are served from the cache; on a clean checkout they execute once per session). Alternative runs go to
``outputs/<name>--<hash>/`` the same way; executing all of them is the slow group (``make reproduce-all`` fills the
cache, ``make test-all`` or ``CI=true`` runs them). Without them, the binding of verdicts to parameters is checked
from the notebooks' and findings' source and the default runs: each notebook's audit carries every parameter of the
run, every claim part is bound to fixed values, and the default run tests every part.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path

import nbformat
import pytest

from innovlib import runner
from innovlib.claims import GRADES, VERDICTS, Audit, claim_catalogue
from innovlib.parameters import alternative_values, notebook_parameters

NOTEBOOKS = sorted(runner.discover())
PACKAGE = Path(runner.__file__).resolve().parents[1]

# The verdict each claim part gets from the committed data, reviewed by hand against the sources in data/: one file
# per notebook, reviewed/<notebook>.json ({part_id: verdict}; {} for a notebook that records none), with the
# reviewers' notes in reviewed/README.md. A change there is a change of finding: explain it in the commit message.
REVIEWED = Path(__file__).resolve().parent / "reviewed"


def reviewed_verdicts(name: str) -> dict[str, str]:
    """The reviewed ``{part_id: verdict}`` of notebook ``name`` (``tests/notebooks/reviewed/<name>.json``)."""
    path = REVIEWED / f"{name}.json"
    assert path.is_file(), f"{name} has no reviewed verdicts: write tests/notebooks/reviewed/{name}.json ({{}} if none)"
    return json.loads(path.read_text(encoding="utf-8"))


#: Every reviewed verdict, ``{part_id: verdict}``, for tests that compare a finding's own result with it.
EXPECTED_VERDICTS: dict[str, str] = {part_id: verdict for name in NOTEBOOKS if (REVIEWED / f"{name}.json").is_file()
                                     for part_id, verdict in reviewed_verdicts(name).items()}

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


def _alternative_tasks(cases=ALTERNATIVES) -> list[runner.Task]:
    return [runner.plan([name], {parameter: value}, kernel=runner.find_kernel(), timeout=900)[0]
            for name, parameter, value in cases]


@pytest.fixture(scope="module")
def alternative_runs(request):
    """Run every alternative (notebook, parameter, value) once (of the ``--finding`` notebook alone, when given), two
    at a time, through the cache (fresh after ``make reproduce-all``: see
    test_run_alternatives_plans_the_runs_this_module_checks)."""
    finding = request.config.getoption("--finding")
    cases = [case for case in ALTERNATIVES if finding in (None, case[0])]
    tasks = _alternative_tasks(cases)
    results = runner.run(tasks, jobs=2)
    return {(name, parameter, json.dumps(value)): (task, result)
            for (name, parameter, value), task, result in zip(cases, tasks, results)}


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
    recorded = {verdict["part_id"]: verdict for verdict in _verdicts(folders[name])}
    reviewed = reviewed_verdicts(name)
    assert not set(recorded) - set(reviewed), f"{name}: no reviewed verdict for {sorted(set(recorded) - set(reviewed))}"
    assert not set(reviewed) - set(recorded), f"{name} no longer records {sorted(set(reviewed) - set(recorded))}"
    for part_id, verdict in recorded.items():
        assert verdict["verdict"] == reviewed[part_id], f"{part_id}: {verdict['verdict']}: {verdict['explanation']}"


def test_reviewed_verdicts_cover_the_catalogue_once():
    """One reviewed file per notebook and no other; every part of the catalogue has one reviewed verdict, in one file."""
    assert sorted(path.stem for path in REVIEWED.glob("*.json")) == NOTEBOOKS
    owner: dict[str, str] = {}
    for name in NOTEBOOKS:
        for part_id, verdict in reviewed_verdicts(name).items():
            assert verdict in VERDICTS, f"{name}.json: {part_id}: {verdict!r} is not a verdict"
            assert part_id not in owner, f"{part_id} is reviewed in {owner.get(part_id)}.json and {name}.json"
            owner[part_id] = name
    assert set(owner) == set(claim_catalogue()["part_id"])


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


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_default_run_tests_every_claim_it_checks(executed, name):
    """Every claim part a notebook meets is about its default values, so the report (default runs) holds them all."""
    folders, _ = executed
    record = json.loads((folders[name] / "run.json").read_text(encoding="utf-8"))
    assert record["not_tested"] == []


def _code_cells(name: str) -> list[str]:
    notebook = nbformat.read(runner.discover()[name], as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def _audits(name: str) -> list[ast.Call]:
    """Every ``claims.Audit(...)`` call in the notebook's code."""
    return [node for source in _code_cells(name) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and ast.unparse(node.func) in ("Audit", "claims.Audit")]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_audit_carries_every_parameter_of_the_run(name):
    """A notebook that records verdicts builds one audit, from every parameter it declares, each by its own name: so in
    every run the audit holds that run's values, and records a part only when they are the values it is about."""
    audits = _audits(name)
    if not reviewed_verdicts(name) and not audits:
        return  # records no verdict: nothing to bind
    assert len(audits) == 1, f"{name} builds {len(audits)} audits"
    declared = {parameter.name for parameter in notebook_parameters(runner.discover()[name])}
    passed = {keyword.arg: ast.unparse(keyword.value) for keyword in audits[0].keywords}
    assert not audits[0].args and passed == {parameter: parameter for parameter in declared}


def _names(node: ast.AST | None) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} if node is not None else set()


def _bound_values(function: ast.FunctionDef, name: str) -> list[ast.expr | None]:
    """The values ``name`` is bound to in ``function``: ``None`` for a binding whose value is unknown (a loop or
    ``with`` target, an augmented or walrus assignment, a tuple unpacked from a call)."""
    values: list[ast.expr | None] = []
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    values.append(node.value)
                elif isinstance(target, (ast.Tuple, ast.List)) and name in _names(target):
                    if isinstance(node.value, (ast.Tuple, ast.List)) and len(node.value.elts) == len(target.elts):
                        values += [value if isinstance(element, ast.Name) else None
                                   for element, value in zip(target.elts, node.value.elts) if name in _names(element)]
                    else:
                        values.append(None)
        elif isinstance(node, (ast.For, ast.comprehension, ast.NamedExpr, ast.AugAssign, ast.AnnAssign)):
            values += [None] if name in _names(node.target) else []
        elif isinstance(node, ast.withitem):
            values += [None] if name in _names(node.optional_vars) else []
    return values


def _is_fixed(node: ast.expr | None, function: ast.FunctionDef, seen: frozenset = frozenset()) -> bool:
    """Whether ``node``, inside ``function``, has the same value in every call: literals, containers of them,
    upper-case module constants, and local names bound only to such values (never an argument of the function)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return all(_is_fixed(element, function, seen) for element in node.elts)
    if isinstance(node, ast.Dict):
        return all(_is_fixed(part, function, seen) for part in [*filter(None, node.keys), *node.values])
    if isinstance(node, ast.Name) and node.id not in seen:
        if node.id in {argument.arg for argument in ast.walk(function) if isinstance(argument, ast.arg)}:
            return False
        values = _bound_values(function, node.id)
        if values:
            return all(_is_fixed(value, function, seen | {node.id}) for value in values)
        return node.id.isupper()
    return False


def _unfixed_abouts(path: Path) -> list[str]:
    """``about=`` arguments in the functions of a findings module whose value could change from call to call."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.name}:{call.lineno} about={ast.unparse(keyword.value)}"
            for function in tree.body if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef))
            for call in ast.walk(function) if isinstance(call, ast.Call)
            for keyword in call.keywords if keyword.arg == "about" and not _is_fixed(keyword.value, function)]


def test_fixed_about_check_tells_a_constant_from_an_argument():
    source = """
def constant(audit):
    about = {"edition": EDITION_2025, "cities": ["Beijing"]}
    record(audit, "X-01", about=about)
    record(audit, "X-02", about={**PREVIOUS, "tier": 1})

def from_argument(audit, edition):
    record(audit, "X-03", about={"edition": edition})
    about = {"edition": edition}
    record(audit, "X-04", about=about)
    record(audit, "X-05", about=lowercase_name)

def unpacked(audit, table):
    fixed, sources = {"cities": FIRST_TIER}, list(table)
    record(audit, "X-06", about=fixed)
    computed, other = table
    record(audit, "X-07", about=computed)
    for each in table:
        record(audit, "X-08", about=each)
"""
    tree = ast.parse(source)
    fixed = {ast.unparse(keyword.value): _is_fixed(keyword.value, function)
             for function in tree.body for call in ast.walk(function) if isinstance(call, ast.Call)
             for keyword in call.keywords if keyword.arg == "about"}
    assert fixed == {"about": False, "{**PREVIOUS, 'tier': 1}": True, "{'edition': edition}": False,
                     "lowercase_name": False, "fixed": True, "computed": False, "each": False}
    # the two `about=about` (X-01 fixed, X-04 not) share a key above: the last wins
    first = tree.body[0]
    x01 = next(k.value for c in ast.walk(first) if isinstance(c, ast.Call) for k in c.keywords if k.arg == "about")
    assert _is_fixed(x01, first)


# (notebook, findings module): innovlib/findings/<notebook>.py and <notebook>_*.py that are not another notebook's.
FINDINGS_MODULES = sorted((name, path) for name in NOTEBOOKS for path in (PACKAGE / "findings").glob(f"{name}*.py")
                          if path.stem == name or (path.stem.startswith(f"{name}_") and path.stem not in NOTEBOOKS))


@pytest.mark.parametrize("name, path", FINDINGS_MODULES, ids=[path.stem for _, path in FINDINGS_MODULES])
def test_every_claim_part_is_bound_to_fixed_parameter_values(name, path):
    """The values a part is about never depend on the run (an ``about`` built from a parameter would follow any
    value): with the audit above, which parts a run records follows from its values alone, without executing it."""
    assert _unfixed_abouts(path) == []


@pytest.mark.slow
@pytest.mark.parametrize("name, parameter, value", ALTERNATIVES,
                         ids=[f"{n}-{p}={json.dumps(v)}" for n, p, v in ALTERNATIVES])
def test_every_allowed_value_runs_and_records_only_what_it_tests(alternative_runs, executed, name, parameter, value):
    """Executed: the parts an alternative run records are exactly the default run's parts whose values it has."""
    task, result = alternative_runs[(name, parameter, json.dumps(value))]
    assert result.status in ("ok", "cached"), result.error
    recorded = _verdicts(task.output_dir)
    for verdict in recorded:
        for key, about in verdict["about"].items():
            assert task.values[key] == about, (
                f"{verdict['part_id']} was recorded in a run with {key}={task.values[key]!r}, but it is about {about!r}")
    audit = Audit(**task.values)
    expected = {v["part_id"] for v in _verdicts(executed[0][name]) if audit.tests(v["about"])}
    assert {verdict["part_id"] for verdict in recorded} == expected


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
