"""The layers of DESIGN.md hold: import-linter's contract in pyproject.toml is kept, and it would catch an upward import."""

import shutil
import subprocess
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)


def copy_apps(tree: Path) -> None:
    """The apps and the contract, copied to ``tree`` so a test can break them."""
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]
    for package in packages:
        shutil.copytree(ROOT / package, tree / package, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")


def test_the_layer_contract_is_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    copy_apps(tmp_path)
    # quizzes sits below teachers: quizzes must never know about classes.
    with (tmp_path / "quizzes" / "scoring.py").open("a") as scoring:
        scoring.write("\nfrom teachers import models as _upward  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "BROKEN" in result.stdout
    assert "quizzes.scoring -> teachers.models" in result.stdout


def test_the_question_bank_importing_attempts_breaks_its_contract(tmp_path):
    copy_apps(tmp_path)
    with (tmp_path / "quizzes" / "models" / "bank.py").open("a") as bank:
        bank.write("\nfrom quizzes.models import attempts as _attempts  # noqa\n")

    result = lint_imports(tmp_path)

    assert result.returncode == 1
    assert "The question bank knows nothing of quiz pages or attempts BROKEN" in result.stdout
