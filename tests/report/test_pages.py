"""What a reader sees first: the executed notebook, its HTML page, the report, and a quiet run.

Runs the fault-suite fixture notebook `quick` once for the module (never the real notebooks).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import PROJECT_ROOT
from innovlib import frontmatter, report

FAULTS = Path(__file__).resolve().parents[1] / "faults"


@pytest.fixture(scope="module")
def default_run(quick_run):
    """One good default run of `quick`, with the report (conftest.quick_run); returns (outputs folder, its stderr)."""
    root, stderr = quick_run
    return root / "outputs", stderr


def visible_text(page: str) -> str:
    """The text a reader sees before opening anything: folded <details> show only their summary."""
    body = page[page.index("<body"):]
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<details\b[^>]*>\s*<summary>(.*?)</summary>.*?</details>", r" \1 ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_a_default_run_prints_no_warning(default_run):
    _, stderr = default_run
    lines = stderr.splitlines()
    assert not [line for line in lines if re.search(r"warn|TCP|encryption|Unable to parse|unknown parameter", line, re.I)], stderr
    assert lines[0] == "running  1 notebook(s) in 1 process(es)" and lines[-1].startswith("[1/1] finished quick")


def test_executed_notebook_opens_with_its_question_then_findings_then_about_folded(default_run):
    outputs, _ = default_run
    notebook = nbformat.read(outputs / "quick" / "quick.ipynb", as_version=4)
    question, findings, about = notebook.cells[0], notebook.cells[1], notebook.cells[2]
    run = json.loads((outputs / "quick" / "run.json").read_text())
    assert question.source == ("# quick\nA fault-suite fixture: loads one tiny dataset, records one verdict, saves one "
                               "table.") and question.metadata["tags"] == [frontmatter.QUESTION_TAG]
    assert findings.source.startswith("## Findings") and findings.id == "innovlib-findings"
    # one card: the statement from the claim catalogue, the label and reason, the why, the link to the deciding cell
    assert ('<p style="margin:0"><b>SEI-03a</b>: Strategic-emerging-industry value added is 42.3% of '
            "Shenzhen&#39;s GDP</p>") in findings.source
    assert ('<b style="color:#116329">reproduced</b>: recomputed · <a href="#part-SEI-03a">decided in cell 3</a>'
            in findings.source)
    assert '<p style="margin:2px 0">tiny: 0 lines</p>' in findings.source
    assert "\n\n" not in findings.source.split("\n\n", 1)[1].strip(), "a blank line would end a card's HTML block"
    assert about.source.startswith("## About this run\n\n<details><summary>Run <b>" + run["run_id"] + "</b>")
    assert about.source.rstrip().endswith("</details>") and "Not the default run" not in about.source
    assert (f"commit {run['git']['commit'][:12]}. Finding quick, run {run['run_id']} (described by "
            "ro-crate-metadata.json in the run folder)") in html.unescape(about.source)  # as a reader sees it
    assert "<code>innovlib verify outputs/quick</code>" in about.source
    assert "No site URL is configured" in about.source  # the project configures none, and none is made up
    verdict_cell = next(c for c in notebook.cells if c.get("execution_count") == 3)
    assert 'id="part-SEI-03a"' in verdict_cell.outputs[0]["data"]["text/html"]
    recorded = json.loads((outputs / "quick" / "claims.json").read_text())
    assert recorded[0]["cell"] == 3 and recorded[0]["anchor"] == "part-SEI-03a"
    assert notebook.metadata.papermill["input_path"] == str(FAULTS / "notebooks" / "quick.ipynb")


def test_html_page_is_titled_by_the_heading_with_code_folded(default_run):
    outputs, _ = default_run
    page = (outputs / "quick" / "quick.html").read_text()
    assert re.search(r"<title>\s*quick\s*</title>", page)
    folded = re.findall(r"<details class=\"innovlib-code\">\s*<summary>code \(cell \d+\)</summary>", page)
    assert len(folded) == len(re.findall(r'class="jp-Cell jp-CodeCell', page)) == 1  # the parameters cells are left out
    assert "<details class=\"innovlib-code\" open" not in page
    assert "injected-parameters" not in page and "# Parameters" not in page
    assert "<script src=" not in page and "<script type=\"module\"" not in page
    assert 'href="#part-SEI-03a"' in page and 'id="part-SEI-03a"' in page
    text = visible_text(page)
    # the answer first: the title and its question, the findings, then the run's identity with the rest folded
    assert text.startswith("quick ¶ A fault-suite fixture") and text.index("Findings") < 120, text[:200]
    assert text.index("Findings") < text.index("reproduced : recomputed · decided in cell 3") < text.index("About this")
    assert text.index("About this run") < text.index("how to cite and check it, its parameters and inputs")
    assert "How to cite this run" not in text and "sha256" not in text.split("About this run")[1][:300]


def test_run_json_records_the_lock_file_and_every_package(default_run):
    outputs, _ = default_run
    run = json.loads((outputs / "quick" / "run.json").read_text())
    lock = PROJECT_ROOT / "requirements.lock"
    assert run["lock_sha256"] == hashlib.sha256(lock.read_bytes()).hexdigest()
    assert run["packages"]["papermill"] == run["versions"]["papermill"]
    assert "ro-crate-metadata.json" in run["outputs_sha256"] and "workflow/quick.ipynb" in run["outputs_sha256"]


def test_every_pinned_package_is_exact_and_installed():
    from innovlib.runner import installed_packages

    installed = installed_packages()
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+)$", (PROJECT_ROOT / "requirements.lock").read_text(), re.M))
    assert pins and "rocrate" in pins and "papermill" in pins
    missing = [name for name in pins if name.lower().replace("_", "-") not in installed]
    assert not missing


def test_run_crate_describes_inputs_outputs_and_software(default_run):
    from rocrate.rocrate import ROCrate

    outputs, _ = default_run
    folder = outputs / "quick"
    crate = ROCrate(folder)
    action = crate.get_by_type("CreateAction")[0]
    assert action["instrument"] is crate.mainEntity and crate.mainEntity.id == "workflow/quick.ipynb"
    inputs = {entity.id: entity for entity in action["object"]}
    assert inputs["#value-n"]["value"] == "3" and inputs["#value-label"]["value"] == "tiny"
    assert inputs["#input-tiny-tiny.csv"]["sha256"] == json.loads((folder / "run.json").read_text())["datasets"][-1]["sha256"]
    assert {entity.id for entity in action["result"]} >= {"quick.ipynb", "quick.html", "claims.json",
                                                         "tables/summary.csv", "run.json"}
    names = {entity["name"] for entity in crate.get_by_type("SoftwareApplication")}
    assert {"innovlib", "papermill", "pandas"} <= names
    text = (folder / "ro-crate-metadata.json").read_text()
    assert str(PROJECT_ROOT) not in text and str(outputs) not in text, "a local path in the crate"


def test_report_links_each_part_to_its_cell_in_markdown_html_and_json(default_run):
    outputs, _ = default_run
    markdown = (outputs / "report.md").read_text()
    page = (outputs / "report.html").read_text()
    data = json.loads((outputs / "report.json").read_text())
    part = next(p for c in data["claims"] for p in c["parts"] if p["part_id"] == "SEI-03a")
    assert part["href"] == "quick/quick.html#part-SEI-03a" and part["cell"] == 3
    assert "[quick, cell 3](quick/quick.html#part-SEI-03a)" in markdown
    assert 'href="quick/quick.html#part-SEI-03a">quick, cell 3</a>' in page
    markdown_header = next(line for line in markdown.splitlines() if line.startswith("| claim / part |"))
    html_header = re.search(r"<tr><th>claim / part</th>.*?</tr>", page).group(0)
    assert [c.strip() for c in markdown_header.strip("|").split("|")] == re.findall(r"<th>(.*?)</th>", html_header)


def test_report_wraps_long_values_and_shows_no_python_repr():
    rows = [{"claim_id": "X-01", "article": "A", "subject": "s", "claim": "c", "verdict": "reproduced",
             "summary": "reproduced", "parts": [{
                 "part_id": "X-01", "statement": "s", "published": "1", "unit": None, "verdict": "reproduced",
                 "computed": [1.0, None, True], "explanation": "e", "about": {"edition": 2025},
                 "sources": [{"url": "https://example.org/" + "a" * 300, "title": "", "grade": "primary"}],
                 "notebook": "n", "run_id": "r", "commit": "c" * 40, "output": "n", "cell": 4,
                 "href": "n/n.html#part-X-01"}]}]
    page = report.to_html(rows, "now")
    assert "overflow-wrap:anywhere" in page and "table-layout:fixed" in page and "max-width:1200px" in page
    assert "1 / — / yes" in page and "None" not in page and "True" not in page and "[1.0" not in page
    assert "1 &#47; — &#47; yes" in report.to_markdown(rows, "now") or "1 / — / yes" in report.to_markdown(rows, "now")


def test_findings_of_a_run_with_other_parameters_say_so_first():
    run = {"run_id": "R1", "started_utc": "2026-01-01T00:00:00+00:00", "git": {"commit": "a" * 40, "dirty": False},
           "citation": "innovlib developers (2026). innovlib, version 0.1.0.", "datasets": [],
           "notebook_sha256": "b" * 64, "innovlib_source_sha256": "c" * 64, "lock_sha256": "d" * 64}
    about = frontmatter.about_cell_source("gii", run, {"edition": 2024, "n": 5}, {"edition": 2025, "n": 5},
                                          {"edition": "GII edition"}, {}, "outputs/gii--abc")
    lines = about.splitlines()
    assert lines[0] == "## About this run"
    assert lines[2].startswith("**Not the default run.** This run changes edition = 2024 (default 2025).")
    assert lines[4].startswith("<details><summary>Run <b>R1</b> of commit <code>aaaaaaaaaaaa</code>, 2026-01-01 00:00 "
                               "UTC, 1 parameter(s) changed from the defaults: how to cite")
    assert "<li><code>edition</code> = 2024 (default 2025): GII edition</li>" in about
    assert "<li><code>n</code> = 5 (the default)</li>" in about
    assert f'<li>notebook: <code style="word-break:break-all">{"b" * 64}</code></li>' in about
    findings = frontmatter.findings_cell_source([], [
        {"part_id": "GII-01", "about": {"edition": 2025}, "parameters": {"edition": 2024}},
        {"part_id": "GII-02a", "about": {"edition": 2025}, "parameters": {"edition": 2024}}])
    assert "This run recorded no verdict." in findings
    assert ("**This run does not test the published claim parts GII-01 and GII-02a**: it uses edition = 2024, "
            "while they are about edition = 2025.") in findings


def test_how_to_cite_gives_the_page_address_only_from_the_configured_site_url(tmp_path):
    run = {"run_id": "R1", "git": {"commit": "a" * 40}, "datasets": []}
    about = frontmatter.about_cell_source("unicorns", run, {}, {}, {}, {}, "outputs/unicorns",
                                          "https://audit.example.org/innovlib")
    assert ("<p>This page on the project's site: <code>https://audit.example.org/innovlib/unicorns/unicorns.html"
            "</code>; a claim part's verdict: <code>https://audit.example.org/innovlib/unicorns/unicorns.html"
            "#part-ID</code> (ID: the part, e.g. GII-06a).</p>") in html.unescape(about)
    assert frontmatter.configured_site_url(tmp_path) == ""  # no pyproject.toml: no address
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert frontmatter.configured_site_url(tmp_path) == ""
    (tmp_path / "pyproject.toml").write_text('[tool.innovlib]\nsite_url = "javascript:alert(1)"\n')
    with pytest.raises(ValueError, match=r"pyproject.toml: \[tool.innovlib\] site_url must be an http\(s\) URL"):
        frontmatter.configured_site_url(tmp_path)
    assert frontmatter.configured_site_url(PROJECT_ROOT) == ""  # the project has no public address (yet)


def test_the_opening_cell_is_split_after_its_question():
    source = "# Title\n\n**Question.** Does it hold?\n\n**Claims checked**: X-01.\n\n**Data.** d."
    assert frontmatter.split_heading(source) == ("# Title\n\n**Question.** Does it hold?",
                                                 "**Claims checked**: X-01.\n\n**Data.** d.")
    assert frontmatter.split_heading("# Title\n\nNo question here.") == ("# Title", "No question here.")
    assert frontmatter.split_heading("## Not a title") == ("", "## Not a title")
    cells = [nbformat.v4.new_markdown_cell(source, id="abc"), nbformat.v4.new_code_cell("x = 1")]
    findings, about = nbformat.v4.new_markdown_cell("## Findings"), nbformat.v4.new_markdown_cell("## About this run")
    ordered = frontmatter.answer_first(cells, findings, about)
    assert [c.source.split("\n")[0] for c in ordered] == ["# Title", "## Findings", "## About this run",
                                                          "**Claims checked**: X-01.", "x = 1"]
    assert [c.get("id") for c in ordered][0::3] == ["abc", "abc-rest"]
    # a notebook that opens with code gets the findings and the run's identity on top
    assert frontmatter.answer_first(cells[1:], findings, about) == [findings, about, cells[1]]


def test_findings_escape_what_a_notebook_recorded():
    findings = frontmatter.findings_cell_source(
        [{"part_id": "<img src=x>", "verdict": "reproduced", "explanation": "[x](javascript:alert(1))", "cell": 2}], [])
    assert "<img" not in findings and "](javascript" not in findings and 'href="#part--img-src-x-"' in findings
    assert "&#60;img src=x&#62;" in findings and "&#91;x&#93;&#40;javascript:alert&#40;1&#41;&#41;" in findings


def test_two_runs_verdicts_are_compared_field_by_field(tmp_path):
    """What `innovlib verify` says about claims.json: run-specific fields left out, each difference named."""
    cited, again = tmp_path / "cited", tmp_path / "again"
    cited.mkdir(), again.mkdir()
    first = [{"part_id": "A-01", "verdict": "reproduced", "computed": 3, "run_id": "R1"},
             {"part_id": "A-02", "verdict": "not_checkable", "run_id": "R1"}]
    (cited / "claims.json").write_text(json.dumps(first))
    (again / "claims.json").write_text(json.dumps([dict(first[0], run_id="R2"), dict(first[1], run_id="R2")]))
    assert frontmatter.compare_verdicts(cited, again) == ([], 2)
    (again / "claims.json").write_text(json.dumps([dict(first[0], verdict="contradicted", computed=4)]))
    problems, n = frontmatter.compare_verdicts(cited, again)
    assert n == 2 and problems == [
        "claims.json: A-01 differs (computed: cited 3, re-run 4; verdict: cited 'reproduced', re-run 'contradicted')",
        "claims.json: A-02 has a verdict in the cited run, none in the re-run"]
    pages = frontmatter.NotebookPages()
    assert pages.compare_results(cited, again)[1] == {"verdict(s)": 2}
    assert pages.required_outputs() == ("claims.json",)
    assert pages.summary_columns(cited) == {"verdicts_reproduced": 1, "verdicts_confirmed_by_source": 0,
                                            "verdicts_contradicted": 0, "verdicts_not_checkable": 1}
    (again / "claims.json").write_text("not json")
    assert frontmatter.compare_verdicts(cited, again) == (["the re-run wrote no readable claims.json"], 0)


def test_the_about_cell_of_a_task_names_its_output_folder_as_a_reader_does(tmp_path):
    from types import SimpleNamespace

    notebook = tmp_path / "nb.ipynb"
    notebook.write_text("not a notebook")  # unreadable parameters: no help texts, still a cell
    task = SimpleNamespace(name="nb", notebook=notebook, output_dir=tmp_path / "outputs" / "nb--abc",
                           project_root=tmp_path, values={"edition": 2024}, defaults={"edition": 2025}, files={})
    run = {"run_id": "R1", "git": {"commit": "a" * 40, "dirty": False}, "datasets": []}
    about = frontmatter.about_cell_for(task, run)
    assert "<code>innovlib verify outputs/nb--abc</code>" in about
    assert "This run changes edition = 2024 (default 2025)." in about
