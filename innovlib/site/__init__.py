"""``outputs/site/``: a static site of the executed notebooks and the report, built by Sphinx with MyST-NB and the
Sphinx Book Theme (Jupyter Book 1's engine), without executing anything again.

:func:`build_site` gathers, in a temporary source folder, an index page written from ``report.json`` (the key
findings, then the claims grouped by article, each verdict label linking to the claim's row in the report, then
the notebooks), the report's ``report.md`` and each executed ``outputs/<name>/<name>.ipynb``; Sphinx renders them
with a table of contents, previous/next links, a link back to the index on every page and a search page.

What a page can do: every page opens with a Content-Security-Policy ``<meta>`` that allows scripts only from the
site's own files (:mod:`innovlib.site.sphinx_extension` turns the theme's inline scripts into files), so a script
that slipped into a page would not run; nothing is loaded from another host (the theme's assets are local, the
MathJax, require.js and widget CDN defaults are switched off). Text from data is escaped
(:func:`innovlib.escaping.markdown_text`) before it reaches Markdown, and the notebooks' HTML outputs pass
through the project's sanitiser (:func:`innovlib.html_safety.sanitize_fragment`) first.

Example
-------
>>> report = {"key_findings": [{"text": "A <b>held</b>", "anchors": ["claim-X-01"], "claims": ["X-01"]}],
...           "claims": [{"claim_id": "X-01", "article": "A-1", "claim": "x", "verdict": "reproduced",
...                       "reason_label": "recomputed", "anchor": "claim-X-01"}]}
>>> page = index_markdown(report, ["nb"], {})
>>> "A &#60;b&#62;held&#60;/b&#62;" in page, "[**reproduced**](report.html#claim-X-01)" in page
(True, True)
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from pathlib import Path

from innovlib.claims import articles, verdict_label
from innovlib.claims.rendering import findings_macros
from innovlib.errors import InnovlibError
from innovlib.escaping import code_span, link_target, markdown_text
from innovlib.frontmatter import configured_site_url, page_url
from innovlib.html_safety import sanitize_fragment
from innovlib.imports import import_jsonschema
from innovlib.paths import project_root

TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "site"
SITE_FOLDER = "site"
REPORT_FILES = ("report.md", "report.json")
# The output types a page shows; any other (JavaScript, widgets, LaTeX) is left out of the site.
KEPT_OUTPUT_TYPES = ("text/plain", "text/html", "text/markdown", "image/png", "image/jpeg")

MATH_RENDERER = "plain"  # the name innovlib.site.sphinx_extension registers its formula renderer under

# Sphinx's configuration (no conf.py: these are its overrides). Nothing executes (nb_execution_mode "off"); every
# Markdown link is kept as written (the report links to <name>/<name>.html#part-...); no asset from a CDN.
SPHINX_CONFIG = {
    "project": "innovlib",
    "author": "innovlib developers",
    "smartquotes": False,  # text from data shows as written (docutils would curl its quotes)
    "extensions": ["myst_nb", "innovlib.site.sphinx_extension"],
    "templates_path": ["_templates"],
    "html_static_path": ["_static"],
    "html_css_files": ["innovlib.css"],
    "exclude_patterns": ["_build", "_templates", "_static"],
    "nb_execution_mode": "off",
    "nb_ipywidgets_js": {},
    "nb_merge_streams": True,
    "myst_all_links_external": True,
    "myst_heading_anchors": 3,
    "html_theme": "sphinx_book_theme",
    "html_title": "innovlib",
    "html_theme_options": {
        "home_page_in_toc": True,
        "show_toc_level": 2,
        "use_download_button": False,
        "use_fullscreen_button": False,
        "use_repository_button": False,
        "use_source_button": False,
        "navigation_with_keys": False,
    },
    "html_copy_source": False,
    "html_show_sourcelink": False,
    "html_last_updated_fmt": None,
    "html_math_renderer": MATH_RENDERER,
}


class SiteError(InnovlibError):
    """The site cannot be built: what it needs under ``outputs/`` is missing (exit code 2).

    Example
    -------
    >>> SiteError("no executed notebook in outputs").exit_code
    2
    """


def executed_notebooks(outputs: Path) -> list[str]:
    """The names of the notebooks executed with their default parameters: each folder ``outputs/<name>/`` holding
    ``<name>.ipynb`` (a run with other parameters, ``<name>--<hash>/``, is not in the site, as not in the report).

    Example
    -------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("b", "a", "a--1f2e"):
    ...     (root / name).mkdir(); (root / name / f"{name}.ipynb").write_text("{}")
    2
    2
    2
    >>> executed_notebooks(root)
    ['a', 'b']
    """
    return sorted(folder.name for folder in Path(outputs).iterdir()
                  if folder.is_dir() and "--" not in folder.name and (folder / f"{folder.name}.ipynb").is_file())


def _check_outputs(outputs: Path) -> list[str]:
    """The executed notebooks, after checking the site has what it shows; a :class:`SiteError` naming what is
    missing otherwise."""
    if not outputs.is_dir():
        raise SiteError(f"{outputs} does not exist: run `innovlib run --all` (or `make reproduce`) first")
    notebooks = executed_notebooks(outputs)
    if not notebooks:
        raise SiteError(f"no executed notebook in {outputs} (no <name>/<name>.ipynb): run `innovlib run --all` "
                        "(or `make reproduce`) first")
    missing = [name for name in REPORT_FILES if not (outputs / name).is_file()]
    if missing:
        raise SiteError(f"{', '.join(missing)} missing in {outputs}: run `innovlib report` first")
    return notebooks


def _link(label: str, target: str) -> str:
    """A Markdown link whose label is text and whose target is made safe (plain text if it cannot be)."""
    safe = link_target(target)
    return f"[{label}]({safe})" if safe else label


def how_to_cite_markdown(site_url: str) -> list[str]:
    """The index's "How to cite" lines: the citation each notebook page gives, and the address pattern of a finding's
    page when the site's URL is configured, or, plainly, that it is not.

    Example
    -------
    >>> how_to_cite_markdown("")[-1][:62]
    'No site URL is configured (`site_url` of `[tool.innovlib]` in '
    >>> how_to_cite_markdown("https://example.org/a")[-1]
    "A notebook's page: `https://example.org/a/NOTEBOOK/NOTEBOOK.html`; a claim part's verdict on it: `https://example.org/a/NOTEBOOK/NOTEBOOK.html#part-ID` (ID: the part, e.g. GII-06a)."
    """
    lines = ["## How to cite", "",
             "Cite the software with the commit it ran from, and a finding by its notebook name and run id: each "
             "notebook page gives its citation in full, folded under \"About this run\" after the findings "
             "(the repository's CITATION.cff describes the software).", ""]
    if not site_url:
        return lines + ["No site URL is configured (`site_url` of `[tool.innovlib]` in pyproject.toml is not set): "
                        "these pages have no public address yet, so cite the run id and commit, not a link."]
    return lines + [f"A notebook's page: {code_span(page_url(site_url, 'NOTEBOOK'))}; a claim part's verdict on it: "
                    f"{code_span(page_url(site_url, 'NOTEBOOK', 'ID'))} (ID: the part, e.g. GII-06a)."]


def index_markdown(report: dict, notebooks: list[str], known_articles: dict[str, dict], site_url: str = "") -> str:
    """The index page as MyST Markdown: the report's key findings, the claims grouped by article (each article with
    its link and what that link is, each claim with its verdict label linking to the claim's row in the report), the
    notebooks, how to cite them (``site_url``: the site's configured address), and the hidden table of contents
    that gives every page its place in the navigation. Every text from data is escaped.

    Example
    -------
    >>> page = index_markdown({"key_findings": [], "claims": []}, ["first_tier_gdp"], {})
    >>> "[first&#95;tier&#95;gdp](first_tier_gdp/first_tier_gdp.html)" in page, "first_tier_gdp/first_tier_gdp" in page
    (True, True)
    """
    lines = ["# Published claims, checked", "",
             f"Generated {markdown_text(report.get('generated_utc', ''))} UTC from the executed notebooks. "
             f"The {_link('full report', 'report.html')} gives every claim part with its sources.", "",
             "## Key findings", ""]
    for finding in report.get("key_findings", []):
        links = ", ".join(_link(markdown_text(claim), f"report.html#{anchor}")
                          for claim, anchor in zip(finding.get("claims", []), finding.get("anchors", [])))
        lines.append(f"- {markdown_text(finding.get('text', ''))}" + (f" ({links})" if links else ""))
    lines += ["", "## Claims by article", ""]
    by_article: dict[str, list[dict]] = {}
    for claim in report.get("claims", []):
        by_article.setdefault(claim.get("article", ""), []).append(claim)
    for article, claims in by_article.items():
        title = known_articles.get(article, {}).get("title", "")
        lines += [f"### {markdown_text(article)}" + (f": {markdown_text(title, limit=200)}" if title else ""), ""]
        if article in known_articles:
            lines += [str(findings_macros("md").article(article, known_articles[article], False)), ""]
        for claim in claims:
            label = _link(f"**{markdown_text(verdict_label(claim.get('verdict', 'unchecked')))}**",
                          f"report.html#{claim.get('anchor', '')}")
            reason = claim.get("reason_label", "")
            lines.append(f"- {label} {markdown_text(claim.get('claim_id', ''))}: {markdown_text(claim.get('claim', ''))}"
                         + (f" ({markdown_text(reason)})" if reason else ""))
        lines.append("")
    lines += ["## Notebooks", ""]
    lines += [f"- {_link(markdown_text(name), f'{name}/{name}.html')}" for name in notebooks]
    lines += ["", *how_to_cite_markdown(site_url)]
    lines += ["", "```{toctree}", ":hidden:", ":caption: Pages", "", "report"]
    lines += [f"{name}/{name}" for name in notebooks] + ["```", ""]
    return "\n".join(lines)


def title_first(cells: list[dict]) -> list[dict]:
    """The cells with the notebook's title (its first ``# `` heading) moved into a cell of its own at the top, so
    that Sphinx names the page by it whatever comes first (a notebook run before the runner put its question first
    opens with "About this run").

    Example
    -------
    >>> cells = [{"cell_type": "markdown", "source": "## About this run"},
    ...          {"cell_type": "markdown", "source": "# Unicorns\\n\\nQuestion."}]
    >>> [c["source"] for c in title_first(cells)]
    ['# Unicorns', '## About this run', '\\nQuestion.']
    """
    import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
    import nbformat  # imported where used: no other command needs it

    for position, cell in enumerate(cells):
        lines = "".join(cell["source"]).split("\n")
        if cell["cell_type"] == "markdown" and lines[0].startswith("# "):
            rest = {**cell, "source": "\n".join(lines[1:])}
            title = nbformat.v4.new_markdown_cell(lines[0])
            return [title] + cells[:position] + [rest] + cells[position + 1:]
    return cells


def _safe_notebook(source: Path, target: Path) -> None:
    """Copy an executed notebook for the site: its title first, its HTML outputs sanitised, output types a page
    does not show (scripts, widgets) left out."""
    import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
    import nbformat  # imported where used: no other command needs it

    notebook = nbformat.read(source, as_version=4)
    notebook.cells = [nbformat.from_dict(cell) for cell in title_first(notebook.cells)]
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is None:
                continue
            output["data"] = {kind: value for kind, value in data.items() if kind in KEPT_OUTPUT_TYPES}
            if "text/html" in output["data"]:
                html = output["data"]["text/html"]
                output["data"]["text/html"] = sanitize_fragment("".join(html) if isinstance(html, list) else html)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)


def _source_folder(outputs: Path, notebooks: list[str], source: Path, known_articles: dict[str, dict],
                   site_url: str) -> None:
    """Write the Sphinx source folder: index, report, the notebooks, the theme overrides."""
    shutil.copytree(TEMPLATES, source, dirs_exist_ok=True)
    report = json.loads((outputs / "report.json").read_text(encoding="utf-8"))
    (source / "index.md").write_text(index_markdown(report, notebooks, known_articles, site_url), encoding="utf-8")
    shutil.copyfile(outputs / "report.md", source / "report.md")
    for name in notebooks:
        _safe_notebook(outputs / name / f"{name}.ipynb", source / name / f"{name}.ipynb")


def build_site(outputs: Path, destination: Path | None = None, known_articles: dict[str, dict] | None = None,
               site_url: str | None = None) -> Path:
    """Build the site from ``outputs`` into ``destination`` (``outputs/site/``, replaced) and return its index page.

    ``known_articles`` gives the articles' titles and links (:func:`innovlib.claims.articles` by default);
    ``site_url`` the site's public address for "How to cite" (by default the project's configured one,
    :func:`innovlib.frontmatter.configured_site_url`, none unless set). Raises
    :class:`SiteError` when ``outputs`` has no executed notebook or no report.

    Example
    -------
    >>> import tempfile
    >>> build_site(Path(tempfile.mkdtemp()))
    Traceback (most recent call last):
    ...
    innovlib.site.SiteError: no executed notebook in ... (no <name>/<name>.ipynb): run `innovlib run --all` (or `make reproduce`) first
    """
    outputs = Path(outputs)
    destination = Path(destination) if destination else outputs / SITE_FOLDER
    notebooks = _check_outputs(outputs)
    known_articles = articles() if known_articles is None else known_articles
    site_url = configured_site_url(project_root()) if site_url is None else site_url
    from sphinx.application import Sphinx  # imported where used: no other command needs it (0.1 s at start-up)

    with tempfile.TemporaryDirectory(prefix="innovlib-site-") as work:
        source, built = Path(work) / "source", Path(work) / "html"
        _source_folder(outputs, notebooks, source, known_articles, site_url)
        app = Sphinx(str(source), None, str(built), str(Path(work) / "doctrees"), "html",
                     confoverrides=dict(SPHINX_CONFIG), status=io.StringIO(), warning=io.StringIO(),
                     freshenv=True)
        app.build()
        shutil.rmtree(destination, ignore_errors=True)
        shutil.copytree(built, destination)
    return destination / "index.html"
