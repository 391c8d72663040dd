"""Fixtures shared by the Python package's tests. CTest sets PYTHONPATH to the build tree's
package, EXPORTCTL_SOURCE_DIR to the repository and EXPORTCTL_CLI to the built command line."""
import os
import shutil
from pathlib import Path

import pytest

SOURCE_DIR = Path(os.environ.get("EXPORTCTL_SOURCE_DIR",
                                 Path(__file__).resolve().parents[3]))
GOLDEN = SOURCE_DIR / "tests" / "golden" / "decisions"
EXAMPLES = SOURCE_DIR / "examples"


def pytest_configure(config):
    config.addinivalue_line("markers", "install: the slow pip-install-into-a-venv test")


@pytest.fixture(scope="session")
def engine():
    import exportctl

    return exportctl.Engine()


@pytest.fixture(scope="session")
def diffusion():
    import exportctl

    return exportctl.Engine(scenario="ai-diffusion-2025")


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("EXPORTCTL_CLI") or shutil.which("exportctl")
    if not path:
        pytest.skip("the exportctl command line is not available (set EXPORTCTL_CLI)")
    return path


def minimal(**over):
    """A valid three-party shipment as a dict; keyword arguments replace top-level keys."""
    s = {
        "id": "T-1", "date": "2025-06-01",
        "items": [{"product": "nvidia-h100-sxm5-80gb", "quantity": 8}],
        "parties": [
            {"id": "exp", "name": "Example Inc.", "country": "US", "role": "exporter"},
            {"id": "dist", "name": "Example Asia Pte. Ltd.", "country": "SG", "role": "distributor"},
            {"id": "eu", "name": "Example Labs", "country": "MY", "role": "end_user"},
        ],
        "transfers": [{"from": "exp", "to": "dist"}, {"from": "dist", "to": "eu"}],
    }
    s.update(over)
    return s
