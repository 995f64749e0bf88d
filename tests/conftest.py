from pathlib import Path

import pytest

from workbench import Project

from postgres import postgres_server, postgres_url, store_target  # noqa: F401  (fixtures: a real PostgreSQL)
from support import REPO, SAMPLE_DATA, VALIDATION, snapshot  # noqa: F401  (shared with test files)

BROWSER_TESTS = Path(__file__).parent / "ui"


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """For two workers (scripts/test: `-n 2 --dist loadgroup`): the browser tests run one at a
    time on one worker, first because they take longest, while the other worker runs the rest;
    every other file stays whole on one worker, so its module fixtures are built once."""
    def in_browser(item) -> bool:
        return BROWSER_TESTS in Path(item.fspath).parents

    for item in items:
        item.add_marker(pytest.mark.xdist_group("browser" if in_browser(item) else Path(item.fspath).stem))
    items.sort(key=lambda item: not in_browser(item))  # stable: each file keeps its order


@pytest.fixture
def validation() -> Path:
    if not VALIDATION.is_dir():
        pytest.fail(f"The shared validation material is missing at {VALIDATION} (set WORKBENCH_VALIDATION).")
    return VALIDATION


@pytest.fixture
def project_path(tmp_path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(project_path):
    with Project.create(project_path, member="Alex Morgan", role="researcher") as opened:
        yield opened


@pytest.fixture(scope="session")
def sample_project(tmp_path_factory) -> Path:
    """The sample study, built once per test session; copy it before changing it."""
    from workbench.sample import build_sample_project

    return build_sample_project(tmp_path_factory.mktemp("sample") / "home-safe.db")


@pytest.fixture
def backend_project(store_target):
    """Like `project`, once in a SQLite file and once in a PostgreSQL database."""
    with Project.create(store_target, member="Alex Morgan", role="researcher") as opened:
        yield opened
