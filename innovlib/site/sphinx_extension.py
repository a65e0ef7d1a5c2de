"""The Sphinx extension that makes every page of the site run only script files and load nothing from elsewhere.

Sphinx and its themes write a few scripts inline (``DOCUMENTATION_OPTIONS.pagename = ...``): each page's inline
scripts are written to files under ``_static/inline/`` (named by the hash of their text) and loaded from there in
the same order, so that the pages' Content-Security-Policy (:data:`CONTENT_SECURITY_POLICY`, a ``<meta>`` before
any script) can forbid every inline script. Only the script and style lists Sphinx itself renders are touched:
text of the pages never becomes a script file. A script or style sheet on another host (MathJax's or require.js's
CDN defaults) is dropped, never loaded; math shows as its TeX source (renderer ``plain``), not through MathJax.

Example
-------
>>> "'unsafe-inline'" in CONTENT_SECURITY_POLICY.split("script-src")[1].split(";")[0]
False
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from docutils import nodes
from sphinx.builders.html._assets import _JavaScript

from innovlib.escaping import html_attribute
from innovlib.site import MATH_RENDERER

# Scripts and style sheets only from the site itself; styles may be inline (the theme sets some from scripts);
# images from the site or embedded; no plug-in, no <base>, forms (the search box) only to the site.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; frame-src 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{html_attribute(CONTENT_SECURITY_POLICY)}" />'
INLINE_SCRIPTS_DIR = "_static/inline"
REMOTE_PREFIXES = ("http:", "https:", "//")


def is_remote(filename) -> bool:
    """Whether an asset's file name points to another host.

    Example
    -------
    >>> [is_remote(f) for f in ("https://cdn.jsdelivr.net/x.js", "//cdn.example/x.js", "_static/x.js", None)]
    [True, True, False, False]
    """
    return isinstance(filename, str) and filename.strip().lower().startswith(REMOTE_PREFIXES)


def script_file_name(body: str) -> str:
    """Where an inline script's text is written, relative to the site: named by its hash, so that pages sharing
    a script share one file.

    Example
    -------
    >>> script_file_name("DOCUMENTATION_OPTIONS.pagename = 'index';")
    '_static/inline/54d730f2e99f8d1a.js'
    """
    return f"{INLINE_SCRIPTS_DIR}/{hashlib.sha256(body.encode('utf-8')).hexdigest()[:16]}.js"


def _as_file(script: _JavaScript, outdir: Path) -> _JavaScript:
    """``script`` loaded from a file: an inline one's text is written under ``outdir``, a file stays as it is."""
    if script.filename:
        return script
    body = script.attributes.get("body", "")
    name = script_file_name(body)
    target = outdir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body + "\n", encoding="utf-8")
    attributes = {key: value for key, value in script.attributes.items() if key != "body"}
    return _JavaScript(name, priority=script.priority, **attributes)


def scripts_as_files(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context`` handler: the page's scripts all as files, no remote asset, the CSP first in the head.
    (Run after the themes' handlers, which add the inline scripts.)

    Example
    -------
    >>> import tempfile, types
    >>> app = types.SimpleNamespace(outdir=tempfile.mkdtemp())
    >>> context = {"script_files": [_JavaScript("_static/a.js"), _JavaScript(None, body="x = 1;"),
    ...                             _JavaScript("https://cdn.example/require.js")], "css_files": [], "metatags": ""}
    >>> scripts_as_files(app, "index", "page.html", context, None)
    >>> [str(script.filename) for script in context["script_files"]]
    ['_static/a.js', '_static/inline/d378c09abdab6336.js']
    >>> (Path(app.outdir) / "_static/inline/d378c09abdab6336.js").read_text()
    'x = 1;\\n'
    >>> context["metatags"].startswith('<meta http-equiv="Content-Security-Policy" content="default-src')
    True
    """
    outdir = Path(app.outdir)
    scripts = [_as_file(s, outdir) for s in context.get("script_files", []) if not is_remote(s.filename)]
    context["script_files"][:] = scripts
    context["css_files"][:] = [c for c in context.get("css_files", []) if not is_remote(c.filename)]
    context["metatags"] = CSP_META + "\n" + context.get("metatags", "")


def _visit_math(translator, node) -> None:
    """Inline math as its TeX source, escaped (no MathJax: it would come from a CDN)."""
    translator.body.append(f'<span class="math notranslate">{translator.encode(node.astext())}</span>')
    raise nodes.SkipNode


def _visit_math_block(translator, node) -> None:
    """Displayed math as its TeX source, escaped."""
    translator.body.append(f'<div class="math notranslate">{translator.encode(node.astext())}</div>')
    raise nodes.SkipNode


def setup(app) -> dict:
    """Register the handler and the ``plain`` math renderer (Sphinx's extension entry point).

    Example
    -------
    >>> setup.__name__
    'setup'
    """
    app.connect("html-page-context", scripts_as_files, priority=900)
    app.add_html_math_renderer(MATH_RENDERER, (_visit_math, None), (_visit_math_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
