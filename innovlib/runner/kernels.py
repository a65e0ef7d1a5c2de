"""Notebook kernels forked from a warm process instead of started from nothing.

A kernel started from nothing spends about two seconds of CPU importing ipykernel, pandas, matplotlib, seaborn
and innovlib before its notebook's first cell can run. For one run, :func:`warm_kernels` starts one process with
the kernel's interpreter and flags that imports all that once and then waits (:mod:`innovlib.runner.zygote`, a
"zygote"); the workers forked afterwards ask it for each notebook's kernel, which it forks: a fresh process with
its own memory, in the notebook's folder, with its environment and connection file, the leader of a session of
its own as the launcher makes every kernel. :class:`ForkedKernel` is its handle, with ``Popen``'s ``poll``,
``wait``, ``send_signal``, ``terminate`` and ``kill``, so timeouts, interrupts and clean stops work as before.

The normal launch is used whenever the warm process could not give the same kernel: not Linux, a kernel whose
command is not ``<python> [flags] -m ipykernel_launcher -f {connection_file}``, another folder, an environment that
differs (beyond the variables set per notebook) from the one it imported under, a coverage run, or a warm process
that is gone or does not answer. Nothing about it is recorded in run.json: the kernel is the same.

Nothing outlives the run: the warm process dies with the process that started it (Linux's parent-death signal)
and each kernel with the warm process; a worker that dies has its kernel killed by it.

Example
-------
>>> zygote_command(["/v/bin/python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"])
['/v/bin/python', '-Xfrozen_modules=off']
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from innovlib.outputs import NOTEBOOK_ENV, RUN_DIR_ENV
from innovlib.paths import DATA_ENV

KERNEL_FOLDER_PREFIX = "innovlib-kernel-"  # + the owning process id + "-" + random: innovlib-kernel-<pid>-<x>
ZYGOTE_SCRIPT = Path(__file__).with_name("zygote.py")
# Set for each notebook by the worker and the kernel manager; the rest of the environment must be the warm one's.
PER_KERNEL_ENV = frozenset({RUN_DIR_ENV, NOTEBOOK_ENV, DATA_ENV, "JPY_PARENT_PID", "JPY_SESSION_NAME"})
ANSWER_SECONDS = 120.0  # how long a worker waits for its kernel (the first ones wait for the imports)
WARM_FROM_KERNELS = 2  # one kernel alone gains nothing: it would wait for the same imports, and maybe more
COVERAGE_ENV = ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")  # coverage measures each kernel from its start


def zygote_command(argv: list[str]) -> list[str] | None:
    """The interpreter and its flags in a kernel's command, when the command is ``<python> [flags] -m
    ipykernel_launcher -f {connection_file}`` (a kernel a warm process can give); else ``None``.

    Example
    -------
    >>> zygote_command(["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"])
    ['python']
    >>> zygote_command(["R", "--slave", "-f", "{connection_file}"]) is None
    True
    """
    for index in range(1, len(argv)):
        if argv[index:] == ["-m", "ipykernel_launcher", "-f", "{connection_file}"] and \
                all(arg.startswith("-") and arg != "-m" for arg in argv[1:index]):
            return list(argv[:index])
    return None


@dataclass(frozen=True)
class WarmProcess:
    """Where the warm process of this run listens, and what kernels it can give: those run by ``command`` (the
    interpreter and its flags) in ``cwd`` under ``env`` (but for :data:`PER_KERNEL_ENV`).

    Example
    -------
    >>> warm = WarmProcess("/tmp/x/zygote", ("python",), "/nb", {"HOME": "/h"}, 1)
    >>> warm.fits(["python", "-m", "ipykernel_launcher", "-f", "k.json"], {"HOME": "/h", "JPY_PARENT_PID": "7"}, "/nb")
    True
    >>> warm.fits(["python", "-m", "ipykernel_launcher", "-f", "k.json"], {"HOME": "/other"}, "/nb")
    False
    """

    address: str
    command: tuple[str, ...]
    cwd: str
    env: dict
    pid: int

    def fits(self, kernel_cmd: list[str], env: dict, cwd) -> bool:
        """Whether a kernel of this command, environment and folder is the same forked from here."""
        head = len(self.command)
        return (tuple(kernel_cmd[:head]) == self.command and kernel_cmd[head:head + 2] == ["-m", "ipykernel_launcher"]
                and os.path.realpath(str(cwd)) == os.path.realpath(self.cwd)
                and _shared_env(env) == _shared_env(self.env))


def _shared_env(env: dict) -> dict:
    return {key: value for key, value in env.items() if key not in PER_KERNEL_ENV}


_WARM: WarmProcess | None = None  # this run's warm process, inherited by the forked workers
_RUNNING: dict[int, "ForkedKernel"] = {}  # the forked kernels this process started and has not seen end


class ForkedKernel:
    """The handle of a kernel forked by the warm process, as ``subprocess.Popen`` is a started kernel's: ``pid``,
    ``returncode``, ``poll``, ``wait``, ``send_signal``, ``terminate``, ``kill``. It is not this process's child:
    its signals go through a pidfd (never to a reused process id) and its exit status comes from the warm process,
    which reaps it.

    Example
    -------
    >>> mine, theirs = socket.socketpair()
    >>> kernel = ForkedKernel(mine, os.getpid())
    >>> kernel.poll() is None
    True
    >>> _ = theirs.sendall(b'{"status": -9}\\n')
    >>> kernel.wait(5)
    -9
    """

    stdin = stdout = stderr = None

    def __init__(self, connection: socket.socket, pid: int) -> None:
        self.pid, self.returncode, self.args = pid, None, ["ipykernel_launcher"]
        self._connection, self._pidfd, self._received = connection, os.pidfd_open(pid), b""
        _RUNNING[pid] = self

    def poll(self) -> int | None:
        """The exit status once the kernel has ended, else ``None``."""
        return self._collect(0.0)

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end; ``subprocess.TimeoutExpired`` after ``timeout`` seconds."""
        status = self._collect(timeout)
        if status is None:
            raise subprocess.TimeoutExpired(self.args, timeout)
        return status

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel (nothing once it has ended)."""
        if self.returncode is None:
            try:
                signal.pidfd_send_signal(self._pidfd, signum)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        """SIGTERM."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """SIGKILL."""
        self.send_signal(signal.SIGKILL)

    def _collect(self, timeout: float | None) -> int | None:
        """Read the warm process's report of the kernel's end, waiting at most ``timeout`` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([self._connection], [], [], left)[0]:
                return None
            chunk = self._connection.recv(4096)
            if not chunk:  # the warm process is gone: the kernel dies with it (its parent-death signal)
                self.send_signal(signal.SIGKILL)
                select.select([self._pidfd], [], [], left)
                self._ended(-signal.SIGKILL)
                break
            self._received += chunk
            if b"\n" in self._received:
                self._ended(int(json.loads(self._received.split(b"\n")[0])["status"]))
        return self.returncode

    def _ended(self, status: int) -> None:
        self.returncode = status
        _RUNNING.pop(self.pid, None)
        self._connection.close()
        os.close(self._pidfd)


def fork_kernel(kernel_cmd: list[str], env: dict | None, cwd) -> ForkedKernel | None:
    """The kernel of ``kernel_cmd`` forked by this run's warm process, or ``None`` when it cannot give the same
    kernel (or is gone, or does not answer): then the caller launches it as usual.

    Example
    -------
    >>> fork_kernel(["python", "-m", "ipykernel_launcher", "-f", "k.json"], {}, ".") is None  # no warm process
    True
    """
    warm = _WARM
    env = dict(os.environ if env is None else env)
    env.setdefault("JPY_PARENT_PID", str(os.getpid()))  # as the launcher sets it
    cwd = str(cwd or os.getcwd())
    if warm is None or not warm.fits(kernel_cmd, env, cwd):
        return None
    request = {"argv": kernel_cmd[len(warm.command) + 2:], "cwd": cwd, "env": env}
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.settimeout(ANSWER_SECONDS)
        connection.connect(warm.address)
        connection.sendall(json.dumps(request).encode() + b"\n")
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = connection.recv(4096)
            if not chunk:
                raise ConnectionError("the warm process hung up")
            answer += chunk
        pid = int(json.loads(answer)["pid"])
        connection.settimeout(None)
        return ForkedKernel(connection, pid)
    except (OSError, ValueError, KeyError):  # gone, refused, timed out: the usual launch
        connection.close()
        return None


def kill_forked_kernels() -> None:
    """SIGKILL every forked kernel this process started that has not ended (a worker that is stopped)."""
    for kernel in list(_RUNNING.values()):
        kernel.kill()


def start_warm_process(kernel_cmd: list[str], cwd: Path) -> tuple[WarmProcess, subprocess.Popen] | None:
    """Start the warm process for kernels of ``kernel_cmd`` (a kernelspec's ``argv``) run in ``cwd``; ``None``
    where it cannot be used (not Linux, another kind of kernel, a coverage run). It imports in the background;
    the first requests wait in its socket's queue.

    Example
    -------
    >>> start_warm_process(["/usr/bin/R", "--slave", "-f", "{connection_file}"], Path(".")) is None  # not ipykernel
    True
    """
    command = zygote_command(kernel_cmd)
    if command is None or not sys.platform.startswith("linux") or not hasattr(os, "pidfd_open") \
            or any(name in os.environ for name in COVERAGE_ENV):
        return None
    folder = tempfile.mkdtemp(prefix=f"{KERNEL_FOLDER_PREFIX}{os.getpid()}-")  # mode 0700: only this user
    address = os.path.join(folder, "zygote")
    env = dict(os.environ)
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(address)
        listener.listen(64)
        process = subprocess.Popen(
            [*command, str(ZYGOTE_SCRIPT), str(listener.fileno()), str(os.getpid())], cwd=str(cwd), env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(listener.fileno(),),
        )
    return WarmProcess(address, tuple(command), str(cwd), env, process.pid), process


@contextmanager
def warm_kernels(kernel_cmd: list[str] | None, cwd: Path) -> Iterator[WarmProcess | None]:
    """While it lasts, kernels of ``kernel_cmd`` in ``cwd`` started by this process or the workers it forks are
    forked from a warm process (when one can be used); it is killed at the end, with any kernel left.

    Example
    -------
    >>> with warm_kernels(["R", "-f", "{connection_file}"], Path(".")) as warm:
    ...     warm is None
    True
    """
    global _WARM
    started = start_warm_process(kernel_cmd, cwd) if kernel_cmd else None
    if started is None:
        yield None
        return
    _WARM, process = started
    try:
        yield _WARM
    finally:
        warm, _WARM = _WARM, None
        process.kill()
        process.wait()
        shutil.rmtree(os.path.dirname(warm.address), ignore_errors=True)
