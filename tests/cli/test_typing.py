"""A typed package: type checkers see every public name with its type (though names load lazily at run
time), and a user's mistake with the public API is caught by mypy."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import clusterkg

ROOT = Path(__file__).resolve().parents[2]
INIT = ROOT / "src" / "clusterkg" / "__init__.py"


def _names_for_type_checkers() -> set[str]:
    """The names the ``if TYPE_CHECKING:`` block of ``clusterkg/__init__.py`` imports."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    [block] = [node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"]
    return {alias.asname or alias.name for node in block.body if isinstance(node, ast.ImportFrom)
            for alias in node.names if node.module != "typing"}


def test_type_checkers_see_every_public_name_and_only_those():
    assert _names_for_type_checkers() == set(clusterkg.__all__) - {"__version__"}


def test_each_name_type_checkers_see_is_the_object_the_package_gives():
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    [block] = [node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"]
    for node in block.body:
        if isinstance(node, ast.ImportFrom) and node.module != "typing":
            module = __import__(f"clusterkg.{node.module}", fromlist=["_"])
            for alias in node.names:
                assert getattr(clusterkg, alias.asname) is getattr(module, alias.name), alias.name


def test_a_users_type_checker_catches_a_wrong_use_of_the_public_api(tmp_path):
    pytest.importorskip("mypy", reason="the test extra: pip install -e '.[test]'")
    (tmp_path / "notebook.py").write_text(
        "import clusterkg\n"
        "kg = clusterkg.KnowledgeGraph.from_data()\n"
        "rows: int = kg.query('clusters')\n"          # line 3: a QueryResult is not an int
        "kg.query(42)\n"                             # line 4: a query's name is a str
        "records: list[dict[str, object]] = kg.records('clusters')\n", encoding="utf-8")
    env = dict(os.environ, MYPYPATH=str(ROOT / "src"))
    done = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary",
                           "--cache-dir", str(tmp_path / "cache"), "notebook.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 2, done.stdout + done.stderr
    assert errors[0].startswith("notebook.py:3:") and '"QueryResult"' in errors[0] and '"int"' in errors[0]
    assert errors[1].startswith("notebook.py:4:") and '"query" of "KnowledgeGraph"' in errors[1]
