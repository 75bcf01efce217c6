"""scripts/setup: what a person sees while the first run installs, and silence after.

The script runs in a copy of the project folder with a stand-in Python: its ``-m venv``
makes a ``.venv/bin/python`` that only writes down what pip was asked, so nothing is
installed and the test takes a moment.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    shutil.which("bash") is None or shutil.which("sha256sum") is None,
    reason="scripts/setup is a bash script using sha256sum",
)

# A stand-in for python3: passes the version check; `-m venv DIR` makes DIR/bin/python,
# which appends its arguments to pip.log instead of running pip.
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    printf '#!/usr/bin/env bash\\necho "$*" >> pip.log\\n' > "$3/bin/python"
    chmod +x "$3/bin/python"
fi
exit 0
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "setup", tmp_path / "scripts" / "setup")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "warroom"\n')
    python = tmp_path / "fake-python3"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return tmp_path


def _setup(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(project / "scripts" / "setup")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHON": str(project / "fake-python3")},
        timeout=60,
        check=False,
    )


def _pip_runs(project: Path) -> int:
    log = project / "pip.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_the_first_run_says_what_it_is_doing_then_stays_quiet(project: Path) -> None:
    first = _setup(project)
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    assert first.stderr == "Setting up warroom in .venv (first run, about 30 s)…\n"
    assert _pip_runs(project) == 2  # pip itself, then warroom with its tools

    again = _setup(project)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert _pip_runs(project) == 2  # nothing to install


def test_a_changed_pyproject_says_it_updates(project: Path) -> None:
    assert _setup(project).returncode == 0
    (project / "pyproject.toml").write_text('[project]\nname = "warroom"\nversion = "2"\n')
    updated = _setup(project)
    assert updated.returncode == 0, updated.stderr
    assert updated.stderr == "Updating warroom in .venv (pyproject.toml changed, about 30 s)…\n"
    assert _pip_runs(project) == 4
    assert _setup(project).stderr == ""


def test_a_broken_environment_is_set_up_again(project: Path) -> None:
    assert _setup(project).returncode == 0
    (project / ".venv" / "bin" / "python").unlink()  # the stamp is left behind
    again = _setup(project)
    assert again.returncode == 0, again.stderr
    assert again.stderr.startswith("Setting up warroom in .venv")
    assert _pip_runs(project) == 4


def _need_chromium(
    chromium: Path, path: str, ci: bool, tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(CHROMIUM=str(chromium), PATH=path, **({"CI": "true"} if ci else {}))
    bash = shutil.which("bash")
    assert bash is not None
    return subprocess.run(
        [bash, str(ROOT / "scripts" / "need-chromium")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_need_chromium_is_silent_when_chromium_is_there(tmp_path: Path) -> None:
    present = tmp_path / "chromium"
    present.write_text("#!/bin/sh\n")
    present.chmod(0o755)
    result = _need_chromium(present, str(tmp_path), ci=True, tmp_path=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_need_chromium_says_why_it_cannot_install(tmp_path: Path) -> None:
    """No Chromium and no apt-get: one line, then on (the browser test skips), except under
    CI, where a browser test that cannot run is a failure."""
    missing = tmp_path / "no-chromium"
    here = _need_chromium(missing, str(tmp_path), ci=False, tmp_path=tmp_path)
    assert here.returncode == 0
    assert here.stderr.count("\n") == 1 and "no apt-get" in here.stderr
    assert "will be skipped" in here.stderr
    ci = _need_chromium(missing, str(tmp_path), ci=True, tmp_path=tmp_path)
    assert ci.returncode == 1 and "no apt-get" in ci.stderr
