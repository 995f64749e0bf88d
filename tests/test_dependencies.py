"""The dependency check (issue 9): installed and pinned versions against the advisories
table in tests/known_vulnerable.toml. No network; the table is kept by hand."""

import tomllib
from importlib.metadata import PackageNotFoundError, distributions, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from support import REPO

TABLE = Path(__file__).with_name("known_vulnerable.toml")


def advisories() -> list[dict]:
    return tomllib.loads(TABLE.read_text())["advisory"]


def problems(installed: dict[str, str], table: list[dict]) -> list[str]:
    """One line per installed package whose version falls in a vulnerable range."""
    found = []
    for advisory in table:
        current = installed.get(canonicalize_name(advisory["package"]))
        if current is not None and Version(current).release and \
                SpecifierSet(advisory["vulnerable"]).contains(Version(current).base_version, prereleases=True):
            found.append(f"{advisory['package']} {current} is {advisory['vulnerable']}: {advisory['reason']}")
    return found


def test_the_check_catches_a_vulnerable_version():
    table = advisories()
    assert problems({"jupyter-server": "2.20.9"}, table)[0].startswith("jupyter_server 2.20.9 is <2.21.0")
    assert problems({"jupyter-server": "2.21.0", "torch": "2.13.0+cpu"}, table) == []
    assert problems({"torch": "2.5.1+cpu"}, table) and problems({"jinja2": "3.1.5"}, table)


def test_every_advisory_row_is_complete():
    for advisory in advisories():
        assert set(advisory) == {"package", "vulnerable", "reason"}, advisory
        SpecifierSet(advisory["vulnerable"])  # a valid specifier
        assert len(advisory["reason"]) > 20


def test_jupyter_server_is_at_least_2_21():
    assert Version(version("jupyter_server")) >= Version("2.21.0")


def test_no_installed_package_has_a_known_advisory():
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in distributions()}
    assert problems(installed, advisories()) == []


def test_what_the_project_pins_is_not_vulnerable():
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    requirements = [Requirement(line) for line in pyproject["project"]["dependencies"]]
    pinned = {canonicalize_name(req.name): str(next(iter(req.specifier))).lstrip("=")
              for req in requirements if len(req.specifier) == 1 and next(iter(req.specifier)).operator == "=="}
    assert problems(pinned, advisories()) == []
    torch = [req for req in requirements if canonicalize_name(req.name) == "torch"]
    assert all(str(req.specifier).startswith("==") for req in torch), "torch must be pinned"
    try:
        assert Version(version("torch")).base_version == pinned["torch"]
    except (PackageNotFoundError, KeyError):
        assert not torch
