"""Kernels forked from the run's warm process (innovlib.runner.kernels and innovlib.runner.zygote): the same kernel
as a launched one (its folder, environment, session, inline figures), killed on a timeout, with its worker and
with the warm process; nothing outlives the run; a warm process that is gone or cannot give the same kernel means
the normal launch."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
from pathlib import Path

import psutil
import pytest
from jupyter_client.connect import write_connection_file
from jupyter_client.kernelspec import KernelSpecManager

from innovlib import runner
from innovlib.runner import execution, kernels
from innovlib.runner.zygote import INLINE_BACKEND

pytestmark = pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="kernels are forked on Linux only")

FAULTS = Path(__file__).resolve().parents[1] / "faults"
KERNEL = runner.find_kernel()
ARGV = KernelSpecManager().get_kernel_spec(KERNEL).argv
PROBE = ("import os, matplotlib\nprint(os.getcwd(), os.environ.get('PROBE'), os.getpid(), os.getppid(), os.getsid(0),"
         " matplotlib.get_backend())")


async def _run_in_kernel(cwd: Path, code: str) -> tuple[object, str]:
    """Start a kernel as the runner does, run ``code``, shut it down; its process handle and what it printed."""
    manager = execution._private_ipc_kernel_manager()(kernel_name=KERNEL)
    await manager.start_kernel(cwd=str(cwd))
    process = manager.provisioner.process
    client = manager.client()
    client.start_channels()
    printed = []
    try:
        await client.wait_for_ready(timeout=120)
        await client.execute_interactive(code, timeout=120, output_hook=lambda message: printed.append(
            message["content"].get("text", "")) if message["msg_type"] == "stream" else None)
    finally:
        client.stop_channels()
        await manager.shutdown_kernel()
    return process, "".join(printed)


def _gone(pid: int, seconds: float = 30) -> bool:
    try:
        process = psutil.Process(pid)
        process.wait(timeout=seconds)
    except psutil.NoSuchProcess:
        return True
    except psutil.TimeoutExpired:
        return process.status() == psutil.STATUS_ZOMBIE
    return True


def _kernel_command(folder: Path) -> list[str]:
    """A kernel command line with a connection file of its own (Unix sockets in ``folder``)."""
    connection_file = folder / "kernel.json"
    write_connection_file(str(connection_file), transport="ipc", ip=str(folder / "k"))
    return [*kernels.zygote_command(ARGV), "-m", "ipykernel_launcher", "-f", str(connection_file)]


def test_a_forked_kernel_runs_in_the_notebook_folder_with_its_environment_in_a_session_of_its_own(tmp_path,
                                                                                                   monkeypatch):
    monkeypatch.setenv("PROBE", "warm")
    with kernels.warm_kernels(ARGV, tmp_path) as warm:
        assert warm is not None, f"the kernel {KERNEL} ({ARGV}) should be one a warm process can give"
        process, printed = asyncio.run(_run_in_kernel(tmp_path, PROBE))
        assert isinstance(process, kernels.ForkedKernel)
        cwd, probe, pid, parent, session, backend = printed.split()
        assert (Path(cwd), probe, int(pid), int(parent), int(session)) == (tmp_path, "warm", process.pid, warm.pid,
                                                                           process.pid)
        assert backend == INLINE_BACKEND  # the inline figures of a launched kernel
        assert process.returncode == 0  # it shut down cleanly when asked
        folder = Path(warm.address).parent
        assert folder.name.startswith(f"{kernels.KERNEL_FOLDER_PREFIX}{os.getpid()}-")
    assert _gone(warm.pid) and not folder.exists()


def test_another_folder_or_environment_or_a_dead_warm_process_means_the_normal_launch(tmp_path, monkeypatch):
    (tmp_path / "other").mkdir()
    monkeypatch.setenv("PROBE", "before")
    with kernels.warm_kernels(ARGV, tmp_path) as warm:
        process, printed = asyncio.run(_run_in_kernel(tmp_path / "other", PROBE))
        assert isinstance(process, subprocess.Popen) and printed.split()[0] == str(tmp_path / "other")
        monkeypatch.setenv("PROBE", "changed")  # the warm process imported under "before"
        process, printed = asyncio.run(_run_in_kernel(tmp_path, PROBE))
        assert isinstance(process, subprocess.Popen) and printed.split()[1] == "changed"
        monkeypatch.setenv("PROBE", "before")
        os.kill(warm.pid, signal.SIGKILL)  # a crashed warm process: its socket refuses, the kernel is launched
        assert _gone(warm.pid)
        process, printed = asyncio.run(_run_in_kernel(tmp_path, PROBE))
        assert isinstance(process, subprocess.Popen) and printed.split()[1] == "before"


def test_a_kernel_dies_with_the_warm_process_and_with_the_worker_that_asked_for_it(tmp_path):
    with kernels.warm_kernels(ARGV, tmp_path) as warm:
        first = kernels.fork_kernel(_kernel_command(tmp_path), None, tmp_path)
        second = kernels.fork_kernel(_kernel_command(tmp_path), None, tmp_path)
        assert first.poll() is None and second.poll() is None
        assert psutil.Process(first.pid).ppid() == warm.pid
        first._connection.close()  # what a worker's death does: the warm process kills its kernel
        assert _gone(first.pid)
        os.kill(warm.pid, signal.SIGKILL)
        assert second.wait(30) == -signal.SIGKILL and _gone(second.pid)


def test_a_stopped_worker_kills_its_forked_kernel(tmp_path):
    with kernels.warm_kernels(ARGV, tmp_path):
        kernel = kernels.fork_kernel(_kernel_command(tmp_path), None, tmp_path)
        kernels.kill_forked_kernels()
        assert kernel.wait(30) == -signal.SIGKILL
        assert kernel.pid not in kernels._RUNNING


def test_a_forked_kernel_is_killed_on_timeout_and_nothing_outlives_the_run(tmp_path, monkeypatch):
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.setenv("FAULT_MARKER", str(tmp_path / "started"))
    spied = tmp_path / "forked.jsonl"

    def spy(kernel_cmd, env, cwd):  # inherited by the forked worker: records what the warm process gave
        kernel = kernels.fork_kernel(kernel_cmd, env, cwd)
        with open(spied, "a") as out:
            out.write(json.dumps({"kernel": kernel and kernel.pid, "warm": kernels._WARM.pid}) + "\n")
        return kernel

    monkeypatch.setattr(execution, "fork_kernel", spy)
    monkeypatch.setattr(kernels, "WARM_FROM_KERNELS", 1)  # one notebook alone is launched as usual
    tasks = runner.plan(["sleepy"], kernel=KERNEL, timeout=2)
    [result] = runner.run(tasks, jobs=1, progress=lambda line: None)
    assert result.status == "failed"
    assert result.error == "CellTimeoutError: a cell ran longer than the --timeout of 2 s"
    [forked] = [json.loads(line) for line in spied.read_text().splitlines()]
    assert forked["kernel"] == int((tmp_path / "started").read_text())  # the notebook ran in the forked kernel
    assert _gone(forked["kernel"]) and _gone(forked["warm"])
    assert not list(Path(kernels.tempfile.gettempdir()).glob(f"{kernels.KERNEL_FOLDER_PREFIX}{os.getpid()}-*"))


def test_a_finished_notebook_stops_its_kernel_without_an_interrupt_and_a_timed_out_one_is_interrupted(tmp_path):
    """papermill asks for the kernel's info after the last cell and shuts the kernel down at once; the interrupt a
    shutdown sends first then landed in the kernel's handler of that request, which logged "KeyboardInterrupt
    caught in kernel." on runs that succeeded."""
    import nbformat
    import papermill

    signals, log = [], tmp_path / "kernel-stderr.txt"

    class Recording(execution._private_ipc_kernel_manager()):
        async def _async_launch_kernel(self, kernel_cmd, **kw):  # launched as usual, its stderr kept
            kw["stderr"] = kw["stdout"] = open(log, "a")
            return await super()._async_launch_kernel(kernel_cmd, **kw)

        async def _async_signal_kernel(self, signum):
            signals.append(signum)
            await super()._async_signal_kernel(signum)

    def execute(source: str, timeout=None):
        path = tmp_path / "nb.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)]), path)
        papermill.execute_notebook(str(path), str(tmp_path / "out.ipynb"), kernel_name=KERNEL, progress_bar=False,
                                   engine_name=execution._papermill_engine(), kernel_manager_class=Recording,
                                   execution_timeout=timeout)

    execute("print(6 * 7)")
    assert signals == [] and "KeyboardInterrupt" not in log.read_text()
    assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[0].outputs[0]["text"] == "42\n"
    with pytest.raises(Exception, match="Cell execution timed out|timed out"):
        execute("import time\ntime.sleep(60)", timeout=2)
    assert signals == [signal.SIGINT]  # the busy kernel is interrupted before its shutdown, as before


def test_a_warm_process_is_started_for_two_notebooks_of_one_folder_and_kernel_not_for_one(monkeypatch):
    from innovlib.runner.scheduling import _kernel_command

    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    both = runner.plan(["quick", "sleepy"], kernel=KERNEL)
    assert _kernel_command(both) == (ARGV, FAULTS / "notebooks")
    assert _kernel_command(both[:1]) == (None, FAULTS / "notebooks")
