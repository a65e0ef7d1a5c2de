"""The warm process that notebook kernels are forked from (a "zygote"), run as a script by
:mod:`innovlib.runner.kernels` with the kernel's own interpreter and flags.

It imports once what every kernel would import at its start and in its first cells (ipykernel's modules, pandas,
matplotlib's pyplot, seaborn, innovlib's modules), under the environment and in the folder a kernel starts in,
and then only waits: it starts no Python thread, no zmq context and no event loop, so a ``fork()`` of it is as
sound as a fresh interpreter (the BLAS libraries' own threads are shut down and restarted by their fork
handlers). Each kernel is a fresh process, forked, with its own memory: it becomes the leader of a session of its
own, takes its notebook's folder, environment and arguments, reseeds numpy's global generator (``random`` does it
itself after a fork) and runs ``ipykernel_launcher`` as ``python -m ipykernel_launcher`` would.

The protocol, on the Unix stream socket the launcher listens on and hands over (file descriptor ``argv[1]``): one
connection per kernel; the client sends one JSON line ``{"argv": [...], "cwd": ..., "env": {...}}``; the zygote
answers ``{"pid": n}`` once the kernel is forked, then ``{"status": code}`` (as ``Popen.returncode``) when it has
ended, and closes. A client that hangs up first (its worker died) has its kernel killed. The zygote dies with the
process that started it (``argv[2]``), and each kernel with the zygote.

Only the standard library is imported at the top: everything else is what the kernels inherit.

Example
-------
>>> status_code(0), status_code(256 * 3), status_code(9)
(0, 3, -9)
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import selectors
import signal
import socket
import sys

# What a kernel imports to start and what the notebooks import in their first cells. Not matplotlib_inline's
# backend: it enables the inline figures when it is imported inside a running kernel, so each kernel imports it.
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "IPython.display",
    "numpy", "pandas", "matplotlib.pyplot", "seaborn",
    # data.load's validation, imported on first use so that the command line starts quickly (jsonschema comes
    # first, as innovlib.imports imports it: see preload)
    "frictionless",
    "innovlib.analyses", "innovlib.claims", "innovlib.clusters", "innovlib.composite", "innovlib.data",
    "innovlib.escaping", "innovlib.findings", "innovlib.outputs", "innovlib.parameters", "innovlib.plots",
    "innovlib.rankings",
)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"  # what ipykernel sets as MPLBACKEND when it is unset
PR_SET_PDEATHSIG = 1


def status_code(wait_status: int) -> int:
    """``os.waitpid``'s status as ``Popen.returncode``: the exit code, or minus the signal that killed it.

    Example
    -------
    >>> status_code(2 * 256), status_code(15)
    (2, -15)
    """
    return os.waitstatus_to_exitcode(wait_status)


def _die_with_parent(parent_pid: int, signum: int) -> None:
    """Ask Linux to send this process ``signum`` when its parent dies; exit at once if it is already gone."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def preload(modules=PRELOAD) -> list[str]:
    """Import ``modules`` as a kernel would (its matplotlib backend set first); returns those that failed (a kernel
    that needs one fails in its own cell, as it would have).

    Example
    -------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ):  # it sets MPLBACKEND, as a kernel has it: not for the process running this
    ...     preload(("json", "no_such_module_here"))
    ['no_such_module_here']
    """
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    failed = []
    try:  # jsonschema without the IRI parsers it would build, as the kernel's own innovlib would import it
        importlib.import_module("innovlib.imports").import_jsonschema()
    except Exception:  # noqa: BLE001 - a kernel without innovlib imports jsonschema its own way, if at all
        pass
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the kernel that needs it will say why
            failed.append(name)
    return failed


class Zygote:
    """The serving loop: accept requests, fork kernels, report their ends, kill those whose client hung up.

    Example
    -------
    >>> a, b = socket.socketpair()
    >>> _ = b.sendall(b'{"argv": ["-f", "x.json"], "cwd": "/", "env": {}}\\n')
    >>> Zygote(socket.socket()).read_request(a)
    {'argv': ['-f', 'x.json'], 'cwd': '/', 'env': {}}
    """

    def __init__(self, listener: socket.socket) -> None:
        self.listener = listener
        self.selector = selectors.DefaultSelector()
        self.clients: dict[socket.socket, int | None] = {}  # connection -> its kernel's pid (None before)
        self.pidfds: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, connection)

    def serve(self) -> dict | None:
        """Serve until the listener is closed; in a forked kernel, return its request (the caller runs it)."""
        self.selector.register(self.listener, selectors.EVENT_READ, "listener")
        while True:
            for key, _ in self.selector.select():
                if key.data == "listener":
                    try:
                        connection, _ = self.listener.accept()
                    except OSError:  # out of descriptors: that client is refused and launches its kernel itself
                        continue
                    self.clients[connection] = None
                    self.selector.register(connection, selectors.EVENT_READ, "client")
                elif key.data == "client":
                    request = self._on_client(key.fileobj)
                    if request is not None:
                        return request
                else:
                    self._on_exit(key.fileobj)

    def _on_client(self, connection: socket.socket) -> dict | None:
        pid = self.clients[connection]
        if pid is not None:  # a client says nothing after its request: this is its hang-up
            self._hang_up(connection, pid)
            return None
        try:
            request = self.read_request(connection)
        except (OSError, ValueError):
            request = None
        if request is None:
            self._drop(connection)
            return None
        try:
            pid = os.fork()
        except OSError:  # no fork now: the client hears a hang-up and launches its kernel itself
            self._drop(connection)
            return None
        if pid == 0:
            self._become_child()
            return request
        self.clients[connection] = pid
        pidfd = os.pidfd_open(pid)
        self.pidfds[pidfd] = (pid, connection)
        self.selector.register(pidfd, selectors.EVENT_READ, "exit")
        self._send(connection, {"pid": pid})
        return None

    @staticmethod
    def read_request(connection: socket.socket) -> dict | None:
        """The one JSON line a client sends (None when it hung up before a whole line)."""
        data = b""
        while not data.endswith(b"\n"):
            chunk = connection.recv(65536)
            if not chunk:
                return None
            data += chunk
        return json.loads(data)

    def _hang_up(self, connection: socket.socket, pid: int) -> None:
        try:
            still_open = connection.recv(1, socket.MSG_PEEK)
        except OSError:
            still_open = b""
        if still_open:  # an unexpected byte: read and ignore it
            connection.recv(4096)
            return
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        self.selector.unregister(connection)

    def _on_exit(self, pidfd: int) -> None:
        pid, connection = self.pidfds.pop(pidfd)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        _, status = os.waitpid(pid, 0)
        self._send(connection, {"status": status_code(status)})
        self._drop(connection)

    def _drop(self, connection: socket.socket) -> None:
        self.clients.pop(connection, None)
        try:
            self.selector.unregister(connection)
        except (KeyError, ValueError):
            pass
        connection.close()

    @staticmethod
    def _send(connection: socket.socket, message: dict) -> None:
        try:
            connection.sendall(json.dumps(message).encode() + b"\n")
        except OSError:
            pass

    def _become_child(self) -> None:
        """In the forked kernel: let go of every socket and descriptor of the zygote."""
        zygote = os.getppid()
        for pidfd in self.pidfds:
            os.close(pidfd)
        for connection in self.clients:
            connection.close()
        self.selector.close()
        self.listener.close()
        os.setsid()  # a session and process group of its own, as the launcher gives a kernel
        _die_with_parent(zygote, signal.SIGKILL)


def _become_kernel(request: dict) -> None:
    """Turn this forked process into the kernel of ``request``: standard streams as the launcher gives them (an
    input at its end, output to /dev/null), the notebook's folder, environment and arguments, a fresh numpy seed,
    the default signal handlers; then run ipykernel."""
    reading, writing = os.pipe()
    os.close(writing)
    os.dup2(reading, 0)
    os.close(reading)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed()  # the legacy global generator, seeded from the OS as at its import
    launcher = importlib.util.find_spec("ipykernel_launcher")
    sys.argv = [launcher.origin if launcher else "ipykernel_launcher", *request["argv"]]
    from ipykernel import kernelapp

    # ipykernel reads the parent's pid from the environment when it is imported (here, before this kernel's)
    kernelapp.launch_new_instance(parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0))


def _exit_kernel(code: int) -> None:
    """End a forked kernel as a forked ``multiprocessing`` child ends: wait for its threads, run its exit handlers
    (IPython's clear the notebook's namespace, which closes what it left open, and save its history), collect
    what is left in cycles, flush; then exit without tearing down every module the zygote imported, which a
    process about to end does not need and which, in a fork, first copies the pages it frees."""
    import atexit
    import gc
    import threading

    try:
        threading._shutdown()  # noqa: SLF001 - what the interpreter does first at exit: join non-daemon threads
        atexit._run_exitfuncs()  # noqa: SLF001
        gc.collect()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BaseException:  # noqa: BLE001 - the exit code stays the kernel's
        pass
    os._exit(code)


def main(listener_fd: int, parent_pid: int) -> None:
    """The zygote's life: die with the run, import, serve; in a forked kernel, run the kernel and exit."""
    _die_with_parent(parent_pid, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the run's to handle
    listener = socket.socket(fileno=listener_fd)
    preload()
    request = Zygote(listener).serve()
    code = 0
    try:
        _become_kernel(request)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    except BaseException:  # noqa: BLE001 - as the interpreter would: the traceback, then status 1
        import traceback

        traceback.print_exc()
        code = 1
    _exit_kernel(code)


if __name__ == "__main__":
    del sys.path[0]  # this script's folder: a kernel's path does not have it (ipykernel_launcher removes the cwd)
    main(int(sys.argv[1]), int(sys.argv[2]))
