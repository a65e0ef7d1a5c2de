"""innovlib.paths: the project root is found from the working directory (like git), then the package location;
each folder can be moved by its environment variable."""

from __future__ import annotations

import pytest

from conftest import write_notebook
from innovlib import data, paths, runner
from innovlib.parameters import absolute_path

FOLDER_ENVS = ("INNOVLIB_NOTEBOOKS_DIR", "INNOVLIB_DATA_DIR", "INNOVLIB_OUTPUTS_DIR")


def make_checkout(folder, name="innovlib"):
    """The markers of a checkout: pyproject.toml naming the project, notebooks/ and data/."""
    (folder / "notebooks").mkdir(parents=True)
    (folder / "data").mkdir()
    (folder / "pyproject.toml").write_text(f'[project]\nname = "{name}"\nversion = "0.1.0"\n')
    return folder


@pytest.fixture
def no_overrides(monkeypatch):
    for name in FOLDER_ENVS:
        monkeypatch.delenv(name, raising=False)


def test_cwd_inside_a_copy_uses_the_copy(tmp_path, monkeypatch, no_overrides):
    copy = make_checkout(tmp_path / "copy")
    deeper = copy / "notebooks" / "drafts"
    deeper.mkdir()
    monkeypatch.chdir(deeper)
    assert paths.project_root() == copy
    assert (paths.notebooks_dir(), paths.data_dir(), paths.outputs_dir()) == (
        copy / "notebooks", copy / "data", copy / "outputs")
    assert data.data_dir() == copy / "data" and absolute_path("list.csv") == copy / "list.csv"  # as notebooks do


def test_cwd_elsewhere_falls_back_to_the_package_checkout(tmp_path, monkeypatch, no_overrides):
    monkeypatch.chdir(tmp_path)
    assert paths.project_root() == paths.PACKAGE_CHECKOUT
    assert paths.data_dir() == paths.PACKAGE_CHECKOUT / "data"


@pytest.mark.parametrize("broken", ["other_project", "no_data_folder", "bad_toml"])
def test_a_folder_without_every_marker_is_not_a_project_root(tmp_path, monkeypatch, no_overrides, broken):
    outer = make_checkout(tmp_path / "outer")
    inner = outer / "inner"
    make_checkout(inner, name="someone-else" if broken == "other_project" else "innovlib")
    if broken == "no_data_folder":
        (inner / "data").rmdir()
    elif broken == "bad_toml":
        (inner / "pyproject.toml").write_text("[project\nname = innovlib")
    monkeypatch.chdir(inner / "notebooks")
    assert paths.project_root() == outer  # the walk goes on upwards to the first real checkout


def test_environment_variables_override_each_folder(tmp_path, monkeypatch):
    copy = make_checkout(tmp_path / "copy")
    monkeypatch.chdir(copy)
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(tmp_path / "nb"))
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "out"))
    assert (paths.notebooks_dir(), paths.data_dir(), paths.outputs_dir()) == (
        tmp_path / "nb", tmp_path / "d", tmp_path / "out")
    assert paths.project_root() == copy  # the root itself is still found from the working directory


def test_a_run_planned_inside_a_copy_uses_its_notebooks_and_resolves_paths_there(tmp_path, monkeypatch, no_overrides):
    copy = make_checkout(tmp_path / "copy")
    write_notebook(copy / "notebooks", "only_here", 'rows: "path | None" = None  # a file', "")
    (copy / "lists").mkdir()
    (copy / "lists" / "mine.csv").write_text("a\n1\n")
    monkeypatch.chdir(copy)
    assert list(runner.discover()) == ["only_here"]
    task, = runner.plan(["only_here"], overrides={"rows": "lists/mine.csv"})
    assert task.notebook == copy / "notebooks" / "only_here.ipynb"
    assert task.project_root == copy
    assert task.values["rows"] == str(copy / "lists" / "mine.csv")
    assert task.output_dir.parent == (copy / "outputs").resolve()
