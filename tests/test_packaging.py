"""The two install routes (pip via pyproject.toml, conda via environment.yml) must ask for the same packages."""

from __future__ import annotations

import re
import tomllib

import yaml

from conftest import PROJECT_ROOT

# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {}


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_name_and_spec(r) for r in requirements)


def conda_requirements() -> dict[str, str]:
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    specs = dict(_name_and_spec(d) for d in environment["dependencies"] if isinstance(d, str))
    specs.pop("python"), specs.pop("pip")
    return {CONDA_TO_PYPI.get(name, name): spec for name, spec in specs.items()}


def disagreements(conda: dict[str, str], pip: dict[str, str]) -> list[str]:
    """Packages one route asks for and the other does not, or asks for with another version specifier."""
    return sorted(name for name in conda.keys() | pip.keys() if conda.get(name) != pip.get(name))


def test_environment_yml_and_pyproject_agree():
    assert len(pyproject_requirements()) >= 20  # the comparison below has something to compare
    assert disagreements(conda_requirements(), pyproject_requirements()) == []


def test_environment_yml_pins_python_and_installs_the_package():
    environment = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text())
    assert "python=3.11" in environment["dependencies"]
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert pip_section == ["-e ."]


def test_requirement_parsing_catches_a_disagreement():
    assert _name_and_spec("pandas >=2.2") == ("pandas", ">=2.2")
    assert _name_and_spec("PyYAML>=6.0") == ("pyyaml", ">=6.0")
    assert _name_and_spec("typing_extensions >= 4.0, <5") == ("typing-extensions", ">=4.0,<5")
    conda = {"pandas": ">=2.1", "numpy": ">=1.26", "seaborn": ">=0.13"}
    pip = {"pandas": ">=2.2", "numpy": ">=1.26", "scipy": ">=1.11", "seaborn": ">=0.13"}
    assert disagreements(conda, pip) == ["pandas", "scipy"]  # another version; missing from one route
    assert disagreements(pip, pip) == []
