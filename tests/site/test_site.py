"""outputs/site/, built once per module from the fault suite's ``quick`` run (never the project's notebooks) with
a hostile claim text and key finding written into its report, as data from outside could carry them.

The pages exist, the index lists every claim by article with its verdict label linking to the
claim's row in the report, every relative link resolves, nothing is loaded from another host, every page carries
the Content-Security-Policy and runs no inline script, and hostile text from the report shows as text."""

from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from innovlib.cli import main
from innovlib.site import build_site, executed_notebooks

HOSTILE_CLAIM = "<script>alert(1)</script> is a claim"
HOSTILE_FINDING = 'A finding <img src="x" onerror="alert(2)"> with markup'


class Page(HTMLParser):
    """What a test needs of one HTML page: its tags in order with their attributes, every id, the inline scripts,
    the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.inline_scripts: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key])
        self._in_script = tag == "script"
        if tag == "script" and "src" not in attributes:
            self.inline_scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and self.inline_scripts and self.tags[-1][0] == "script" and "src" not in self.tags[-1][1]:
            self.inline_scripts[-1] += data
        elif not self._in_script:
            self.text.append(data)


@pytest.fixture(scope="session")
def site_outputs(quick_run, tmp_path_factory) -> Path:
    """A copy of the quick run's outputs whose report carries a hostile claim text and key finding."""
    root, _ = quick_run
    outputs = tmp_path_factory.mktemp("site") / "outputs"
    shutil.copytree(root / "outputs", outputs)
    report_file = outputs / "report.json"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["claims"], "the quick run's report has no claim to make hostile"
    report["claims"][0]["claim"] = HOSTILE_CLAIM
    report["key_findings"].append({"text": HOSTILE_FINDING, "claims": [report["claims"][0]["claim_id"]],
                                   "anchors": [report["claims"][0]["anchor"]]})
    report_file.write_text(json.dumps(report), encoding="utf-8")
    return outputs


@pytest.fixture(scope="session")
def site(site_outputs) -> Path:
    """The built site's folder (``outputs/site/``)."""
    index = build_site(site_outputs, known_articles={})
    assert index == site_outputs / "site" / "index.html"
    return index.parent


@pytest.fixture(scope="session")
def pages(site) -> dict[str, Page]:
    """Every HTML page of the site (the theme's own template fragments under _static/ aside), parsed."""
    return {path.relative_to(site).as_posix(): Page(path.read_text(encoding="utf-8"))
            for path in sorted(site.rglob("*.html")) if not path.relative_to(site).as_posix().startswith("_static/")}


# The words of each verdict code, written out here (not computed) so that a changed label is seen.
VERDICT_WORDS = {"reproduced": "reproduced", "confirmed_by_source": "confirmed by source",
                 "contradicted": "contradicted", "not_checkable": "not checkable", "unchecked": "unchecked"}
# Attributes through which a page loads something (a link's href is followed only when clicked).
LOADING = {"script": "src", "img": "src", "iframe": "src", "source": "src", "embed": "src", "object": "data",
           "audio": "src", "video": "src"}
LOADING_LINK_RELS = {"stylesheet", "preload", "icon", "modulepreload", "prefetch", "manifest"}


def _csp(page: Page) -> tuple[int, str] | None:
    """The position among the tags and the content of the page's Content-Security-Policy meta."""
    for position, (tag, attributes) in enumerate(page.tags):
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "content-security-policy":
            return position, attributes.get("content", "")
    return None


def _directives(policy: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (d.split() for d in policy.split(";")) if parts}


def test_the_site_has_the_index_the_report_search_and_one_page_per_notebook(site, site_outputs):
    assert executed_notebooks(site_outputs) == ["quick"]
    for page in ("index.html", "report.html", "search.html", "searchindex.js", "quick/quick.html"):
        assert (site / page).is_file(), page


def test_the_index_lists_every_claim_by_article_with_its_verdict_linking_to_the_report(site, site_outputs, pages):
    report = json.loads((site_outputs / "report.json").read_text(encoding="utf-8"))
    index = (site / "index.html").read_text(encoding="utf-8")
    text = " ".join(" ".join(pages["index.html"].text).split())
    assert report["claims"]
    for claim in report["claims"]:
        link = re.search(rf'<a [^>]*href="report.html#{re.escape(claim["anchor"])}"[^>]*><strong>([^<]*)</strong>',
                         index)
        assert link, claim["claim_id"]
        assert link.group(1) == VERDICT_WORDS[claim["verdict"]]
        assert f"{claim['claim_id']}:" in text
        heading = index.find(f">{claim['article']}<")
        assert 0 <= heading < link.start(), f"{claim['claim_id']} is not under its article {claim['article']}"
    # The key findings come first, the notebooks last.
    assert text.index("Key findings") < text.index("Claims by article") < text.index("Notebooks")
    assert 'href="quick/quick.html"' in index


def test_every_page_links_back_to_the_index_and_the_notebook_page_has_previous_and_next(site, pages):
    for name, page in pages.items():
        if name == "index.html":
            continue
        hrefs = {urlsplit(a.get("href", "")).path for tag, a in page.tags if tag == "a"}
        home = "../index.html" if "/" in name else "index.html"
        assert home in hrefs, name
    notebook = pages["quick/quick.html"]
    rels = {a.get("rel"): a.get("href") for tag, a in notebook.tags if tag == "link" and a.get("rel") in
            ("prev", "next")}
    assert rels.get("prev") == "../report.html"
    report = pages["report.html"]
    assert any(tag == "link" and a.get("rel") == "next" and a.get("href") == "quick/quick.html"
               for tag, a in report.tags)


def test_every_relative_link_points_to_an_existing_file_and_anchor(site, pages):
    broken = []
    for name, page in pages.items():
        for tag, attributes in page.tags:
            for key in ("href", "src"):
                url = attributes.get(key)
                if not url or urlsplit(url).scheme or url.startswith("//"):
                    continue
                parts = urlsplit(url)
                target = (site / name).parent / unquote(parts.path) if parts.path else site / name
                target = target.resolve()
                if not target.exists():
                    broken.append(f"{name}: {url} (no file)")
                elif parts.fragment and target.suffix == ".html":
                    ids = pages[target.relative_to(site.resolve()).as_posix()].ids
                    if unquote(parts.fragment) not in ids:
                        broken.append(f"{name}: {url} (no anchor)")
    assert not broken, broken[:20]


def test_no_page_loads_anything_from_another_host(site, pages):
    remote = []
    for name, page in pages.items():
        for tag, attributes in page.tags:
            url = attributes.get(LOADING.get(tag, ""), "")
            if tag == "link" and set(attributes.get("rel", "").split()) & LOADING_LINK_RELS:
                url = attributes.get("href", "")
            if url and (urlsplit(url).scheme in ("http", "https") or url.startswith("//")):
                remote.append(f"{name}: <{tag}> {url}")
    for sheet in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", sheet.read_text(encoding="utf-8")):
            remote.append(f"{sheet.relative_to(site)}: url({url})")
    assert not remote, remote[:20]


def test_every_page_opens_with_the_content_security_policy_and_has_no_inline_script(pages):
    assert {"index.html", "report.html", "search.html", "quick/quick.html"} <= set(pages)
    for name, page in pages.items():
        found = _csp(page)
        assert found, f"{name}: no Content-Security-Policy meta"
        position, policy = found
        first_script = next((i for i, (tag, _) in enumerate(page.tags) if tag == "script"), len(page.tags))
        assert position < first_script, f"{name}: a script comes before the policy"
        directives = _directives(policy)
        assert directives["script-src"] == ["'self'"], name
        assert directives["object-src"] == ["'none'"], name
        assert directives["base-uri"] == ["'none'"], name
        assert not page.inline_scripts, f"{name}: inline script {page.inline_scripts[0][:80]!r}"
        handlers = [(tag, key) for tag, attributes in page.tags for key in attributes if key.startswith("on")]
        assert not handlers, f"{name}: event handler attributes {handlers[:5]}"


def test_hostile_text_from_the_report_shows_as_text(site, pages):
    index = (site / "index.html").read_text(encoding="utf-8")
    text = " ".join(" ".join(pages["index.html"].text).split())
    assert HOSTILE_CLAIM in text
    assert HOSTILE_FINDING in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "alert" not in "".join(pages["index.html"].inline_scripts)
    assert not any(tag == "img" and attributes.get("onerror") for tag, attributes in pages["index.html"].tags)


def test_innovlib_site_without_an_executed_notebook_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    (tmp_path / "report.md").write_text("# r\n")
    (tmp_path / "other--1f2e").mkdir()
    (tmp_path / "other--1f2e" / "other.ipynb").write_text("{}")  # an alternative run is not a default run
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path))
    assert main(["site"]) == 2
    error = capsys.readouterr().err.strip()
    assert error == (f"innovlib site: no executed notebook in {tmp_path} (no <name>/<name>.ipynb): run "
                     "`innovlib run --all` (or `make reproduce`) first")


def test_innovlib_site_without_the_report_names_the_missing_files(tmp_path, monkeypatch, capsys):
    (tmp_path / "quick").mkdir()
    (tmp_path / "quick" / "quick.ipynb").write_text("{}")
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path))
    assert main(["site"]) == 2
    assert capsys.readouterr().err.strip() == (f"innovlib site: report.md, report.json missing in {tmp_path}: run "
                                                "`innovlib report` first")


def test_innovlib_site_builds_outputs_site(quick_run, site_outputs, monkeypatch, capsys):
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(site_outputs))
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(quick_run[0] / "data"))  # the articles' titles
    assert main(["site"]) == 0
    assert capsys.readouterr().out.strip() == f"site: {site_outputs / 'site' / 'index.html'}"
    index = (site_outputs / "site" / "index.html").read_text(encoding="utf-8")
    assert ">TW-2025-11: 时代周报 (Time Weekly), article by" in index  # the title from data/claims/publications.csv


# ---- in a browser (slow group): headless Chromium through Playwright, as tests/report/test_browser.py ------------

CHROMIUM = os.environ.get("INNOVLIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
INJECTED = '<script>window.injectedScriptRan = true;</script>'
WIDTHS = (1280, 390)


@pytest.mark.slow
def test_the_index_in_a_browser_fits_both_widths_and_runs_only_the_sites_scripts(site, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    if not CHROMIUM:
        pytest.skip("no Chromium executable (apt-get install chromium, or set INNOVLIB_CHROMIUM)")
    # A copy of the site whose index carries a script that slipped through: the policy must keep it from running.
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    index = copy / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</main>", INJECTED + "</main>", 1),
                     encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for width in WIDTHS:
                tab = browser.new_page(viewport={"width": width, "height": 900})
                messages, outside = [], []
                tab.on("console", lambda message: messages.append(message.text))
                tab.on("pageerror", lambda error: messages.append(f"uncaught {error}"))
                tab.on("request", lambda request: None if urlsplit(request.url).scheme in ("file", "data")
                       else outside.append(request.url))
                tab.goto(index.as_uri(), wait_until="load")
                tab.wait_for_timeout(300)
                ran = tab.evaluate("() => window.injectedScriptRan === true")
                theme_loaded = tab.evaluate("() => typeof DOCUMENTATION_OPTIONS === 'object'")
                widths = tab.evaluate("() => [document.documentElement.scrollWidth, "
                                      "document.documentElement.clientWidth]")
                tab.close()
                violations = [m for m in messages if "Content Security Policy" in m]
                assert not ran, f"{width} px: the injected inline script ran"
                assert theme_loaded, f"{width} px: the site's own scripts did not run"
                # The one violation expected is the injected inline script's; none from the site's own files.
                assert len(violations) == 1 and "inline script" in violations[0], (width, violations)
                assert not [m for m in messages if m not in violations and "error" in m.lower()], (width, messages)
                assert not outside, (width, outside)
                assert widths[0] <= widths[1], f"{width} px: the index scrolls sideways ({widths})"
        finally:
            browser.close()
