"""The last check on every HTML page innovlib writes: no script can run in it, whatever produced the markup.

Values from data, parameters and user files are escaped where they are written, but an exported notebook also
carries Markdown that the notebooks build from data and markup from libraries. :func:`sanitize_page` parses the
finished page and removes what could run: script-like elements, event-handler attributes, and URLs whose scheme
is not http(s), mailto, a relative path or an embedded image. Pages need no JavaScript: code cells fold with
``<details>``.

Example
-------
>>> sanitize_page('<p onclick="x()">hi<script>alert(1)</script> <a href=" JaVa\\tScript:alert(2)">a</a></p>')
'<p>hi <a href="#blocked-unsafe-url">a</a></p>'
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

# Elements removed with everything inside them.
DROPPED = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "form", "noscript",
           "template", "portal"}
# Attributes whose value is a URL (or a list of them) that a browser may follow or load.
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite",
                  "codebase", "longdesc", "usemap", "manifest", "ping", "srcset", "lowsrc", "dynsrc"}
ALWAYS_DROPPED_ATTRIBUTES = {"srcdoc"}
SAFE_SCHEMES = ("http", "https", "mailto")
# The parser lowercases attribute names; SVG needs these in camel case.
SVG_ATTRIBUTES = {name.lower(): name for name in (
    "viewBox", "preserveAspectRatio", "gradientUnits", "gradientTransform", "patternUnits", "patternTransform",
    "clipPathUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "textLength", "lengthAdjust",
    "stdDeviation", "baseProfile", "attributeName", "maskUnits", "maskContentUnits", "primitiveUnits")}
BLOCKED = "#blocked-unsafe-url"


def _compact(value: str) -> str:
    """An attribute value as a browser reads it: entities decoded, spaces and control characters ignored."""
    return "".join(ch for ch in html.unescape(value) if ch > " " and ord(ch) != 127).lower()


def url_is_safe(value: str) -> bool:
    """Whether a URL attribute may stay: http(s), mailto, a fragment or relative path, or an embedded image.

    Example
    -------
    >>> [url_is_safe(u) for u in ("https://wipo.int", "#part-GII-01a", "x.html", "data:image/png;base64,AA",
    ...                           "javascript:alert(1)", "data:text/html,<script>", "vbscript:x")]
    [True, True, True, True, False, False, False]
    """
    url = _compact(value)
    head = url.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if ":" not in head:
        return True  # relative path or fragment
    scheme = head.split(":", 1)[0]
    return scheme in SAFE_SCHEMES or url.startswith("data:image/")


def _attribute_is_safe(name: str, value: str | None) -> bool:
    if name.startswith("on") or name in ALWAYS_DROPPED_ATTRIBUTES:
        return False
    if value is None:
        return True
    compact = _compact(value)
    if name in URL_ATTRIBUTES:
        return all(url_is_safe(part.strip().split(" ")[0]) for part in value.split(",")) if name == "srcset" \
            else url_is_safe(value)
    if name == "style" and ("expression(" in compact or "url(" in compact and not "url(data:image/" in compact):
        return False
    return not any(scheme in compact for scheme in ("javascript:", "vbscript:", "data:text/html"))


class _Sanitiser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # open dropped elements

    def _tag(self, tag: str, attrs, closing: str = "") -> str:
        kept = []
        for name, value in attrs:
            if _attribute_is_safe(name, value):
                name = SVG_ATTRIBUTES.get(name, name)
                kept.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
            elif name in URL_ATTRIBUTES:
                kept.append(f'{name}="{BLOCKED}"')
        return f"<{tag}{''.join(' ' + a for a in kept)}{closing}>"

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED:
            self.skipping.append(tag)
        elif not self.skipping:
            if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
                return
            self.parts.append(self._tag(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag not in DROPPED:
            self.parts.append(self._tag(tag, attrs, " /"))

    def handle_endtag(self, tag):
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag not in DROPPED:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def handle_entityref(self, name):
        if not self.skipping:
            self.parts.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skipping:
            self.parts.append(f"&#{name};")

    def handle_comment(self, data):
        pass  # comments can hide conditional markup; nothing a reader needs

    def handle_decl(self, decl):
        self.parts.append(f"<!{decl}>")

    def unknown_decl(self, data):
        pass

    def handle_pi(self, data):
        pass


def sanitize_page(page: str) -> str:
    """``page`` with every element, attribute and URL removed that could run a script (see the module docstring)."""
    parser = _Sanitiser()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)
