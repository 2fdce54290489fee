"""The packaged template: the one `make package` just built when PALABRE_PACKAGED_DIR names it (`make test` does),
otherwise built once per session into a temporary folder by the same script (infrastructure/package.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT


@pytest.fixture(scope="session")
def packaged_dir(tmp_path_factory) -> str:
    if os.environ.get("PALABRE_PACKAGED_DIR"):
        out = os.path.join(ROOT, os.environ["PALABRE_PACKAGED_DIR"])
        assert os.path.isfile(os.path.join(out, "sam.yaml")), f"PALABRE_PACKAGED_DIR: no sam.yaml in {out}"
        return out
    out = str(tmp_path_factory.mktemp("deploy"))
    result = subprocess.run([sys.executable, os.path.join(ROOT, "infrastructure", "package.py"), out],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"infrastructure/package.py failed:\n{result.stdout}\n{result.stderr}"
    return out


@pytest.fixture(scope="session")
def packaged_template_path(packaged_dir) -> str:
    return os.path.join(packaged_dir, "sam.yaml")


@pytest.fixture(scope="session")
def _packaged_template(packaged_template_path) -> dict:
    with open(packaged_template_path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture
def packaged_template(_packaged_template) -> dict:
    """A deep copy per test, so a test may change it."""
    import copy

    return copy.deepcopy(_packaged_template)
