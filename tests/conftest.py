from pathlib import Path

import pytest

from workbench import Project

from postgres import postgres_server, postgres_url, store_target  # noqa: F401  (fixtures: a real PostgreSQL)
from support import REPO, SAMPLE_DATA, VALIDATION, snapshot  # noqa: F401  (shared with test files)



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
