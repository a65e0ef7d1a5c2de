"""`innovlib verify`: a cited run is re-executed into a temporary folder and certified, or its differences named.

Runs the fault-suite fixture notebook `quick` (tests/faults/notebooks), never the real notebooks: one good run is
made once for the module and copied into each case's outputs folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from innovlib import cli, frontmatter
from innovlib.runner import verify
from conftest import tree_digests

FAULTS = Path(__file__).resolve().parents[1] / "faults"


@pytest.fixture(scope="module")
def baseline(quick_run):
    """One good run of `quick` with default parameters (conftest.quick_run); returns its root (data/, outputs/)."""
    return quick_run[0]


@pytest.fixture
def cited(baseline, tmp_path, monkeypatch):
    """A copy of the baseline's output folder, with the environment pointing at the baseline's data."""
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(baseline / "data"))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.delenv("FAULT_FAIL", raising=False)
    shutil.copytree(baseline / "outputs" / "quick", tmp_path / "outputs" / "quick")  # the run, not the report
    return tmp_path / "outputs" / "quick"


def test_verify_certifies_an_untouched_run(cited, capsys):
    before = tree_digests(cited)
    assert cli.main(["verify", str(cited)]) == 0
    out = capsys.readouterr().out
    run = json.loads((cited / "run.json").read_text())
    assert out.startswith(f"VERIFIED {cited}") and run["run_id"] in out
    assert "1 table(s), 1 verdict(s)" in out and "input differs" not in out
    assert tree_digests(cited) == before, "verify changed the cited outputs"
    # nothing but the outputs lock verify held while it read the cited folder
    assert not list(cited.parent.glob(".staging*"))
    assert sorted(p.name for p in cited.parent.iterdir()) == [".lock", "quick"]


def test_verify_names_an_edited_table_an_edited_verdict_and_a_changed_input_and_leaves_them_alone(
        cited, tmp_path, monkeypatch, capsys):
    """Three tamperings, one re-execution: each is named on its own line."""
    table = cited / "tables" / "summary.csv"
    table.write_text(table.read_text().replace("tiny,3,", "tiny,4,"))
    claims_file = cited / "claims.json"
    verdicts = json.loads(claims_file.read_text())
    verdicts[0]["verdict"] = "contradicted"
    claims_file.write_text(json.dumps(verdicts))
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FAULTS / "notebooks", notebooks)
    page = json.loads((notebooks / "quick.ipynb").read_text())
    page["cells"][0]["source"] = "# quick, edited\n"
    (notebooks / "quick.ipynb").write_text(json.dumps(page))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(notebooks))
    before = tree_digests(cited)
    assert cli.main(["verify", str(cited)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"NOT VERIFIED {cited}")
    assert "result differs: tables/summary.csv: line 2: cited 'tiny,4,0', re-run 'tiny,3,0'" in out
    assert "tables/summary.csv of the cited folder has changed since the run wrote it" in out
    assert "input differs: notebook quick.ipynb: sha256" in out
    assert ("result differs: claims.json: SEI-03a differs (verdict: cited 'contradicted', re-run 'reproduced')"
            in out), out
    assert tree_digests(cited) == before


def test_verify_refuses_a_folder_without_run_json(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert cli.main(["verify", str(tmp_path / "empty")]) == 2
    assert "run.json is missing; nothing to verify" in capsys.readouterr().err


def test_verify_compares_package_versions(cited, monkeypatch):
    run = json.loads((cited / "run.json").read_text())
    from innovlib import runner

    installed = runner.installed_packages()
    assert run["packages"] == installed and run["packages"]["pandas"]
    recorded = dict(run)
    recorded["packages"] = {**installed, "pandas": "0.0.1", "nonexistent-package": "1.0"}
    differences, notes, checked = verify.compare_inputs(recorded, FAULTS / "notebooks" / "quick.ipynb")
    assert differences == [] and checked >= 6
    assert any(f"pandas 0.0.1 in the run, {installed['pandas']} now" in n for n in notes)
    assert any("nonexistent-package 1.0" in n for n in notes)


def test_strip_run_specific_keeps_what_a_verdict_says():
    entry = {"part_id": "A-01", "verdict": "reproduced", "computed": 1, "run_id": "x", "output": "a"}
    assert frontmatter.strip_run_specific([entry]) == [{"part_id": "A-01", "verdict": "reproduced", "computed": 1}]


# --- verify checks before it trusts (issue 21) -----------------------------------------------------------------

def _rewrite_record(folder: Path, **changes) -> dict:
    """Edit run.json and give it a matching digest again, as a forger who knows the digest rule would."""
    from innovlib import runner

    run = json.loads((folder / "run.json").read_text())
    run.update(changes)
    run["run_sha256"] = runner.run_record_digest(run)
    (folder / "run.json").write_text(json.dumps(run))
    return run


def test_verify_refuses_a_record_whose_digest_does_not_match_before_running_anything(cited, capsys, monkeypatch):
    from innovlib import runner

    record = json.loads((cited / "run.json").read_text())
    record.update(run_id="FORGED", git={"commit": "f" * 40, "dirty": False})
    (cited / "run.json").write_text(json.dumps(record))
    monkeypatch.setattr(verify, "run_tasks", lambda *a, **k: pytest.fail("verify re-executed an untrusted record"))
    assert cli.main(["verify", str(cited)]) == 1
    out = capsys.readouterr()
    assert "VERIFIED" not in out.out and "FORGED" not in out.out + out.err
    assert len(out.err.strip().splitlines()) == 1 and "does not match its own digest" in out.err


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "proc"])
def test_verify_never_blocks_on_a_path_a_record_names(cited, tmp_path, kind):
    """A `files` entry, a recorded output and run.json itself naming a FIFO, /dev/zero or a /proc file are
    refused at once (each check within seconds), never read."""
    import os
    import time

    from innovlib import runner

    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = Path("/dev/zero" if kind == "dev_zero" else "/proc/self/environ")
    started = time.monotonic()
    run = json.loads((cited / "run.json").read_text())
    run["files"] = {"rows": {"path": str(target), "sha256": "0" * 64, "bytes": 1}}
    differences, _, _ = verify.compare_inputs(run, FAULTS / "notebooks" / "quick.ipynb")
    assert any("file named by parameter rows" in d and "missing now" in d for d in differences), differences
    run["outputs_sha256"] = {**run["outputs_sha256"], str(target): "0" * 64}
    problems, _ = verify.compare_recorded_outputs(cited, run)
    assert any("which is not a file inside its folder" in p for p in problems), problems
    # the same name inside the folder: a FIFO or a link to the device is named, never opened for reading
    inside = cited / "tables" / "extra.csv"
    os.mkfifo(inside) if kind == "fifo" else inside.symlink_to(target)
    run["outputs_sha256"] = {**json.loads((cited / "run.json").read_text())["outputs_sha256"],
                             "tables/extra.csv": "0" * 64}
    problems, _ = verify.compare_recorded_outputs(cited, run)
    assert any("tables/extra.csv" in p for p in problems), problems
    assert runner.intact_run(cited, "quick")[0] is None  # the cache's check does not block either
    inside.unlink()
    (cited / "run.json").unlink()
    if kind == "fifo":
        os.mkfifo(cited / "run.json")
    else:
        (cited / "run.json").symlink_to(target)
    assert runner.read_run_json(cited)[0] is None
    with pytest.raises(verify.VerifyError, match="run.json is damaged"):
        verify.verify(cited)
    assert time.monotonic() - started < 20


def test_verify_names_an_edited_page_a_missing_output_and_an_added_file(cited, capsys):
    page = cited / "quick.html"
    page.write_text(page.read_text().replace("<body", "<body data-edited='yes'", 1))
    (cited / "ro-crate-metadata.json").unlink()
    (cited / "tables" / "added.csv").write_text("x\n")
    before = tree_digests(cited)
    assert cli.main(["verify", str(cited)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"NOT VERIFIED {cited}"), out
    assert "result differs: quick.html of the cited folder has changed since the run wrote it" in out
    assert "result differs: ro-crate-metadata.json was written by the run but is missing from the cited folder" in out
    assert "result differs: tables/added.csv is in the cited folder but was not written by the run" in out
    assert tree_digests(cited) == before


def test_verify_escapes_control_characters_in_everything_it_prints(cited, capsys):
    hostile = "quick\x1b[2J\x1b]0;owned\x07\u202egnp.exe\nsecond line"
    _rewrite_record(cited, notebook=hostile)
    assert cli.main(["verify", str(cited)]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err
    assert len(err.strip().splitlines()) == 1 and "\\x1b[2J" in err and "\\u202e" in err
    run = {"run_id": hostile, "notebook": hostile, "git": {"commit": hostile}}
    text = verify.Verification(cited, run, input_differences=[hostile], notes=[hostile]).text()
    assert "\x1b" not in text and "\u202e" not in text
    assert len(text.splitlines()) == 4  # the heading, the run line, one difference, one note: no line break added


def test_verify_refuses_keep_inside_the_cited_folder(cited, capsys, monkeypatch):
    from innovlib import runner

    monkeypatch.setattr(verify, "run_tasks", lambda *a, **k: pytest.fail("verify re-executed the run"))
    before = tree_digests(cited)
    for keep in (cited / "kept", cited, cited / "tables" / "deeper"):
        assert cli.main(["verify", str(cited), "--keep", str(keep)]) == 2
        err = capsys.readouterr().err
        assert "is inside the cited folder" in err and len(err.strip().splitlines()) == 1, err
    assert tree_digests(cited) == before


def test_verify_holds_the_outputs_lock_while_it_reads_the_cited_folder(cited, monkeypatch):
    import os

    from innovlib import outputs, runner

    held = []

    def rerun(tasks, **kwargs):
        held.append(os.path.realpath(cited.parent) in outputs._held_locks)
        raise KeyboardInterrupt  # enough: the re-run is not what this test is about

    monkeypatch.setattr(verify, "run_tasks", rerun)
    with pytest.raises(KeyboardInterrupt):
        verify.verify(cited)
    assert held == [True] and outputs._held_locks == {}


def test_compare_tables_names_each_missing_extra_or_changed_table(tmp_path):
    cited, again = tmp_path / "cited" / "tables", tmp_path / "again" / "tables"
    cited.mkdir(parents=True)
    again.mkdir(parents=True)
    (cited / "same.csv").write_text("a\n1\n")
    (again / "same.csv").write_text("a\n1\n")
    (cited / "changed.csv").write_text("city,rank\nShenzhen,1\nBeijing,2\n")
    (again / "changed.csv").write_text("city,rank\nShenzhen,1\nBeijing,3\n")
    (cited / "longer.csv").write_text("a\n1\n2\n")
    (again / "longer.csv").write_text("a\n1\n")
    (cited / "only_cited.csv").write_text("a\n")
    (again / "only_again.csv").write_text("a\n")
    assert verify.compare_tables(cited.parent, again.parent) == [
        "tables/changed.csv: line 3: cited 'Beijing,2', re-run 'Beijing,3'",
        "tables/longer.csv: 3 line(s) in the cited table, 2 in the re-run",
        "tables/only_again.csv is made by the re-run but missing from the cited run",
        "tables/only_cited.csv is in the cited run but the re-run does not make it",
    ]


def test_a_record_is_trusted_only_when_it_matches_its_digest_and_the_run_finished(cited):
    from innovlib.runner.cache import run_record_digest

    path = cited / "run.json"
    run = json.loads(path.read_text())
    assert verify.read_trusted_record(cited) == run
    path.write_text(json.dumps({**run, "seconds": run["seconds"] + 1}))
    with pytest.raises(verify.RecordChangedError, match="does not match its own digest"):
        verify.read_trusted_record(cited)
    unfinished = {**run, "status": "failed"}
    path.write_text(json.dumps({**unfinished, "run_sha256": run_record_digest(unfinished)}))
    with pytest.raises(verify.VerifyError, match="records a run that did not finish"):
        verify.read_trusted_record(cited)
    path.unlink()
    with pytest.raises(verify.VerifyError, match="nothing to verify"):
        verify.read_trusted_record(cited)
