"""Planning refuses a run that cannot start, before any kernel: each set-up problem is one message naming what to
fix; and the kernel found is the project's, else this Python's."""

from __future__ import annotations

import pytest

from conftest import FAULTS
from innovlib.parameters import ParameterError
from innovlib.runner.discovery import find_kernel
from innovlib.runner.planning import plan
from innovlib.runner.tasks import SetupError


@pytest.fixture
def quick_env(tmp_path, monkeypatch):
    """The fault-suite notebooks and data, and an empty outputs folder."""
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(FAULTS / "data"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    return tmp_path


@pytest.mark.parametrize("timeout", [0, -5, float("nan"), float("inf"), True, "60"])
def test_a_timeout_that_is_not_a_positive_number_is_refused(quick_env, timeout):
    with pytest.raises(SetupError, match="the timeout must be a positive number of seconds"):
        plan(["quick"], kernel="python3", timeout=timeout)


def test_each_set_up_problem_is_named(quick_env, monkeypatch):
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(quick_env / "no-data"))
    with pytest.raises(SetupError, match=f"the data folder {quick_env / 'no-data'} does not exist"):
        plan(["quick"], kernel="python3")
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(FAULTS / "data"))
    (quick_env / "file.ipynb").write_text("{}")
    with pytest.raises(SetupError, match="is not a folder of notebooks"):
        plan(["quick"], kernel="python3", notebooks=quick_env / "file.ipynb")
    (quick_env / "empty").mkdir()
    with pytest.raises(SetupError, match="no notebooks in"):
        plan(["quick"], kernel="python3", notebooks=quick_env / "empty")
    with pytest.raises(SetupError, match="unknown notebook\\(s\\) nope; available: quick, sleepy"):
        plan(["quick", "nope"], kernel="python3")
    with pytest.raises(ParameterError, match="parameters given for notebook\\(s\\) not being run: sleepy"):
        plan(["quick"], per_notebook={"sleepy": {"seconds": 1}}, kernel="python3")


def test_a_notebook_named_twice_is_planned_once_with_its_defaults(quick_env):
    [task] = plan(["quick", "quick"], kernel="python3", timeout=60)
    assert (task.name, task.is_default, task.timeout, task.kernel) == ("quick", True, 60, "python3")
    assert task.values == task.defaults == {"label": "tiny", "n": 3, "weights": [1.0], "rows": None}
    assert task.output_dir == (quick_env / "outputs" / "quick").resolve()


def test_the_kernel_is_the_projects_else_this_pythons(monkeypatch):
    from jupyter_client.kernelspec import KernelSpecManager

    for specs, expected in [({"innovlib": "/k/innovlib", "python3": "/k/python3"}, "innovlib"),
                            ({"python3": "/k/python3"}, "python3")]:
        monkeypatch.setattr(KernelSpecManager, "find_kernel_specs", lambda self, specs=specs: specs)
        assert find_kernel() == expected
    monkeypatch.setattr(KernelSpecManager, "find_kernel_specs", lambda self: {"ir": "/k/ir"})
    with pytest.raises(SetupError, match="no Jupyter kernel found"):
        find_kernel()
