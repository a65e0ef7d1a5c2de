"""What a reader sees: outputs/report.html and every notebook's HTML page, opened in headless Chromium.

Each page is opened once at 1280×800 (the system's ``chromium``, driven by Playwright's Python API; no browser
is downloaded) with every request routed: ``file:`` and ``data:`` load, anything else is recorded and refused.
The tests then check, page by page, that the findings start on the first screen, that nothing is wider than the
window, that the console shows no error and that no request tried to leave the machine. A full-page screenshot
of each page is saved under ``outputs/screenshots/<page>.png`` for a person to look at.

The pages come from the ``executed_outputs`` fixture (conftest.py): the project's ``outputs/`` after
``make reproduce``, served from the runner's cache, otherwise the notebooks are run; the report is rewritten
from those outputs as ``innovlib run`` does.

Skipped, with the reason, when playwright is not installed or no Chromium executable is found
(``INNOVLIB_CHROMIUM`` names one explicitly; otherwise ``chromium`` or ``chromium-browser`` on PATH).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from innovlib import report, runner

pytestmark = pytest.mark.notebooks

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright
except ImportError:
    pytest.skip("playwright is not installed (it comes with the test extra: pip install -e '.[test]')",
                allow_module_level=True)

CHROMIUM = os.environ.get("INNOVLIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    pytest.skip("no Chromium executable: install Debian's chromium package (apt-get install chromium; .ci/run does "
                "this as root) or set INNOVLIB_CHROMIUM to one", allow_module_level=True)

VIEWPORT = {"width": 1280, "height": 800}

# Where a page's findings start. A notebook's findings are its table of verdicts, marked by the runner/notebooks
# with data-innovlib="findings" or under a heading "Findings". Adjust here, and only here, if the marker changes.
FINDINGS = '[data-innovlib="findings"], :is(h1, h2, h3, h4):text-matches("^\\\\s*Findings\\\\b")'
# "On the first screen" means the findings start at least this far above the fold: the heading and a first row.
FINDINGS_VISIBLE_PX = 120

ALLOWED_SCHEMES = ("file", "data")
NOTEBOOKS = sorted(runner.discover())
REPORT = "report"
PAGES = [REPORT] + [name for name in NOTEBOOKS if name != REPORT]

# Measured in the page: the scrolling width, and the outermost elements wider than the window (their children,
# wide because they are, are not listed again), each with whether the box holding it scrolls sideways (a reader
# can still reach its right edge) or not (the page scrolls, or the content is cut off).
MEASURE_WIDTH = """() => {
  const root = document.scrollingElement || document.documentElement;
  const limit = document.documentElement.clientWidth;
  const wide = new Set();
  const culprits = [];
  for (const element of document.body ? document.body.querySelectorAll('*') : []) {
    const box = element.getBoundingClientRect();
    if (box.width <= limit + 0.5) continue;
    wide.add(element);
    if (wide.has(element.parentElement)) continue;
    let holder = element.parentElement, overflow = 'visible';
    for (; holder && holder !== document.body; holder = holder.parentElement) {
      overflow = getComputedStyle(holder).overflowX;
      if (overflow !== 'visible') break;
    }
    const name = element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
      + (typeof element.className === 'string' && element.className.trim()
         ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
    const text = (element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
    culprits.push({what: `${name} (${Math.round(box.width)} px): "${text}"`,
                   scrolls: overflow === 'auto' || overflow === 'scroll'});
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits};
}"""


def _is_local(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ALLOWED_SCHEMES


@pytest.fixture(scope="module")
def pages(executed_outputs) -> dict[str, Path]:
    """The HTML file of every page: the report (rewritten from the outputs) and each notebook's export."""
    folders, _ = executed_outputs
    outputs = runner.outputs_dir()
    report.write_report(outputs)
    found = {REPORT: outputs / "report.html"}
    found.update({name: folders[name] / f"{name}.html" for name in NOTEBOOKS if name != REPORT})
    return found


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        except PlaywrightError as exc:
            pytest.fail(f"{CHROMIUM} did not start under Playwright: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def visit(browser, pages, executed_outputs):
    """``visit(page)`` opens a page once and returns what was seen there (later calls reuse it)."""
    _, results = executed_outputs
    seen: dict[str, dict] = {}
    screenshots = runner.outputs_dir() / "screenshots"

    def open_page(page: str) -> dict:
        if page in seen:
            return seen[page]
        path = pages[page]
        if not path.exists():
            problem = results[page].error if page in results else ""
            pytest.fail(f"{path} was not written" + (f": {problem}" if problem else ""))
        context = browser.new_context(viewport=VIEWPORT, service_workers="block")
        refused: list[str] = []
        errors: list[tuple[str, str]] = []  # (message, url it came from)

        def route(request_route):
            url = request_route.request.url
            if _is_local(url):
                request_route.continue_()
            else:
                refused.append(url)
                request_route.abort("blockedbyclient")

        context.route("**/*", route)
        tab = context.new_page()
        # Requests the router does not see (it skips some kinds) are still recorded.
        tab.on("request", lambda request: None if _is_local(request.url) or request.url in refused
               else refused.append(request.url))
        tab.on("websocket", lambda socket: refused.append(socket.url))
        tab.on("console", lambda message: errors.append((message.text, message.location.get("url", "")))
               if message.type == "error" else None)
        tab.on("pageerror", lambda error: errors.append((f"uncaught {error.name}: {error.message}", "")))
        try:
            tab.goto(path.as_uri(), wait_until="load")
            tab.wait_for_timeout(500)  # scripts that run after load (MathJax and the like) get to report errors
            tab.evaluate("window.scrollTo(0, 0)")
            findings = tab.locator(FINDINGS)
            box = findings.first.bounding_box() if findings.count() else None
            width = tab.evaluate(MEASURE_WIDTH)
            screenshots.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=screenshots / f"{page}.png", full_page=True)
        finally:
            context.close()
        seen[page] = {
            "findings_top": None if box is None else box["y"],
            "width": width,
            "refused": list(dict.fromkeys(refused)),
            "errors": errors,
        }
        return seen[page]

    return open_page


@pytest.mark.parametrize("page", PAGES)
def test_findings_start_on_the_first_screen(visit, page):
    top = visit(page)["findings_top"]
    assert top is not None, f"{page}: nothing on the page matches the findings locator {FINDINGS}"
    fold = VIEWPORT["height"] - FINDINGS_VISIBLE_PX
    assert 0 <= top <= fold, (
        f"{page}: the findings start {top:.0f} px down the page; a reader sees the first {VIEWPORT['height']} px, "
        f"so they should start by {fold} px")


@pytest.mark.parametrize("page", PAGES)
def test_nothing_is_wider_than_the_window(visit, page):
    width = visit(page)["width"]
    assert width["scrollWidth"] <= width["clientWidth"], (
        f"{page} scrolls sideways at {VIEWPORT['width']} px: {width['scrollWidth']} px of content in "
        f"{width['clientWidth']} px")
    stuck = [c["what"] for c in width["culprits"] if not c["scrolls"]]
    assert not stuck, (f"{page}: {len(stuck)} element(s) wider than the {width['clientWidth']} px window, cut off: "
                       + "; ".join(stuck[:10]))
    boxed = [c["what"] for c in width["culprits"] if c["scrolls"]]
    if boxed:
        pytest.xfail(f"{page}: {len(boxed)} element(s) wider than the {width['clientWidth']} px window, in a box "
                     "the reader must scroll sideways (in a notebook, usually a wide DataFrame: show fewer or narrower "
                     "columns): " + "; ".join(boxed[:10]))


@pytest.mark.parametrize("page", PAGES)
def test_console_shows_no_errors(visit, page):
    seen = visit(page)
    # A refused outside request also logs "Failed to load resource"; that is the next test's finding, not this one's.
    errors = [message for message, url in seen["errors"] if not (url and url in seen["refused"])]
    assert not errors, f"{page}: {len(errors)} console error(s): " + " | ".join(errors[:10])


@pytest.mark.parametrize("page", PAGES)
def test_no_request_leaves_the_machine(visit, page):
    refused = visit(page)["refused"]
    assert not refused, f"{page} requested {len(refused)} outside URL(s): " + ", ".join(refused[:10])


# --- hostile text never becomes a script or a request (issue 21) ----------------------------------------------

# Markup a notebook could build from data or a user's file: the payload corpus of the fault suite, the
# <svg><style> case a deny-list sanitiser missed, a javascript: link and a remote image.
PAYLOADS = [
    "<a/href=javascript:alert(1)>x</a>", "<object data=javascript:alert(1)></object>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<svg><animate attributeName=href values=javascript:alert(1) /></svg>", "<img src=x onerror=alert(1)>",
    "<a href='&#106;avascript:alert(1)'>e</a>", "<SCRIPT>alert(1)</SCRIPT>",
    "<div style='background:url(https://evil.example/bg.png)'>d</div>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<img src=https://evil.example/x.png>", "[link](javascript:alert(1))", "![remote](https://evil.example/y.png)",
    "<details open ontoggle=alert(1)>t</details>", "<body onload=alert(1)>", "<form action=javascript:alert(1)><button>b</button></form>",
    "<link rel=stylesheet href=https://evil.example/s.css>", "<base href=https://evil.example/>",
]
HOSTILE = "x`<img src=https://evil.example/p.png onerror=alert(1)>`\n\n[a](javascript:alert(1)) ![i](https://evil.example/q.png)"


def _hostile_notebook(path: Path) -> None:
    """An executed-looking notebook: payloads in Markdown cells and in HTML and Markdown outputs, and the runner's
    "About this run" and "Findings" cells built from hostile parameter values, file names, dataset fields and a
    verdict's explanation, as the runner builds them."""
    import nbformat

    from innovlib.escaping import markdown_text
    from innovlib.frontmatter import about_cell_source, findings_cell_source

    run = {"run_id": HOSTILE, "git": {"commit": HOSTILE}, "started_utc": HOSTILE, "citation": HOSTILE,
           "datasets": [{"dataset": HOSTILE, "resource": HOSTILE, "sha256": HOSTILE}],
           "notebook_sha256": HOSTILE, "innovlib_source_sha256": "x", "lock_sha256": None}
    files = {"rows": {"path": f"/tmp/{HOSTILE}.csv", "sha256": HOSTILE, "bytes": HOSTILE}}
    about = about_cell_source("hostile", run, {"label": HOSTILE, "n": 1}, {"label": "tiny", "n": 1},
                              {"label": HOSTILE}, files, f"outputs/{HOSTILE}")
    findings = findings_cell_source([{"part_id": HOSTILE, "verdict": HOSTILE, "explanation": HOSTILE, "cell": 2}],
                                    [{"part_id": HOSTILE, "about": {HOSTILE: HOSTILE}, "parameters": {HOSTILE: 1}}])
    statement = "\n".join(f"- **{markdown_text(p)}** {markdown_text(p)}" for p in PAYLOADS)
    cells = [nbformat.v4.new_markdown_cell(about), nbformat.v4.new_markdown_cell(findings),
             nbformat.v4.new_markdown_cell("# hostile\n\n" + "\n\n".join(PAYLOADS)),
             nbformat.v4.new_code_cell("show()", execution_count=1, outputs=[
                 nbformat.v4.new_output("display_data", {"text/html": "".join(PAYLOADS)}),
                 nbformat.v4.new_output("display_data", {"text/markdown": "\n\n".join(PAYLOADS)}),
                 nbformat.v4.new_output("display_data", {"text/markdown": statement}),
             ])]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


def _open_watched(browser, url: str) -> dict:
    """Open ``url`` with every outside request refused and recorded; what ran: dialogs, console errors (Chromium
    reports a blocked script or request there), page errors and a marker a script would set."""
    context = browser.new_context(viewport=VIEWPORT, service_workers="block")
    seen = {"refused": [], "dialogs": [], "errors": []}

    def route(request_route):
        if _is_local(request_route.request.url):
            request_route.continue_()
        else:
            seen["refused"].append(request_route.request.url)
            request_route.abort("blockedbyclient")

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("request", lambda r: None if _is_local(r.url) or r.url in seen["refused"] else seen["refused"].append(r.url))
    tab.on("dialog", lambda dialog: (seen["dialogs"].append(dialog.message), dialog.dismiss()))
    tab.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: seen["errors"].append(str(error)))
    try:
        tab.goto(url, wait_until="load")
        for element in tab.locator("details").all():  # toggling runs ontoggle handlers, if any survived
            element.evaluate("e => { e.open = !e.open; }")
        for link in tab.locator("a[href]").all():  # a javascript: link runs when followed
            href = link.get_attribute("href") or ""
            seen.setdefault("hrefs", []).append(href)
        tab.wait_for_timeout(300)
        seen["title"] = tab.title()
    finally:
        context.close()
    return seen


def test_hostile_text_in_an_exported_page_runs_no_script_and_requests_nothing(browser, tmp_path):
    from innovlib.runner.execution import _export_html

    notebook = tmp_path / "hostile.ipynb"
    _hostile_notebook(notebook)
    page = tmp_path / "hostile.html"
    _export_html(notebook, page, HOSTILE)
    text = page.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in text and "script-src &#x27;none&#x27;" in text
    seen = _open_watched(browser, page.as_uri())
    assert seen["dialogs"] == [], f"a script ran: {seen['dialogs']}"
    assert seen["refused"] == [], f"the page requested {seen['refused']}"
    # nothing was left for the Content-Security-Policy to block: the sanitiser removed it all
    assert seen["errors"] == [], seen["errors"]
    assert not [h for h in seen.get("hrefs", []) if h.lower().lstrip().startswith(("javascript", "data", "//"))]


def test_the_content_security_policy_alone_blocks_inline_and_remote_scripts(browser, tmp_path):
    """Defence in depth: a page whose body was not cleaned still runs nothing and loads nothing."""
    from innovlib.html_safety import CSP_META

    page = tmp_path / "raw.html"
    page.write_text(f"<!DOCTYPE html><html><head>{CSP_META}</head><body>{''.join(PAYLOADS)}"
                    "<script>alert('inline')</script><script src='https://evil.example/r.js'></script>"
                    "<img src='https://evil.example/i.png'></body></html>", encoding="utf-8")
    seen = _open_watched(browser, page.as_uri())
    assert seen["dialogs"] == [], f"a script ran: {seen['dialogs']}"
    assert any("inline script violates" in e and "Content Security Policy" in e for e in seen["errors"])
    # Chromium still announces the loads it then refuses; each one is refused by the policy
    assert seen["refused"], "expected the payloads' outside URLs to be attempted"
    for url in seen["refused"]:
        assert any(url in e and "violates the following Content Security Policy" in e for e in seen["errors"]), url


def test_the_sweep_summary_page_runs_no_script(browser, tmp_path):
    from innovlib.runner import sweep
    from innovlib.runner import Result, Task

    task = Task("quick", Path("quick.ipynb"), {"label": PAYLOADS[4], "x": HOSTILE}, False,
                tmp_path / "quick--abc", "python3", None, tmp_path)
    result = Result("quick", "failed", 0.0, task.output_dir, error=PAYLOADS[9])
    folder = sweep.write_summary("quick", [task], [result], tmp_path)
    seen = _open_watched(browser, (folder / "summary.html").as_uri())
    assert seen["dialogs"] == [] and seen["refused"] == [] and seen["errors"] == [], seen


# --- the report's first screen (issue 17) ----------------------------------------------------------------------

@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_the_reports_first_screen_says_what_the_audit_found_in_sentences(browser, pages, viewport):
    """Before any table, the key findings: the first of them is whole on the first screen, as text a reader can
    quote, and each links to its claim's row in the report; the page is no wider than the screen."""
    import json

    context = browser.new_context(viewport=viewport, service_workers="block")
    try:
        tab = context.new_page()
        tab.goto(pages[REPORT].as_uri(), wait_until="load")
        items = tab.locator("#key-findings li")
        assert 3 <= items.count() <= report.KEY_FINDINGS_MAX
        first = items.first.bounding_box()
        assert first["y"] + first["height"] <= viewport["height"], f"the first key finding ends below the fold: {first}"
        first_table = tab.locator("table").first.bounding_box()
        assert first_table["y"] > first["y"], "a table comes before the key findings"
        text = items.first.inner_text()
        assert len(text.split()) >= 8 and text.rstrip(")").count("(") >= 1
        for anchor in tab.locator("#key-findings a").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
            assert anchor.startswith("#claim-") and tab.locator(anchor.replace(".", "\\.")).count() == 1, anchor
        width = tab.evaluate(MEASURE_WIDTH)
        assert width["scrollWidth"] <= width["clientWidth"], f"the report scrolls sideways at {viewport['width']} px"
        reviews = tab.locator('script[type="application/ld+json"]').evaluate_all("s => s.map(e => e.textContent)")
        assert len(reviews) == len(json.loads((pages[REPORT].parent / "report.json").read_text())["claims"])
        assert all(json.loads(r)["@type"] == "ClaimReview" for r in reviews)
        tab.screenshot(path=runner.outputs_dir() / "screenshots" / f"report-first-screen-{viewport['width']}.png")
    finally:
        context.close()
