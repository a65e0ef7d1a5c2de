"""One base for every error innovlib raises on purpose, so the command line reports each as one line."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import innovlib
from innovlib.errors import InnovlibError


def _innovlib_exceptions():
    for info in pkgutil.walk_packages(innovlib.__path__, "innovlib."):
        if info.name == "innovlib.__main__":
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                yield f"{info.name}.{name}", value


def test_every_innovlib_exception_derives_from_innovlib_error():
    found = dict(_innovlib_exceptions())
    assert len(found) >= 12  # the package defines a dozen or so; an empty walk must not pass
    assert [name for name, cls in found.items() if not issubclass(cls, InnovlibError)] == []


def test_a_reader_that_leaves_ends_the_command_quietly_with_141():
    """`innovlib data list | head`: the reader closes the pipe before the command writes; no traceback, status 141."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    process = subprocess.Popen([sys.executable, "-m", "innovlib", "data", "list"], cwd=root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line
    stderr = process.stderr.read().decode()
    assert process.wait(60) == 141
    assert stderr == ""


def test_main_leaves_the_process_signal_handling_as_it_found_it(capsys):
    """A process that calls ``main`` and lives on (a test worker, a notebook) keeps Python's SIGPIPE handling: with
    the default action instead, its next write to any closed socket would kill it without a word."""
    import signal

    from innovlib import cli

    before = {signum: signal.getsignal(signum) for signum in (signal.SIGPIPE, signal.SIGTERM, signal.SIGINT)}
    assert cli.main(["data", "list"]) == 0
    assert "city_industrial_innovation" in capsys.readouterr().out
    assert {signum: signal.getsignal(signum) for signum in before} == before
