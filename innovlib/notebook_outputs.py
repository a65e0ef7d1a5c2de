"""What an executed notebook shows its reader: a check that finds the outputs a reader should not see.

:func:`stray_outputs` lists warnings, stderr, error outputs, Python object reprs and tables shown twice, one line
each, by code cell; the notebook tests require an empty list for every notebook.

Example
-------
>>> stray_outputs({"cells": [{"cell_type": "code", "outputs": [{"output_type": "stream", "name": "stdout",
...                                                            "text": "35 clusters"}]}]})
[]
"""

from __future__ import annotations

import re

_REPR = re.compile(r"<(?:matplotlib|Axes|Figure|[\w.]+ object at 0x)[^>]*>|\b(?:np\.(?:float|int)\d+|Timestamp|"
                   r"numpy\.\w+)\(|\[(?:'[^'\n]*'(?:, )?)+\]|\bdtype[=:]")
_WARNING = re.compile(r"\b\w*(?:Warning|Error)\b:|^\s*warnings\.warn", re.MULTILINE)


def stray_outputs(notebook) -> list[str]:
    """What an executed notebook shows that a reader should not see, one line per finding.

    Reports, by code cell index: stderr streams, warning or error text, error outputs, Python object reprs
    (``<matplotlib...>``, ``<Axes ...>``, ``np.float64(...)``, a list repr like ``['a', 'b']``) in text and
    markdown outputs, and an HTML table or text output shown twice.

    Parameters
    ----------
    notebook : nbformat.NotebookNode or dict
        An executed notebook (as read by ``nbformat.read``).

    Returns
    -------
    list of str
        ``"cell 3: stderr: ..."`` and the like; empty when the outputs are clean.

    Example
    -------
    >>> nb = {"cells": [{"cell_type": "code", "source": "ax.plot()", "outputs": [
    ...     {"output_type": "execute_result", "data": {"text/plain": "[<matplotlib.lines.Line2D at 0x7f>]"}}]}]}
    >>> stray_outputs(nb)
    ['cell 0: object repr: <matplotlib.lines.Line2D at 0x7f>']
    """
    found, seen = [], {}
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                found.append(f"cell {index}: error: {output.get('ename')}: {output.get('evalue')}")
                continue
            if kind == "stream":
                text = "".join(output.get("text", ""))
                first = text.strip().splitlines()[0] if text.strip() else ""
                if output.get("name") == "stderr":
                    found.append(f"cell {index}: stderr: {first[:200]}")
                    continue
                texts = {"text/plain": text}
            else:
                data = output.get("data", {})
                texts = {mime: "".join(v) if isinstance(v, list) else str(v) for mime, v in data.items()
                         if mime.startswith("text/")}
                if "text/plain" in texts and any(m.startswith("image/") for m in data):
                    texts.pop("text/plain")  # the plain fallback of an image is not shown
                if kind == "display_data" and "text/markdown" in texts:
                    texts.pop("text/plain", None)
                if "text/html" in texts:
                    texts.pop("text/plain", None)
            for mime, text in texts.items():
                if match := _WARNING.search(text):
                    line = next((ln for ln in text.splitlines() if match.group(0).strip() in ln), match.group(0))
                    found.append(f"cell {index}: warning: {line.strip()[:200]}")
                elif mime != "text/html" and (match := _REPR.search(text)):
                    found.append(f"cell {index}: object repr: {match.group(0)[:120]}")
                if mime in ("text/html", "text/plain") and kind != "stream" and len(text) > 200:
                    if text in seen:
                        found.append(f"cell {index}: shown twice (also cell {seen[text]})")
                    else:
                        seen[text] = index
    return found
