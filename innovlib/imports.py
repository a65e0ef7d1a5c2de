"""jsonschema without its IRI parsers: about a second of CPU saved in every process that reads notebooks or datasets.

jsonschema, which frictionless (dataset validation) and nbformat (every notebook read or written) load, imports the
optional ``rfc3987_syntax`` as it is itself imported, only to offer an "iri" format check. That module builds three
Earley parsers at import: about 1.1 s of CPU in each process that loads jsonschema, that is in every notebook
kernel's first ``data.load``, every runner worker, every command and test process. Neither frictionless nor nbformat
checks formats (they validate with no format checker), so innovlib imports jsonschema without that module, where
it is the first to import it. Nothing else changes: the module itself stays importable.

Example
-------
>>> import_jsonschema()
>>> import sys
>>> "jsonschema" in sys.modules
True
"""

from __future__ import annotations

import importlib
import sys

IRI_PARSERS = "rfc3987_syntax"  # the optional module jsonschema imports for its "iri" format check


def import_jsonschema() -> None:
    """Import jsonschema, if nothing has yet, without its optional IRI syntax module; call it before importing
    frictionless, nbformat, nbclient or papermill.

    jsonschema's format checker then has no "iri" and "iri-reference" checks in this process; nothing innovlib
    runs uses a format checker. Once jsonschema is imported (here or by anything else) this does nothing.

    Example
    -------
    >>> import_jsonschema()
    >>> import nbformat  # reads and validates notebooks as before
    >>> nbformat.validate(nbformat.v4.new_notebook()) is None
    True
    """
    if "jsonschema" in sys.modules or IRI_PARSERS in sys.modules:
        return
    sys.modules[IRI_PARSERS] = None  # jsonschema's `import` of it fails, and it leaves the "iri" check out
    try:
        importlib.import_module("jsonschema")
    finally:
        del sys.modules[IRI_PARSERS]  # importable again by anyone who asks for it
