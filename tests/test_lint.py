"""The code stays clean: ruff (lint and format) and mypy over the package, as .ci/run checks them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess:
    """Run a tool of this virtual environment in the checkout and return what it printed."""
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_check_and_format_are_clean():
    checked = run("ruff", "check", "reader", "tests", ".docs")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    formatted = run("ruff", "format", "--check", "reader", "tests", ".docs")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_mypy_is_clean():
    typed = run("mypy")
    assert typed.returncode == 0, typed.stdout + typed.stderr
