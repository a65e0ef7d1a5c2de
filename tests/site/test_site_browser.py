"""Every page of the site in headless Chromium, at 1280×900 and 390×844 (a phone), in one browser.

Two sites are opened: the one built here from the fault suite's ``quick`` run, with text from data planted in it (a
``<script>`` in a claim's statement and explanation on the notebook page, markup in the report's claim and key
finding on the index), and the project's own site, rebuilt from the session's executed notebooks
(``test_project_site_browser.py``, in the notebook pass, with the same tests). Each page is loaded once per width; the measurements are taken in the page and the
tests below check them:

* the page does not scroll sideways;
* no visible table cell is narrower than its longest word (its content's min-content width, by the browser's own
  line breaking with no forced breaks: a word cut by ``overflow-wrap: anywhere`` or sticking out of its cell fails);
* the findings start on the first screen (the top 900 / 844 px): the notebook's "Findings" and its first card, the
  index's key findings, the report's first key finding;
* the console shows no error and no request leaves the site (every request is routed: ``file:`` inside the site
  folder and ``data:`` load, anything else is recorded and refused);
* the Content-Security-Policy comes before any script, style sheet or style in the head;
* planted markup shows as text and no planted script runs;
* every image has a specific alt text (not nbconvert's default, not MyST-NB's, the file's path) and a caption (its
  figure's ``<figcaption>``, or a "Figure N" text in its cell), as ``innovlib.plots.show`` gives every figure.

In the slow group (``--run-slow`` or ``CI=true``), as the other browser tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from innovlib.frontmatter import FINDINGS_TAG, findings_cell_source
from innovlib.site import build_site
from test_site import HOSTILE_CLAIM, HOSTILE_FINDING, site_outputs  # noqa: F401 (site_outputs: the fixture)

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("INNOVLIB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
VIEWPORTS = {1280: 900, 390: 844}  # width: height of the first screen
PLANTED = "<script>window.plantedScriptRan = true;</script>"
PLANTED_STATEMENT = f"{PLANTED} planted in a claim's statement"
PLANTED_EXPLANATION = f"A first sentence. {PLANTED} planted in an explanation <img src=x onerror=alert(1)>."
NBCONVERT_DEFAULT_ALT = "No description has been provided for this image"


# Measured in the page, after it has loaded. A cell is narrower than its longest word when its content box is
# narrower than its content's min-content width as the browser's own line breaking gives it with no forced breaks
# (overflow-wrap and word-break reset): a copy of the content, laid out in the cell at min-content width, measures it.
MEASURE = r"""() => {
  const root = document.documentElement;
  const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const cut = [];
  for (const cell of document.querySelectorAll("td, th")) {
    if (!shown(cell) || !cell.innerText.trim()) continue;
    const probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;width:min-content;left:0;top:0";
    for (const child of [...cell.childNodes]) probe.appendChild(child.cloneNode(true));
    for (const el of [probe, ...probe.querySelectorAll("*")]) {
      el.style.setProperty("overflow-wrap", "normal", "important");
      el.style.setProperty("word-break", "normal", "important");
    }
    cell.appendChild(probe);
    const needed = probe.getBoundingClientRect().width;
    probe.remove();
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (needed > inner + 1) {
      cut.push(`${cell.innerText.trim().slice(0, 40)} (needs ${Math.round(needed)} px, has ${Math.round(inner)} px)`);
    }
  }
  // An image's caption: its figure's <figcaption>, else a text "Figure N..." in the same notebook cell.
  const images = [...document.querySelectorAll("img")].filter(shown).map(img => {
    const figure = img.closest("figure");
    let caption = figure && figure.querySelector("figcaption") ? figure.querySelector("figcaption").innerText : "";
    const cell = img.closest(".cell, .jp-Cell");
    if (!caption.trim() && cell) {
      const texts = [...cell.querySelectorAll("p, pre, div.output, .jp-RenderedText, .jp-RenderedMarkdown")];
      caption = (texts.map(e => e.innerText.trim()).find(t => /^(Figure|Fig\.)\s*\d+/.test(t)) || "");
    }
    return {src: img.getAttribute("src") || "", alt: img.getAttribute("alt"), caption: caption.trim()};
  });
  const meta = document.head.querySelector('meta[http-equiv="Content-Security-Policy" i]');
  const before = meta ? [...document.head.children].slice(0, [...document.head.children].indexOf(meta)) : [];
  return {
    scroll: [root.scrollWidth, root.clientWidth],
    cut: cut,
    images: images,
    csp: meta ? meta.getAttribute("content") : null,
    cspFirst: meta !== null && !before.some(el => ["SCRIPT", "LINK", "STYLE", "BASE"].includes(el.tagName)),
    planted: window.plantedScriptRan === true,
    text: document.body.innerText,
  };
}"""

# Where the findings start on a page, and the first of them: (heading, first item) as CSS selectors and the text the
# heading starts with. A notebook page without a verdict has no card: its heading and the sentence under it count.
FINDINGS_TOP = r"""([headingText, itemSelector]) => {
  const main = document.querySelector("main") || document.body;
  const heading = [...main.querySelectorAll("h1, h2, h3")].find(h => h.textContent.trim().startsWith(headingText));
  if (!heading) return null;
  const item = itemSelector ? main.querySelector(itemSelector) : heading.nextElementSibling;
  const box = (item || heading).getBoundingClientRect();
  return {heading: heading.getBoundingClientRect().top + window.scrollY, item: box.top + window.scrollY,
          itemFirstLine: box.top + window.scrollY + Math.min(box.height, 24)};
}"""


def findings_locator(name: str) -> tuple[str, str] | None:
    """What shows the findings on a page of the site: (heading text, first item selector), None for pages that have
    none (search, the general index)."""
    if name == "index.html":
        return "Key findings", "article section#key-findings li"
    if name == "report.html":
        return "What the audit found", "article ul li"
    if re.fullmatch(r"([^/]+)/\1\.html", name):
        return "Findings", ".innovlib-finding"
    return None


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a site (the theme's template fragments under _static/ aside), relative to it."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith("_static/"))


@pytest.fixture(scope="module")
def planted_site(site_outputs, tmp_path_factory) -> Path:
    """The quick run's site with a script planted in data: the notebook's findings rebuilt from a verdict whose
    statement and explanation carry it (as a hostile claim catalogue would), the report's claim and key finding as
    tests/site/test_site.py plants them."""
    outputs = tmp_path_factory.mktemp("planted") / "outputs"
    shutil.copytree(site_outputs, outputs, ignore=shutil.ignore_patterns("site"))
    notebook_file = outputs / "quick" / "quick.ipynb"
    notebook = nbformat.read(notebook_file, as_version=4)
    cell = next(c for c in notebook.cells if FINDINGS_TAG in c.metadata.get("tags", []))
    recorded = json.loads((outputs / "quick" / "claims.json").read_text(encoding="utf-8"))
    cell.source = findings_cell_source([{**recorded[0], "statement": PLANTED_STATEMENT,
                                         "explanation": PLANTED_EXPLANATION}], [])
    nbformat.write(notebook, notebook_file)
    return build_site(outputs, known_articles={}).parent


def _visit(site: Path) -> dict[tuple[str, int], dict]:
    """Every page of ``site`` at each width, in one headless Chromium: the page's measurements, its console errors
    and the requests it tried outside the site, by (page, width)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the test extra)")
    if not CHROMIUM:
        pytest.skip("no Chromium executable (apt-get install chromium, or set INNOVLIB_CHROMIUM)")
    inside = site.resolve().as_posix()
    found: dict[tuple[str, int], dict] = {}
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for width, height in VIEWPORTS.items():
                context = browser.new_page(viewport={"width": width, "height": height}).context
                outside: list[str] = []

                def route(route, outside=outside):
                    url = route.request.url
                    parts = urlsplit(url)
                    local = parts.scheme == "file" and unquote(parts.path).startswith(inside + "/")
                    if local or parts.scheme == "data":
                        return route.continue_()
                    outside.append(url)
                    return route.abort()

                context.route("**/*", route)
                tab = context.pages[0]
                errors: list[str] = []
                tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
                tab.on("pageerror", lambda error: errors.append(f"uncaught {error}"))
                for name in site_pages(site):
                    errors.clear(), outside.clear()
                    tab.goto((site / name).as_uri(), wait_until="load")
                    measured = tab.evaluate(MEASURE)
                    locator = findings_locator(name)
                    measured["findings"] = tab.evaluate(FINDINGS_TOP, list(locator)) if locator else None
                    measured["errors"], measured["outside"] = list(errors), list(outside)
                    found[(name, width)] = measured
                context.close()
        finally:
            browser.close()
    return found


@pytest.fixture(scope="module")
def visited(planted_site) -> tuple[str, dict[tuple[str, int], dict]]:
    """(which site, its measurements): the quick site with planted markup (the project's own site goes through
    the same tests in test_project_site_browser.py, built from the executed notebooks)."""
    return "planted", _visit(planted_site)


def _all(visited, key):
    return {(name, width): page[key] for (name, width), page in visited[1].items()}


def test_every_page_was_opened_at_both_widths(visited):
    names = {name for name, _ in visited[1]}
    assert {"index.html", "report.html", "search.html"} <= names
    assert any(re.fullmatch(r"([^/]+)/\1\.html", name) for name in names), names
    assert {width for _, width in visited[1]} == set(VIEWPORTS)


def test_no_page_scrolls_sideways(visited):
    wide = {key: scroll for key, scroll in _all(visited, "scroll").items() if scroll[0] > scroll[1]}
    assert not wide, f"{visited[0]}: pages wider than the window (scroll width, window width): {wide}"


def test_no_table_cell_is_narrower_than_its_longest_word(visited):
    cut = {key: words[:5] for key, words in _all(visited, "cut").items() if words}
    assert not cut, f"{visited[0]}: words cut or sticking out of their table cell: {cut}"


def test_the_findings_start_on_the_first_screen(visited):
    late, missing = {}, []
    for (name, width), found in _all(visited, "findings").items():
        if findings_locator(name) is None:
            continue
        if found is None:
            missing.append((name, width))
        elif found["itemFirstLine"] > VIEWPORTS[width]:
            late[(name, width)] = round(found["itemFirstLine"])
    assert not missing, f"{visited[0]}: pages without their findings heading: {missing}"
    assert not late, f"{visited[0]}: findings below the first screen (px from the top of the page): {late}"


def test_no_console_error_and_no_request_outside_the_site(visited):
    errors = {key: e for key, e in _all(visited, "errors").items() if e}
    outside = {key: o for key, o in _all(visited, "outside").items() if o}
    assert not errors, f"{visited[0]}: console errors: {errors}"
    assert not outside, f"{visited[0]}: requests outside the site: {outside}"


def test_every_page_opens_with_the_content_security_policy(visited):
    for key, page in visited[1].items():
        assert page["csp"] and "script-src 'self'" in page["csp"] and "'unsafe-inline'" not in \
            page["csp"].split("script-src")[1].split(";")[0], (visited[0], key, page["csp"])
        assert page["cspFirst"], f"{visited[0]} {key}: a script or style comes before the policy"


def test_planted_markup_shows_as_text_and_no_planted_script_runs(visited):
    assert not [key for key, ran in _all(visited, "planted").items() if ran], "a planted script ran"
    if visited[0] != "planted":
        return
    for width in VIEWPORTS:
        notebook = visited[1][("quick/quick.html", width)]["text"]
        assert PLANTED_STATEMENT in notebook, notebook[:800]  # the statement, as text, in its card
        index = visited[1][("index.html", width)]["text"]
        assert HOSTILE_CLAIM in index and HOSTILE_FINDING in index


def test_every_image_has_a_specific_alt_text_and_a_caption(visited):
    bad = []
    for (name, width), images in _all(visited, "images").items():
        if width != 1280:
            continue  # the same images at both widths
        for image in images:
            alt = (image["alt"] or "").strip()
            generic = alt in ("", NBCONVERT_DEFAULT_ALT, image["src"]) or "_images/" in alt or \
                re.search(r"\.(png|jpe?g|svg|gif)$", alt, re.I)  # MyST-NB's default alt is the file's path
            if generic or not image["caption"]:
                bad.append(f"{name}: {image['src'][:40]} alt={alt[:40]!r} caption={image['caption'][:40]!r}")
    assert not bad, f"{visited[0]}: {len(bad)} image(s) without a specific alt text or a caption: {bad[:8]}"


def test_the_measures_see_a_cut_word_a_wide_page_and_a_missing_policy(tmp_path):
    """The measurements are not blind: a page made to fail is seen failing (a narrow fixed-layout column whose word
    is cut, as the findings table's "decided in" column was at 390 px; an element wider than a phone; no policy; an
    image with nbconvert's default alt text), and a caption in the image's cell is found."""
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'></head><body><main>"
        "<table style='table-layout:fixed;width:200px'><tr><td style='width:40px;overflow-wrap:anywhere'>"
        "decided&nbsp;in</td><td>fine words here</td></tr></table>"
        "<div style='width:600px'>wide</div>"
        f"<div class='cell'><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' alt='{NBCONVERT_DEFAULT_ALT}' "
        "width='20' height='20'><p>Figure 1. A caption in the image's cell.</p></div></main></body></html>",
        encoding="utf-8")
    found = _visit(tmp_path)
    for width in VIEWPORTS:
        page = found[("bad.html", width)]
        assert [c.split(" (")[0] for c in page["cut"]] == ["decided\xa0in"], page["cut"]
        assert page["csp"] is None and not page["cspFirst"]
        assert page["images"] == [{"src": "data:image/gif;base64,R0lGODlhAQABAAAAACw=", "alt": NBCONVERT_DEFAULT_ALT,
                                   "caption": "Figure 1. A caption in the image's cell."}]
    assert found[("bad.html", 390)]["scroll"][0] > 390 and found[("bad.html", 1280)]["scroll"] == [1280, 1280]
