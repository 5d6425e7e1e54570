"""House rules that a reader relies on: modules under 400 lines, functions under 60, no reaching into
another library's private attributes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted((ROOT / "src" / "clusterkg").rglob("*.py"))
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60
# private attributes of other libraries that code once reached into (rdflib, oxrdflib, pyvis)
FOREIGN_PRIVATE = re.compile(r"\._(inner|namespace_for_prefix|language|datatype|value|ill_typed)\b|"
                             r"\.(node_map|node_ids|contexts)\b|str\.__new__")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_modules_and_functions_are_short(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") < MAX_MODULE_LINES, f"{path.name} has {text.count(chr(10))} lines"
    long = [f"{node.name} ({node.end_lineno - node.lineno + 1} lines)" for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == [], f"{path.name}: {', '.join(long)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT / "src")))
def test_no_private_attribute_of_another_library_is_touched(path):
    found = [f"line {n}: {line.strip()}" for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if FOREIGN_PRIVATE.search(line) and not line.lstrip().startswith("#")]
    assert found == []


def test_the_command_line_and_its_constants_agree():
    from clusterkg.cli import push as push_command
    from clusterkg.remote.push import DEFAULT_BATCH_SIZE

    assert push_command.DEFAULT_BATCH_SIZE == DEFAULT_BATCH_SIZE
