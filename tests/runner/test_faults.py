"""Fault suite: bad inputs, damaged outputs, interrupts and races, tried the way a hostile or unlucky user would.

Every case asserts the exit code, a one-line message (no traceback) and that every previously good output is
byte-identical afterwards. Notebooks are the tiny fixtures under tests/faults/notebooks (never the real ones),
with data from tests/faults/data and temporary outputs folders. Few cases start a kernel: one good run is made
once and copied into each case's outputs folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from innovlib import cli, data, report, runner
from innovlib.html_safety import sanitize_page
from innovlib.runner.tasks import Context
from innovlib.outputs import lock_outputs, neutralise_formulas, save_table
from innovlib.parameters import ParameterError, alternative_values, load_yaml, parse_parameters
from conftest import tree_digests

FAULTS = Path(__file__).resolve().parents[1] / "faults"
GOOD = "quick"


@pytest.fixture(scope="module")
def baseline(quick_run):
    """One good run of the fixture notebook `quick` (default parameters): the session's (conftest.quick_run)."""
    return quick_run[0]


@pytest.fixture
def project(baseline, tmp_path, monkeypatch):
    """A copy of the baseline's outputs (one good run) for one case, reading the baseline's data folder (the
    cache key includes where the data is); returns (root, env). Cases that edit data use ``own_data``."""
    shutil.copytree(baseline / "outputs", tmp_path / "outputs")
    env = {"INNOVLIB_DATA_DIR": str(baseline / "data"), "INNOVLIB_NOTEBOOKS_DIR": str(FAULTS / "notebooks"),
           "INNOVLIB_OUTPUTS_DIR": str(tmp_path / "outputs")}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for name in ("FAULT_FAIL", "FAULT_MARKER"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path, env


@pytest.fixture
def own_data(project, monkeypatch):
    """A private copy of the data folder, for cases that edit data; returns its path."""
    root, env = project
    shutil.copytree(env["INNOVLIB_DATA_DIR"], root / "data")
    env["INNOVLIB_DATA_DIR"] = str(root / "data")
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root / "data"))
    return root / "data"


def good_output(root: Path) -> dict[str, str]:
    return tree_digests(root / "outputs" / GOOD)


def innovlib(argv, capsys) -> tuple[int, str]:
    """Run the command line in this process; return the exit code and stderr (asserting no traceback)."""
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def plan_quick(**values):
    return runner.plan([GOOD], overrides=values, kernel=runner.find_kernel())


def context():
    return Context(runner.source_fingerprint(), runner.environment_fingerprint(runner.find_kernel()),
                   str(data.data_dir().resolve()))


# --- 1. a cache that cannot lie --------------------------------------------------------------------------------

def test_baseline_is_cached_and_records_what_it_read(project, capsys):
    root, _ = project
    before = good_output(root)
    run = json.loads((root / "outputs" / GOOD / "run.json").read_text())
    assert run["cache_key"] and run["environment"]["packages_sha256"] and Path(run["data_dir"]).is_absolute()
    assert set(run["outputs_sha256"]) >= {"quick.ipynb", "quick.html", "claims.json", "tables/summary.csv"}
    code, err = innovlib(["run", GOOD], capsys)
    assert code == 0 and "cached   quick" in err
    assert good_output(root) == before


def test_user_file_is_checked_hashed_and_escaped(project, tmp_path, capsys):
    root, _ = project
    before = good_output(root)
    rows = tmp_path / "rows.txt"
    rows.write_text("a\nb\n", encoding="utf-8")
    hostile = "<img src=x onerror=alert(1)>"
    code, err = innovlib(["run", GOOD, "-p", "rows", str(rows), "-p", "label", hostile], capsys)
    assert code == 0, err
    folder = next(p for p in (root / "outputs").iterdir() if p.name.startswith("quick--"))
    run = json.loads((folder / "run.json").read_text())
    assert run["files"]["rows"] == {"path": str(rows), "sha256": hashlib.sha256(b"a\nb\n").hexdigest(), "bytes": 4}
    # the hostile label is text, never live HTML, in the About cell and the exported page
    assert hostile not in (folder / "quick.html").read_text()
    assert "<img src=x" not in json.loads((folder / "quick.ipynb").read_text())["cells"][0]["source"]
    # an unchanged file is a cache hit; an edited one is not, and the folder says why it is stale
    tasks = plan_quick(rows=str(rows), label=hostile)
    assert runner.cache_state(tasks[0], context()) == (True, "")
    rows.write_text("a\nb\nc\n", encoding="utf-8")
    tasks = plan_quick(rows=str(rows), label=hostile)
    assert runner.cache_state(tasks[0], context())[0] is False
    assert tasks[0].files["rows"]["bytes"] == 6
    assert good_output(root) == before


@pytest.mark.parametrize("change", ["data_dir", "notebooks_dir", "packages", "dataset_edit", "kernel"])
def test_cache_misses_when_anything_read_changes(project, baseline, tmp_path, monkeypatch, change):
    root, _ = project
    task = plan_quick()[0]
    assert runner.cache_state(task, context())[0] is True
    csv = baseline / "data" / "tiny" / "tiny.csv"
    original = csv.read_bytes(), (csv.parent / "datapackage.json").read_bytes()
    if change == "data_dir":  # same content, another place: the run did not read these files
        shutil.copytree(baseline / "data", tmp_path / "elsewhere")
        monkeypatch.setenv("INNOVLIB_DATA_DIR", str(tmp_path / "elsewhere"))
    elif change == "notebooks_dir":
        shutil.copytree(FAULTS / "notebooks", tmp_path / "nb")
        monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(tmp_path / "nb"))
    elif change == "packages":
        real = runner.environment_fingerprint
        monkeypatch.setattr(runner, "environment_fingerprint",
                            lambda kernel: {**real(kernel), "packages_sha256": "another set of versions"})
    elif change == "dataset_edit":
        csv.write_text(csv.read_text().replace("100.5", "100.6"))
        data.rehash("tiny")
    elif change == "kernel":
        real = runner.environment_fingerprint
        monkeypatch.setattr(runner, "environment_fingerprint",
                            lambda kernel: {**real(kernel), "kernel": {"name": kernel, "argv": ["other-python"]}})
    try:
        task = plan_quick()[0]
        assert runner.cache_state(task, context())[0] is False
    finally:
        csv.write_bytes(original[0])
        (csv.parent / "datapackage.json").write_bytes(original[1])


@pytest.mark.parametrize("damage", ["truncate_run", "delete_claims", "truncate_claims", "delete_notebook",
                                    "run_not_object"])
def test_damaged_outputs_are_stale_and_reported_never_a_crash(project, capsys, damage):
    root, _ = project
    folder = root / "outputs" / GOOD
    if damage == "truncate_run":
        (folder / "run.json").write_text((folder / "run.json").read_text()[:100])
    elif damage == "delete_claims":
        (folder / "claims.json").unlink()
    elif damage == "truncate_claims":
        (folder / "claims.json").write_text("[{")
    elif damage == "delete_notebook":
        (folder / "quick.ipynb").unlink()
    elif damage == "run_not_object":
        (folder / "run.json").write_text("[1, 2]")
    fresh, why = runner.cache_state(plan_quick()[0], context())
    assert fresh is False and why and str(folder) in why
    code, err = innovlib(["report"], capsys)
    assert code == 0
    if damage != "delete_notebook":
        assert "report: skipped" in err and str(folder) in err


# --- 2. escaping everywhere ---------------------------------------------------------------------------------

def test_report_escapes_every_value_and_links_only_http():
    part = {"part_id": "<b>X-1a</b>", "statement": "<script>alert(1)</script>", "published": "<img src=x onerror=alert(1)>",
            "unit": "<u>", "verdict": "reproduced", "computed": 1.0, "explanation": "see [here](javascript:alert(1))",
            "sources": [{"url": "javascript:alert(1)", "title": "<svg onload=alert(1)>", "grade": "<i>news</i>"}],
            "about": {}, "notebook": "<svg onload=alert(1)>", "run_id": "r", "commit": "c", "output": "<o>",
            "provenance_note": "<script>x</script>"}
    row = {"claim_id": "<b>X-1</b>", "article": "<i>A</i>", "subject": "s", "claim": "<script>alert(1)</script>",
           "verdict": "reproduced", "summary": "<b>reproduced</b>", "parts": [part]}
    page = report.to_html([row], "now")
    # the only script elements are the ClaimReview data blocks (JSON-LD, never run), whose text is JSON
    data_blocks = page.count('<script type="application/ld+json">')
    assert data_blocks == 1 and page.count("<script") == data_blocks and page.count("</script>") == data_blocks
    page = page.replace('<script type="application/ld+json">', "").replace("</script>", "")
    for live in ("<script", "<img", "<svg", "<b>X", "<i>A", "href=\"javascript", "<u>", "<i>news"):
        assert live not in page
    markdown = report.to_markdown([row], "now")
    for live in ("<script", "<img", "<svg", "](javascript", "<b>", "](<javascript"):
        assert live not in markdown
    safe_part = {**part, "sources": [{"url": "https://www.wipo.int/x?a=1&b=2", "title": "WIPO", "grade": "primary"}]}
    safe = report.to_html([{**row, "parts": [safe_part]}], "now")
    assert 'href="https://www.wipo.int/x?a=1&amp;b=2"' in safe


def test_javascript_url_in_data_is_refused(own_data):
    csv = own_data / "tiny" / "tiny.csv"
    csv.write_text(csv.read_text().replace("https://example.org/sz", "javascript:alert(1)"))
    data.rehash("tiny")
    with pytest.raises(data.DataValidationError, match=r"row 3, column 'source_url': expected an http\(s\) URL"):
        data.load("tiny")
    descriptor = own_data / "tiny" / "datapackage.json"
    content = json.loads(descriptor.read_text())
    content["sources"][0]["path"] = "javascript:alert(1)"
    descriptor.write_text(json.dumps(content))
    with pytest.raises(data.DataValidationError, match=r"'path' must be an http\(s\) URL"):
        data.load("tiny")


def test_exported_html_links_are_rechecked():
    page = sanitize_page("<a href='javascript:alert(1)'>x</a><a href=\"https://ok.org\">y</a>"
                        "<img src='data:image/png;base64,AAA'><a href=' JaVa\tScript:alert(1)'>z</a>")
    assert "javascript" not in page.lower() and "https://ok.org" in page and "data:image/png" in page


def test_formula_like_user_text_is_neutralised_in_tables(tmp_path, monkeypatch):
    import pandas as pd

    from innovlib.analyses.unicorns import EXPECTED_COLUMNS, count_companies, load_company_list

    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path / "run"))
    path = tmp_path / "list.csv"
    path.write_text(",".join(EXPECTED_COLUMNS) + "\n"
                    '"=HYPERLINK(""http://x"")",$1 ,4/7/2017,China,@SUM(A1),+cmd,None,2012,$1B,IPO,1,1,1\n',
                    encoding="utf-8")
    companies = load_company_list(path)
    save_table(count_companies(companies, "city"), "by_city")
    written = (tmp_path / "run" / "tables" / "by_city.csv").read_text()
    assert "'@SUM(A1)" in written and "\n@" not in written
    save_table(companies[["company", "industry"]], "companies")
    written = (tmp_path / "run" / "tables" / "companies.csv").read_text()
    assert "'=HYPERLINK" in written and "'+cmd" in written
    # curated tables are written as they are
    save_table(pd.DataFrame({"x": ["-5"]}), "curated")
    assert (tmp_path / "run" / "tables" / "curated.csv").read_text() == "x\n-5\n"
    assert neutralise_formulas(pd.DataFrame({"n": [-1]}))["n"].tolist() == [-1]


# --- 3. clean stops, the lock and recovery --------------------------------------------------------------------

def _start(argv, env, tmp_path):
    stderr = open(tmp_path / "stderr.txt", "w")
    process = subprocess.Popen([sys.executable, "-m", "innovlib", *argv], env={**os.environ, **env},
                               stdout=subprocess.DEVNULL, stderr=stderr)
    return process, tmp_path / "stderr.txt"


def _wait_for(path: Path, process, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, "the run ended before the notebook started"
        assert time.monotonic() < deadline, "the notebook never started"
        time.sleep(0.2)


def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def _all_gone(processes: list[psutil.Process], seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p.pid for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.2)
    return alive


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_stops_everything_and_keeps_good_outputs(project, tmp_path, signum):
    root, env = project
    before = good_output(root)
    marker = tmp_path / "started"
    notebooks = tmp_path / "notebooks"  # two sleepers: the second must never start after the interrupt
    notebooks.mkdir()
    for name in ("sleepy", "sleepy2"):
        shutil.copyfile(FAULTS / "notebooks" / "sleepy.ipynb", notebooks / f"{name}.ipynb")
    process, stderr = _start(["run", "sleepy", "sleepy2", "--jobs", "1"],
                             {**env, "FAULT_MARKER": str(marker), "INNOVLIB_NOTEBOOKS_DIR": str(notebooks)},
                             tmp_path)
    _wait_for(marker, process)
    children = _descendants(process.pid)
    assert children, "expected a worker and a kernel"
    process.send_signal(signum)
    assert process.wait(timeout=60) == 130
    err = stderr.read_text()
    assert "interrupted" in err and "Traceback" not in err
    assert "started  sleepy2" not in err
    assert _all_gone(children) == []
    assert not (root / "outputs" / ".staging").exists()
    assert not (root / "outputs" / "sleepy").exists()
    assert good_output(root) == before


def test_kill_9_leaves_no_worker_and_the_next_run_cleans_up(project, tmp_path, capsys):
    root, env = project
    before = good_output(root)
    marker = tmp_path / "started"
    process, _ = _start(["run", "sleepy", "--jobs", "1"], {**env, "FAULT_MARKER": str(marker)}, tmp_path)
    _wait_for(marker, process)
    children = _descendants(process.pid)
    process.kill()
    process.wait(timeout=30)
    assert _all_gone(children) == [], "workers or kernels outlived the killed run"
    staging = root / "outputs" / ".staging"
    assert not staging.exists() or not list(staging.iterdir())  # the dying worker removed its staging
    # what a run killed harder (worker and all) leaves: a half-built staging folder and a half-done swap
    (staging / "sleepy-20250101T000000Z-abcdef").mkdir(parents=True)
    (staging / "sleepy-20250101T000000Z-abcdef" / "sleepy.ipynb").write_text("{")
    trash = root / "outputs" / ".trash" / "abc"
    trash.mkdir(parents=True)
    os.replace(root / "outputs" / GOOD, trash / GOOD)
    import tempfile

    from innovlib.runner.execution import KERNEL_FOLDER_PREFIX

    leftovers = [p for child in children for p in Path(tempfile.gettempdir()).glob(f"{KERNEL_FOLDER_PREFIX}{child.pid}-*")]
    code, err = innovlib(["run", GOOD], capsys)  # in this process: the kill above needed one, this run does not
    assert code == 0, err
    assert "cleaned" in err and "restored" in err and "cached   quick" in err
    assert not [p for p in leftovers if p.exists()], "the killed run's kernel folders are still there"
    assert not (root / "outputs" / ".staging").exists() and not (root / "outputs" / ".trash").exists()
    assert good_output(root) == before


def test_second_writer_waits_for_the_lock(project, tmp_path):
    root, env = project
    with lock_outputs(root / "outputs"):
        process, stderr = _start(["report"], env, tmp_path)
        deadline = time.monotonic() + 60
        while "waiting for another innovlib run" not in stderr.read_text():
            assert process.poll() is None, stderr.read_text()
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert not (root / "outputs" / "report.json").with_name(".report.json.tmp").exists()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in stderr.read_text()


# --- 4. one-line errors with documented exit codes ------------------------------------------------------------

def test_parameters_file_problems_are_one_line_usage_errors(project, tmp_path, capsys):
    root, _ = project
    before = good_output(root)
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{n}: &{n} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n" for p, n in zip("abcdefgh", "bcdefghi")))
    assert len(bomb.read_bytes()) < 400
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("label: Zürich\n".encode("latin-1"))
    cases = [(bomb, "YAML aliases"), (latin1, "line 1: not UTF-8 text"), (tmp_path, "is not a file"),
             (tmp_path / "none.yaml", "not found")]
    for path, expected in cases:
        started = time.monotonic()
        code, err = innovlib(["run", GOOD, "-f", str(path)], capsys)
        assert code == 2 and expected in err and len(err) < 500, err
        assert time.monotonic() - started < 10
    assert good_output(root) == before


@pytest.mark.parametrize("argv, expected", [
    (["run", GOOD, "-p", "n", "-5"], "quick: parameter 'n' expects a value >= 1, got -5"),
    (["run", GOOD, "-p", "n", "11"], "expects a value <= 10"),
    (["run", GOOD, "-p", "weights", "[1, nan]"], "finite"),
    (["run", GOOD, "-p", "weights", "[1, .inf]"], "finite"),
    (["run", GOOD, "-p", "weights", "[1, -2]"], ">= 0"),
    (["run", GOOD, "-p", "label", ""], "non-empty text"),
    (["run", GOOD, "-p", "rows", "/nonexistent/rows.csv"], "names /nonexistent/rows.csv, which does not exist"),
    (["run", GOOD, "-p", "rows", "/"], "which is not a file"),
    (["run", GOOD, "-p", "x" * 5000, "1"], "unknown parameter"),
    (["run", "nosuch" * 1000], "unknown notebook"),
    (["run", GOOD, "--timeout", "0"], None),
    (["run", GOOD, "--timeout", "-1"], None),
    (["run", GOOD, "--timeout", "nan"], None),
])
def test_bad_values_are_refused_before_any_kernel_starts(project, capsys, argv, expected):
    root, _ = project
    before = good_output(root)
    if expected is None:  # argparse refuses it
        with pytest.raises(SystemExit) as info:
            cli.main(argv)
        assert info.value.code == 2 and "positive number of seconds" in capsys.readouterr().err
    else:
        code, err = innovlib(argv, capsys)
        assert code == 2 and expected in err and len(err) < 600, err
    assert good_output(root) == before
    assert not (root / "outputs" / ".staging").exists()


def test_unwritable_outputs_folder_is_a_setup_error(project, tmp_path, monkeypatch, capsys):
    if os.geteuid() == 0:
        blocked = tmp_path / "file-not-folder"
        blocked.write_text("x")
        monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(blocked / "outputs"))  # a folder inside a file
    else:
        blocked = tmp_path / "readonly"
        blocked.mkdir(mode=0o500)
        monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(blocked / "outputs"))
    code, err = innovlib(["run", GOOD], capsys)
    assert code == 2 and "outputs" in err and len(err.strip().splitlines()) == 1, err
    code, err = innovlib(["report"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err


def test_invalid_claims_catalogue_in_report_is_one_line(own_data, capsys):
    csv = own_data / "claims" / "claims.csv"
    csv.write_bytes(csv.read_bytes() + b"\xff\xfe broken\n")
    code, err = innovlib(["report"], capsys)
    assert code == 2 and "claims.csv" in err and "checksum mismatch" in err


@pytest.mark.parametrize("content, expected", [
    (b"city,year,value,source_url\nBeijing,2023,1,https://x.org\nSh\xe9nzhen,2023,2,https://x.org\n", "row 3: not UTF-8"),
    (b"city,year,value,source_url\nBeijing,2023,1,https://x.org\nShen\x00zhen,2023,2,https://x.org\n", "row 3: contains a NUL"),
    (b"city,year,value,source_url\nBeijing,2023,1,https://x.org\nBeijing,2023,1,https://x.org\n", "row 3"),
])
def test_data_problems_name_the_row(own_data, capsys, content, expected):
    (own_data / "tiny" / "tiny.csv").write_bytes(content)
    data.rehash("tiny")
    code = cli.main(["data", "validate", "tiny"])
    out = capsys.readouterr()
    assert code == 1 and expected in out.out and "Traceback" not in out.err


def test_data_validate_fails_on_a_missing_dataset_or_descriptor(own_data, capsys):
    (own_data / "tiny" / "datapackage.json").unlink()
    code = cli.main(["data", "validate"])
    out = capsys.readouterr().out
    assert code == 1 and "INVALID" in out and "descriptor is missing" in out
    code = cli.main(["data", "validate", "gone"])
    assert code == 1 and "no dataset 'gone'" in capsys.readouterr().out


def test_failed_notebook_exits_1_and_keeps_the_good_output(project, monkeypatch, capsys):
    root, _ = project
    before = good_output(root)
    monkeypatch.setenv("FAULT_FAIL", "1")  # the kernel inherits it
    code, err = innovlib(["run", GOOD, "--force"], capsys)  # asserts no traceback
    assert code == 1 and "failing on purpose" in err
    after = good_output(root)
    failed = [name for name in after if name.startswith("failed-")]
    assert len(failed) == 1
    assert {k: v for k, v in after.items() if k not in failed} == before


# --- 5. parameter metadata ----------------------------------------------------------------------------------

def test_constraint_braces_are_checked_when_the_cell_is_parsed():
    with pytest.raises(ParameterError, match="unknown constraint 'maximum'"):
        parse_parameters("n: int = 5  # draws {maximum: 3}")
    with pytest.raises(ParameterError, match="every choice must be a int"):
        parse_parameters("n: int = 5  # draws {choices: [5, x]}")
    with pytest.raises(ParameterError, match="bare path annotation"):
        parse_parameters("f: path = 'a.csv'  # a file")
    with pytest.raises(ParameterError, match="YAML aliases"):
        parse_parameters("n: int = 5  # {choices: &a [5], allow_empty: [" + ", ".join(["*a"] * 101) + "]}")
    [p] = parse_parameters('cities: list[str] = ["Beijing", "Shanghai"]  # cities {choices: [Beijing, Shanghai]}')
    assert p.help == "cities" and p.choices == ("Beijing", "Shanghai")
    assert alternative_values(p) == [["Shanghai"], ["Beijing"]]


def test_yaml_loader_bounds_expansion_quickly():
    started = time.monotonic()
    with pytest.raises(ParameterError):
        load_yaml("a: &a [" + ",".join(["x"] * 50) + "]\n" + "".join(
            f"{n}: &{n} [" + ",".join([f"*{p}"] * 10) + "]\n" for p, n in zip("abcdef", "bcdefg")))
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("payload", [
    "<a/href=javascript:alert(1)>x</a>", "<object data=javascript:alert(1)></object>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>", "<svg><animate attributeName=href values=javascript:alert(1) /></svg>",
    "<img src=x onerror=alert(1)>", "<a href='&#106;avascript:alert(1)'>e</a>", "<SCRIPT>alert(1)</SCRIPT>",
    "<div style='background:url(javascript:x)'>d</div>", "<meta http-equiv=refresh content='0;url=javascript:x'>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>", "<img src=https://evil.example/x.png>",
    "<div style='background-image:url(https://evil.example/b.png)'>d</div>", "<a href='//evil.example/p'>p</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<details open ontoggle=alert(1)>d</details>",
])
def test_exported_pages_cannot_run_a_script_whatever_the_markup(payload):
    """Markup a notebook could build from data (the fault runs' bypasses of a link-only check and of a deny-list
    sanitiser that read <style> inside <svg> as text), cleaned by nh3's allow-list; the page then starts with a
    Content-Security-Policy that forbids every script."""
    page = sanitize_page(f"<html><head><title>t</title></head><body><p>{payload}</p></body></html>")
    body = page[page.index("<body"):].lower()
    for live in ("javascript", "<script", "onerror", "ontoggle", "<iframe", "<object", "srcdoc", "http-equiv",
                 "evil.example", "<svg", "<style", "<math", 'src="x"'):
        assert live not in body, (payload, page)
    head = page[:page.index("<body")]
    assert head.index('http-equiv="Content-Security-Policy"') < head.index("<title>")
    assert "script-src &#x27;none&#x27;" in head


@pytest.mark.parametrize("value", [
    "a`<img src=x onerror=alert(1)>`b", "``` <script>alert(1)</script>", "x\n\n[a](javascript:alert(1))",
    "![i](https://evil.example/q.png)", "|table|break|\n|---|---|", "\x1b[31mred",
])
def test_every_markdown_context_keeps_text_as_text(value):
    """Markdown text, a code span, a link target and an attribute each have one escaping function; rendered the
    way nbconvert renders a notebook's Markdown, none of them yields an element, a link or an image."""
    import mistune

    from innovlib.escaping import code_span, html_attribute, link_target, markdown_text

    for markdown in (f"before {markdown_text(value)} after", f"file {code_span(value)} here",
                     f"<table><tr><td>{markdown_text(value)}</td></tr></table>"):
        rendered = mistune.html(markdown)
        assert "<img" not in rendered and "<a " not in rendered and "<script" not in rendered, rendered
        assert rendered.count("<p>") <= 1, rendered  # one paragraph: no line break escaped the context
    assert link_target(value) is None or not link_target(value).lower().startswith(("javascript", "//"))
    attribute = f'<p title="{html_attribute(value)}">x</p>'
    assert attribute.count('"') == 2 and "<img" not in attribute[10:-6]


def test_fault_run_cases_get_one_line_usage_errors(tmp_path):
    """Cases from an independent fault run: each is refused before a kernel starts, with a message."""
    from innovlib.parameters import Parameter, ParameterError, coerce, parameters_cell

    weights = Parameter("weights", "list[float]", [], "w", choices=None)
    with pytest.raises(ParameterError, match="finite numbers"):
        coerce(weights, [10 ** 400])
    metrics = Parameter("metrics", "list[str]", ["pct"], "m", choices=("pct", "pub"))
    with pytest.raises(ParameterError, match="lists a value twice"):
        coerce(metrics, "pct,pct", from_text=True)
    notebook = tmp_path / "nulltags.ipynb"
    notebook.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {"tags": None}, "source": "x"}]}))
    assert parameters_cell(notebook) is None
    deep = tmp_path / "deep.ipynb"
    deep.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(ParameterError, match="deep.ipynb: not a readable notebook"):
        parameters_cell(deep)


def test_a_symlinked_folder_cannot_lead_a_resource_out_of_its_dataset(own_data, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "tiny.csv").write_text((own_data / "tiny" / "tiny.csv").read_text())
    (own_data / "tiny" / "sub").symlink_to(outside)
    descriptor = own_data / "tiny" / "datapackage.json"
    content = json.loads(descriptor.read_text())
    content["resources"][0]["path"] = "sub/tiny.csv"
    descriptor.write_text(json.dumps(content))
    with pytest.raises(data.DataValidationError, match="must be a file in the dataset's folder"):
        data.read_descriptor("tiny")


@pytest.mark.parametrize("tamper", ["foreign_file", "forged_run_id"])
def test_a_cached_folder_with_foreign_files_or_an_edited_run_record_is_not_fresh(project, capsys, tamper):
    """Fault run: files the run never wrote, or an edited run.json (run id, commit), were served as cached."""
    root, _ = project
    folder = root / "outputs" / GOOD
    if tamper == "foreign_file":
        (folder / "tables" / "extra.csv").write_text("evil\n")
        expected = "was not written by the run"
    else:
        record = json.loads((folder / "run.json").read_text())
        record["run_id"] = "FORGED"
        (folder / "run.json").write_text(json.dumps(record))
        expected = "run.json has changed since it was written"
    fresh, why = runner.cache_state(plan_quick()[0], context())
    assert fresh is False and expected in why
    code, err = innovlib(["report"], capsys)  # the report applies the cache's own check (runner.intact_run)
    assert code == 0 and f"report: skipped {why}; not used" in err
    report_json = json.loads((root / "outputs" / "report.json").read_text())
    assert "FORGED" not in json.dumps(report_json)
    assert all(p["notebook"] != GOOD for claim in report_json["claims"] for p in claim["parts"])


# --- 6. links in the outputs folder are never followed (issue 21) ----------------------------------------------

def _outside(tmp_path: Path) -> Path:
    """A folder outside the outputs folder with a file in it, which no command may touch."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me\n")
    return outside


@pytest.mark.parametrize("name", [".trash", ".staging"])
@pytest.mark.parametrize("command", [["run", GOOD], ["report"], ["sweep", GOOD, "-g", "n=3"]])
def test_a_linked_trash_or_staging_folder_is_refused_and_nothing_outside_is_deleted(project, tmp_path, capsys,
                                                                                      name, command):
    root, _ = project
    before = good_output(root)
    outside = _outside(tmp_path)
    (outside / "sub").mkdir()
    (outside / "sub" / "run.json").write_text("{}")
    (root / "outputs" / name).symlink_to(outside)
    code, err = innovlib(command, capsys)
    error = [line for line in err.splitlines() if line.startswith("innovlib ")]
    assert code == 2 and len(error) == 1, err
    assert f"{name} is a symbolic link" in error[0] and "never follows a link" in error[0]
    assert tree_digests(outside) == {"precious.txt": hashlib.sha256(b"keep me\n").hexdigest(),
                                 "sub/run.json": hashlib.sha256(b"{}").hexdigest()}
    assert good_output(root) == before


def test_a_linked_lock_file_is_refused_and_its_target_is_not_truncated(project, tmp_path, capsys):
    root, _ = project
    outside = _outside(tmp_path)
    (root / "outputs" / ".lock").unlink(missing_ok=True)
    (root / "outputs" / ".lock").symlink_to(outside / "precious.txt")
    for command in (["run", GOOD], ["report"]):
        code, err = innovlib(command, capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1 and ".lock is a symbolic link" in err, err
    assert (outside / "precious.txt").read_text() == "keep me\n"


def test_links_left_inside_trash_and_staging_are_removed_themselves_never_followed(project, tmp_path, capsys):
    root, _ = project
    before = good_output(root)
    outside = _outside(tmp_path)
    (root / "outputs" / ".staging").mkdir()
    (root / "outputs" / ".staging" / "quick-x").symlink_to(outside)
    (root / "outputs" / ".trash" / "abc").mkdir(parents=True)
    (root / "outputs" / ".trash" / "abc" / "other").symlink_to(outside)  # never "restored" as an output
    (root / "outputs" / ".trash" / "def").symlink_to(outside)
    (root / "outputs" / ".x.tmp").mkdir()  # a folder named like a temporary file: removed, not a crash
    code, err = innovlib(["run", GOOD], capsys)
    assert code == 0, err
    assert tree_digests(outside) == {"precious.txt": hashlib.sha256(b"keep me\n").hexdigest()}
    assert not os.path.lexists(root / "outputs" / "other")
    # the lock and the report's record of its inputs (innovlib.report_freshness), nothing else
    assert sorted(p.name for p in (root / "outputs").iterdir() if p.name.startswith(".")) == [".lock",
                                                                                          ".report-inputs.json"]
    assert good_output(root) == before


def test_an_output_folder_that_is_a_link_is_not_swapped_and_the_other_notebooks_keep_running(project, tmp_path):
    """The swap target: outputs/quick as a link is never written through; that notebook fails with a line naming
    the folder, and the other notebook of the run is swapped in as usual."""
    root, _ = project
    outside = _outside(tmp_path)
    shutil.move(root / "outputs" / GOOD, outside / GOOD)
    (root / "outputs" / GOOD).symlink_to(outside / GOOD)
    before = tree_digests(outside)
    tasks = plan_quick() + plan_quick(n=4)
    assert runner.cache_state(tasks[0], context())[0] is False  # a linked folder is never served from the cache
    results = runner.run(tasks, jobs=2, progress=lambda line: None)
    assert [r.status for r in results] == ["failed", "ok"], [r.error for r in results]
    assert f"could not be put in place in {root / 'outputs' / GOOD}" in results[0].error
    # the whole reason, however long the temporary path (pytest-xdist's popen-gw<N> folders): the folder is named once
    assert ("(it is a symbolic link; innovlib never follows a link in its outputs folder (expected a folder): remove "
            "the link and run again); the last good output was kept") in results[0].error
    assert "\n" not in results[0].error
    assert (tasks[1].output_dir / "run.json").is_file()
    assert tree_digests(outside) == before
    assert not (root / "outputs" / ".trash").exists() and not (root / "outputs" / ".staging").exists()


def test_a_full_disk_while_keeping_a_failed_notebook_keeps_its_own_error(project, tmp_path, monkeypatch):
    import errno

    from innovlib.runner import staging
    from innovlib.runner.tasks import Job, Result

    root, _ = project
    before = good_output(root)
    task = plan_quick()[0]
    job = Job(task, "20250101T000000Z-abcdef", root / "outputs" / ".staging" / "quick-x")
    job.staging.mkdir(parents=True)
    partial = job.staging / "quick.ipynb"
    partial.write_text("{}")

    def disk_full(source, target):
        Path(target).write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))

    monkeypatch.setattr(staging.shutil, "copyfile", disk_full)
    result = staging.finish(job, Result(GOOD, "failed", 1.0, task.output_dir, error="RuntimeError: failing on purpose",
                                        failed_notebook=partial))
    assert result.status == "failed" and result.failed_notebook is None
    assert result.error.startswith("RuntimeError: failing on purpose (its partial notebook could not be kept")
    assert "No space left on device" in result.error
    assert not job.staging.exists() and good_output(root) == before


# --- 7. the poorly handled cases of the third fault run (issue 21) ---------------------------------------------

def test_a_timed_out_notebook_is_one_line_without_a_kernel_traceback(project, tmp_path):
    root, env = project
    before = good_output(root)
    process, stderr = _start(["run", "sleepy", "--timeout", "2", "--no-report"], env, tmp_path)
    assert process.wait(timeout=120) == 1
    err = stderr.read_text()
    assert "Traceback" not in err and "Timeout waiting" not in err and "ZMQError" not in err, err
    said = [line for line in err.splitlines() if "timeout" in line.lower()]
    assert said == ["[1/1] FAILED   sleepy (" + said[0].split("(", 1)[1]] if said else False, err
    assert said[0].endswith("- CellTimeoutError: a cell ran longer than the --timeout of 2 s"), said
    assert good_output(root) == before


def test_a_notebook_whose_name_clashes_with_the_report_is_refused(project, tmp_path, monkeypatch, capsys):
    root, _ = project
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FAULTS / "notebooks", notebooks)
    shutil.copyfile(FAULTS / "notebooks" / "quick.ipynb", notebooks / "report.html.ipynb")
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(notebooks))
    for argv in (["run", "--all"], ["run", "report.html"], ["sweep", "report.html", "-g", "n=1,2"]):
        code, err = innovlib(argv, capsys)
        lines = [line for line in err.splitlines() if line.startswith("innovlib")]
        assert code == 2 and len(lines) == 1 and "notebook 'report.html'" in lines[0], err
        assert "rename the file" in lines[0]
    assert not (root / "outputs" / "report.html").is_dir()
    code, err = innovlib(["report"], capsys)
    assert code == 0 and (root / "outputs" / "report.html").is_file()


def test_names_with_escape_sequences_right_to_left_overrides_or_newlines_are_printed_escaped(
        project, own_data, tmp_path, monkeypatch, capsys):
    from innovlib.runner import Result

    hostile = "evil\x1b[2J\x1b]0;title\x07\u202egnp.exe\nfake line"
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copyfile(FAULTS / "notebooks" / "quick.ipynb", notebooks / f"{hostile}.ipynb")
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(notebooks))
    descriptor = own_data / "tiny" / "datapackage.json"
    content = json.loads(descriptor.read_text())
    content["title"] = hostile
    content["sources"][0]["title"] = hostile
    descriptor.write_text(json.dumps(content))
    table = runner.summary_table([Result(hostile, "failed", 1.0, root_path := tmp_path / hostile, error=hostile)],
                                 tmp_path)
    outputs = {"summary table": table}
    for argv in (["list"], ["data", "list"], ["data", "show", "tiny"]):
        assert cli.main(argv) == 0
        captured = capsys.readouterr()
        outputs[" ".join(argv)] = captured.out + captured.err
    for where, text in outputs.items():
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in text, (where, text)
        assert "fake line" not in [line.strip() for line in text.splitlines()], (where, text)
    assert "evil\\x1b[2J" in outputs["list"] and "\\u202e" in outputs["data list"] and "\\n" in outputs["summary table"]
    assert root_path.name == hostile


def test_kernel_folders_of_killed_runs_are_removed_and_live_ones_kept(tmp_path):
    from innovlib.runner.execution import KERNEL_FOLDER_PREFIX, clean_stale_kernel_folders

    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(finished.stdout)
    for owner in (gone, os.getpid()):
        (tmp_path / f"{KERNEL_FOLDER_PREFIX}{owner}-abc").mkdir()
        (tmp_path / f"{KERNEL_FOLDER_PREFIX}{owner}-abc" / "kernel-1").write_text("")
    (tmp_path / f"{KERNEL_FOLDER_PREFIX}old-style").mkdir()  # no owner in the name: not ours to judge
    outside = _outside(tmp_path)
    (tmp_path / f"{KERNEL_FOLDER_PREFIX}{gone}-link").symlink_to(outside)  # a link is never followed
    assert clean_stale_kernel_folders(tmp_path) == 1
    assert sorted(p.name for p in tmp_path.glob(f"{KERNEL_FOLDER_PREFIX}*")) == sorted(
        [f"{KERNEL_FOLDER_PREFIX}{os.getpid()}-abc", f"{KERNEL_FOLDER_PREFIX}old-style",
         f"{KERNEL_FOLDER_PREFIX}{gone}-link"])
    assert (outside / "precious.txt").is_file()


def test_the_run_crate_meets_the_required_rules_of_the_workflow_run_crate_profile(baseline):
    """roc-validator's REQUIRED checks for the Workflow Run Crate 0.5 profile (and the profiles it builds on:
    Process Run Crate 0.5, Workflow RO-Crate 1.0, RO-Crate 1.1), written out here: roc-validator installs, but it
    fetches the RO-Crate JSON-LD context from the network, which tests do not reach."""
    folder = baseline / "outputs" / GOOD
    crate = json.loads((folder / "ro-crate-metadata.json").read_text())
    assert crate["@context"] == "https://w3id.org/ro/crate/1.1/context"
    graph = {entity["@id"]: entity for entity in crate["@graph"]}

    def ids(value):
        return {v["@id"] for v in (value if isinstance(value, list) else [value])}

    def types(entity):
        return set(entity["@type"] if isinstance(entity["@type"], list) else [entity["@type"]])

    descriptor = graph["ro-crate-metadata.json"]
    assert types(descriptor) == {"CreativeWork"} and ids(descriptor["about"]) == {"./"}
    assert ids(descriptor["conformsTo"]) >= {"https://w3id.org/ro/crate/1.1",
                                             "https://w3id.org/workflowhub/workflow-ro-crate/1.0"}
    root = graph["./"]
    assert "Dataset" in types(root) and root["name"] and root["description"] and root["datePublished"]
    assert root.get("license")
    profiles = {"https://w3id.org/ro/wfrun/process/0.5", "https://w3id.org/ro/wfrun/workflow/0.5",
                "https://w3id.org/workflowhub/workflow-ro-crate/1.0"}
    assert ids(root["conformsTo"]) == profiles
    for profile in profiles:  # each profile described, as RO-Crate 1.1 describes a profile
        assert types(graph[profile]) == {"CreativeWork"} and graph[profile]["name"] and graph[profile]["version"]
    main = graph[root["mainEntity"]["@id"]]
    assert types(main) >= {"File", "SoftwareSourceCode", "ComputationalWorkflow"}
    assert (folder / main["@id"]).is_file() and main["@id"] in ids(root["hasPart"])
    language = graph[main["programmingLanguage"]["@id"]]
    assert types(language) == {"ComputerLanguage"} and language["name"] and language["url"]
    for entity in graph.values():
        if types(entity) & {"SoftwareApplication", "ComputerLanguage"} and entity.get("name") != "innovlib":
            assert entity.get("url"), entity  # innovlib has one when CITATION.cff gives the project's address
    actions = [e for e in graph.values() if "CreateAction" in types(e)]
    assert len(actions) == 1
    action = actions[0]
    assert ids(action["instrument"]) == {main["@id"]} and action["startTime"] and action["endTime"]
    for entity_id in ids(action["object"]) | ids(action["result"]):
        assert entity_id in graph, entity_id
    for entity_id in ids(action["result"]):
        assert (folder / entity_id).is_file(), entity_id
    for parameter in ids(main["input"]):
        assert "FormalParameter" in types(graph[parameter]) and graph[parameter]["additionalType"]
