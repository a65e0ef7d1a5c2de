"""One escaping function per context: no text from data, parameters, file names or run records becomes markup.

Every writer of Markdown, HTML or terminal output passes each value through the function of the context the value
lands in, and through no other:

* :func:`markdown_text`: running text in Markdown (and in the HTML a Markdown cell may hold, such as a table);
* :func:`code_span`: a value shown as inline code in Markdown (a file name, a commit);
* :func:`link_target`: the target of a link, in Markdown or in an ``href`` attribute (``None`` when it may not
  be a link: only http(s), mailto, a relative path or a fragment);
* :func:`html_attribute`: the value of an HTML attribute (quoted with ``"``);
* :func:`terminal_text`: a value printed to a terminal (control characters, escape sequences, right-to-left
  overrides and line breaks shown as escapes, never acted on).

Example
-------
>>> markdown_text("<img src=x onerror=alert(1)> [a](javascript:x)")
'&#60;img src=x onerror=alert&#40;1&#41;&#62; &#91;a&#93;&#40;javascript:x&#41;'
>>> code_span("my `file`.csv")
'`` my `file`.csv ``'
>>> link_target("javascript:alert(1)") is None, link_target("../quick/quick.html#part-A (1)")
(True, '../quick/quick.html#part-A%20%281%29')
>>> html_attribute('x" onmouseover="alert(1)')
'x&quot; onmouseover=&quot;alert(1)'
>>> terminal_text("evil\\x1b[31m\\u202eexe.txt\\n")
'evil\\\\x1b[31m\\\\u202eexe.txt\\\\n'
"""

from __future__ import annotations

import html
import re
import unicodedata
import urllib.parse

from innovlib.text import format_value

# Characters HTML or Markdown would interpret: written as numeric character references by markdown_text.
MARKDOWN_SPECIAL = frozenset("&<>\"'`*_[]()|!#~{}\\$")
# Characters a link target keeps as they are; every other one is percent-encoded (so no quote, bracket,
# parenthesis, space, backslash or control character survives in it).
LINK_SAFE = "/?#@!$&*+,;=%-._~:"
LINK_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _text(value) -> str:
    """A value as the text a reader should see: strings as they are, numbers and others as the report shows them."""
    return value if isinstance(value, str) else format_value(value)


def _one_line(value, limit: int) -> str:
    """``value`` as one line of text: line breaks and control characters as spaces, cut to ``limit`` characters."""
    text = " ".join(_text(value).split())
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return text[: limit - 3] + "..." if len(text) > limit else text


def markdown_text(value, limit: int = 2000) -> str:
    """Text safe as running text in Markdown and in the HTML inside a Markdown cell: every character that HTML or
    Markdown would interpret is a numeric character reference, line breaks (which could end an HTML block and
    start Markdown) become spaces, and the text is cut to ``limit`` characters.

    Example
    -------
    >>> markdown_text("a\\n\\n![x](https://evil.example/x.png)")
    'a &#33;&#91;x&#93;&#40;https://evil.example/x.png&#41;'
    """
    text = _one_line(value, limit)
    return "".join(f"&#{ord(ch)};" if ch in MARKDOWN_SPECIAL else ch for ch in text)


def code_span(value, limit: int = 200) -> str:
    """Inline code showing ``value`` literally: fenced by more backticks than any run of them inside, line breaks
    and control characters as spaces. (Markdown and HTML are never interpreted inside a code span. Not for a cell
    of a Markdown table, where ``|`` still splits the row.)

    Example
    -------
    >>> code_span("<img src=x onerror=alert(1)>.csv")
    '`<img src=x onerror=alert(1)>.csv`'
    """
    text = _one_line(value, limit)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def link_target(url) -> str | None:
    """The URL made safe as a link target (percent-encoded where Markdown or HTML could misread it), when it is
    http(s), mailto, a relative path or a fragment; ``None`` otherwise (``javascript:``, ``data:``, a
    protocol-relative ``//host`` link, anything that is not text).

    Example
    -------
    >>> [link_target(u) for u in ("https://wipo.int/a b", "#part-X", " JaVa\\tScript:x", "//evil.example/x")]
    ['https://wipo.int/a%20b', '#part-X', None, None]
    """
    if not isinstance(url, str):
        return None
    compact = "".join(ch for ch in url if ch > " " and unicodedata.category(ch) not in ("Cc", "Cf"))
    if not compact or compact.startswith(("//", "\\\\", "/\\", "\\/")):
        return None
    scheme = _SCHEME.match(compact)
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return None
    if not scheme and ":" in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return None  # "x:y" with an odd scheme: never a relative path
    return urllib.parse.quote(url.strip(), safe=LINK_SAFE)


def html_attribute(value, limit: int = 2000) -> str:
    """A value safe inside a double-quoted HTML attribute: ``& < > " '`` escaped, control characters dropped.

    Example
    -------
    >>> html_attribute("ok<\\x00>")
    'ok&lt;&gt;'
    """
    text = "".join(ch for ch in _text(value) if unicodedata.category(ch) != "Cc")
    return html.escape(text[:limit], quote=True)


def terminal_text(value, keep_newlines: bool = False) -> str:
    """Text that is safe to print to a terminal: control characters (escape sequences among them), Unicode format
    characters (right-to-left overrides, zero-width marks) and line or paragraph separators are shown as escapes
    such as ``\\x1b``, ``\\u202e`` or ``\\n`` instead of being acted on. ``keep_newlines`` keeps ``\\n`` (for
    text laid out in lines by innovlib itself).

    Example
    -------
    >>> terminal_text("a\\tb\\u200fc"), terminal_text("one\\ntwo", keep_newlines=True)
    ('a\\\\tb\\\\u200fc', 'one\\ntwo')
    """
    text = value if isinstance(value, str) else str(value)
    out = []
    for ch in text:
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            code = ord(ch)
            out.append(_NAMED_ESCAPES.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"))
        else:
            out.append(ch)
    return "".join(out)
