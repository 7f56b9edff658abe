"""The README's CLI and Python examples run as written, in a copy of the checkout.

Every ```sh and ```python block runs unless the line before it says
``<!-- not run by tests/test_readme.py: why -->``; in sh blocks, ``pip install``
lines are skipped (the environment running the tests is installed already).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

BLOCK = re.compile(r"(?P<before>[^\n]*)\n```(?P<lang>sh|python)\n(?P<code>.*?)\n```", re.DOTALL)


def _blocks(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [m.group("code") for m in BLOCK.finditer(text)
            if m.group("lang") == lang and "not run by tests/test_readme.py" not in m.group("before")]


@pytest.fixture
def checkout(tmp_path):
    for folder in ("examples", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "docs").mkdir()
    return tmp_path


def _env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def test_there_are_examples_to_run():
    assert len(_blocks("sh")) >= 2 and len(_blocks("python")) >= 1


@pytest.mark.parametrize("number", range(len(_blocks("sh"))))
def test_cli_examples_run(nlp, checkout, number):
    code = "\n".join(line for line in _blocks("sh")[number].splitlines() if not line.startswith("pip "))
    done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", code], cwd=checkout, env=_env(),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{code}\n--- stderr:\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("number", range(len(_blocks("python"))))
def test_python_examples_run(nlp, checkout, number):
    done = subprocess.run([sys.executable, "-c", _blocks("python")[number]], cwd=checkout, env=_env(),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
