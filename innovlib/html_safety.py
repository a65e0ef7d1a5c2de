"""The exported HTML page of a notebook can run no script and load nothing from elsewhere.

An executed notebook carries Markdown that notebooks build from data and markup that libraries write (pandas,
matplotlib). :func:`sanitize_page` rebuilds the finished page:

* its **body** is cleaned by `nh3 <https://nh3.readthedocs.io>`_ (the Python binding of the Rust sanitiser
  *ammonia*, which parses HTML as a browser does, ``<svg><style>`` included) with an **allow-list**: the
  elements and attributes a notebook page needs, links only to http(s), mailto, relative paths and fragments,
  images only embedded (``data:image/...``), inline styles only with harmless properties, and no ``<script>``,
  ``<style>``, ``<svg>``, ``<iframe>``, form or event handler at all;
* its **head** (written by innovlib's nbconvert template) keeps only ``meta``, ``title`` and ``style``;
* a **Content-Security-Policy** ``<meta>`` comes first in the head (:data:`CONTENT_SECURITY_POLICY`): no script
  of any kind, inline or remote, no request to another address, images only from ``data:`` URLs. A browser
  enforces it even if something slipped through the sanitiser.

Pages need no JavaScript: code cells fold with ``<details>``.

Example
-------
>>> sanitize_fragment('<p onclick="x()">hi<script>alert(1)</script> <a href=" JaVa&#9;Script:alert(2)">a</a></p>')
'<p>hi <a rel="noopener noreferrer">a</a></p>'
>>> "Content-Security-Policy" in sanitize_page("<p>x</p>")
True
"""

from __future__ import annotations

import re

import nh3

from innovlib.escaping import html_attribute, link_target

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'none'; object-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{html_attribute(CONTENT_SECURITY_POLICY)}">'

# The body's allow-list: nh3's default elements (text, lists, tables, details, images, links) and the few more a
# notebook page uses; anything else is unwrapped (its text kept), and these go with all they contain.
BODY_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"main", "section", "tfoot"}
DROPPED_WITH_CONTENT = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                                  "math", "textarea", "select", "button", "form", "frame", "frameset", "title"})
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "style", "tabindex", "role", "hidden", "align"}
BODY_ATTRIBUTES = {
    **{tag: set(names) - {"cite"} for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": GENERIC_ATTRIBUTES,
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "align"},
    "details": {"open"},
    "ul": {"type"},
}
# Inline style properties that cannot load anything (no background, content, cursor, list-style or mask).
STYLE_PROPERTIES = frozenset({
    "color", "background-color", "text-align", "vertical-align", "font-weight", "font-style", "font-size",
    "font-family", "white-space", "width", "max-width", "min-width", "height", "max-height", "min-height",
    "padding", "padding-left", "padding-right", "padding-top", "padding-bottom", "margin", "margin-left",
    "margin-right", "margin-top", "margin-bottom", "border", "border-left", "border-right", "border-top",
    "border-bottom", "border-collapse", "border-color", "border-style", "border-width", "display", "overflow",
    "overflow-x", "overflow-y", "line-height", "text-decoration", "opacity", "float", "clear", "table-layout",
})
EMBEDDED_IMAGE = re.compile(r"^\s*data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.IGNORECASE)
HEAD_TAGS = frozenset({"meta", "title", "style"})


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an image only from a ``data:image/`` URL, a link only where
    :func:`innovlib.escaping.link_target` allows one."""
    if attribute == "src":
        return value if tag == "img" and EMBEDDED_IMAGE.match(value) else None
    if attribute == "href":
        return value if link_target(value) is not None else None
    return value


def sanitize_fragment(fragment: str) -> str:
    """An HTML fragment (a page's body) cleaned by nh3 with the allow-list above.

    Example
    -------
    >>> sanitize_fragment('<svg><style><img src=x onerror=alert(1)></style></svg><img src="data:image/png;base64,AA">')
    '<img><img src="data:image/png;base64,AA">'
    """
    return nh3.clean(
        fragment, tags=set(BODY_TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes=BODY_ATTRIBUTES,
        attribute_filter=_keep_attribute, strip_comments=True, link_rel="noopener noreferrer",
        generic_attribute_prefixes={"data-", "aria-"}, url_schemes={"http", "https", "mailto", "data"},
        filter_style_properties=set(STYLE_PROPERTIES),
    )


def _clean_head(head: str) -> str:
    return nh3.clean(head, tags=set(HEAD_TAGS), clean_content_tags={"script", "noscript", "template"},
                     attributes={"meta": {"charset", "name", "content"}}, strip_comments=True, link_rel=None)


def _body_attributes(tag: str) -> str:
    """The body element's class and ``data-*`` attributes (the page theme), re-escaped; nothing else."""
    kept = re.findall(r'\s(class|data-[a-z0-9-]+)="([^"]*)"', tag)
    return "".join(f' {name}="{html_attribute(value)}"' for name, value in kept)


def sanitize_page(page: str) -> str:
    """A whole HTML page rebuilt so that it can run no script and load nothing from elsewhere (see the module's
    description): the Content-Security-Policy first, the cleaned head, then the cleaned body. Text that is not a
    whole page is taken as the body of one.

    Example
    -------
    >>> page = sanitize_page('<html><head><title>t</title></head><body class="x"><img src=https://a.example/x.png>'
    ...                      '</body></html>')
    >>> page.count("<img>"), 'a.example' in page, '<body class="x">' in page
    (1, False, True)
    """
    head_end = page.find("</head>")
    body_tag = re.search(r"<body\b[^>]*>", page[head_end:] if head_end >= 0 else page, re.IGNORECASE)
    if head_end >= 0:
        head_start = re.search(r"<head\b[^>]*>", page, re.IGNORECASE)
        head = page[head_start.end() if head_start else 0:head_end]
        rest = page[head_end + len("</head>"):]
    else:
        head, rest = "", page
    body_match = re.search(r"<body\b[^>]*>", rest, re.IGNORECASE)
    body = rest[body_match.end():] if body_match else rest
    body_end = body.rfind("</body>")
    body = body[:body_end] if body_end >= 0 else body
    lang = re.search(r'<html\b[^>]*\slang="([A-Za-z-]{1,20})"', page)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang.group(1) if lang else "en"}">\n<head>\n{CSP_META}\n'
        f"{_clean_head(head).strip()}\n</head>\n"
        f"<body{_body_attributes(body_tag.group(0)) if body_tag else ''}>\n{sanitize_fragment(body).strip()}\n"
        "</body>\n</html>\n"
    )
