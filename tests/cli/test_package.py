"""clusterkg as a package: a wheel installed into a fresh virtual environment outside the checkout runs
every command on its embedded data, with the same bytes as the editable install."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# every command, as a user runs it from a folder of their own; OUT is replaced by the output folder
COMMANDS = {
    "build": ["build", "--out", "OUT/build"],
    "queries": ["queries"],
    "query": ["query", "clusters-in-place", "-p", "place=Coventry", "--format", "csv", "--output", "OUT/coventry.csv"],
    "validate": ["validate"],
    "check-source": ["check-source"],
    "network": ["network", "--export", "OUT/clusters.gexf", "--network", "projection"],
    "export": ["export", "--all", "OUT/publish", "--issued", "2025-01-31"],
    "viz": ["viz", "--out", "OUT/viz"],
    "site": ["site", "OUT/site"],
}


def _run(clusterkg: Path, args: list[str], out: Path, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS="100", CLUSTERKG_CACHE_DIR=str(out / "cache"), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    return subprocess.run([str(clusterkg), *[a.replace("OUT", str(out)) for a in args]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "--disable-pip-version-check",
                            "-w", str(dist), str(ROOT)], capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    [found] = dist.glob("clusterkg-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """``clusterkg`` of a fresh virtual environment with the wheel (and its dependencies) installed."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # a checkout on it: pip sees clusterkg there
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True, timeout=900, cwd=env_dir, env=env)
    assert done.returncode == 0, done.stderr
    return env_dir / "bin" / "clusterkg"


def test_the_wheel_carries_the_data_ontology_queries_templates_and_py_typed(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("clusterkg/bundled/data/plan.yaml", "clusterkg/bundled/data/source/cluster-growth-profiles.txt",
                 "clusterkg/bundled/ontology/clusterkg.ttl", "clusterkg/bundled/ontology/shapes.ttl",
                 "clusterkg/bundled/queries/shared-levers.rq", "clusterkg/bundled/queries/checks/"
                 "missing-label-violation.rq", "clusterkg/bundled/templates/view.html",
                 "clusterkg/py.typed"):  # PEP 561: type checkers read the package's annotations
        assert path in names, path
    profiles = {n for n in names if n.startswith("clusterkg/bundled/data/profiles/")}
    assert len(profiles) == len(list((ROOT / "data" / "profiles").glob("*.yaml")))


def test_every_command_runs_from_the_wheel_with_the_editable_install_s_bytes(installed, tmp_path):
    editable = Path(sys.executable).parent / "clusterkg"
    outputs = {}
    for name, install in (("wheel", installed), ("editable", editable)):
        out, cwd = tmp_path / name, tmp_path / f"{name}-cwd"
        cwd.mkdir()
        for command, args in COMMANDS.items():
            result = _run(install, args, out, cwd)
            assert result.returncode == 0, f"{name} {command}: {result.stderr}"
            assert "Traceback" not in result.stderr
            page = re.escape("/data/source/cluster-growth-profiles.txt")  # check-source names the page it read
            outputs[name, command] = re.sub(rf"\S*{page}", "PAGE", result.stdout.replace(str(out), "OUT"))
        assert "/lib/python" not in outputs[name, "build"]
    for command in COMMANDS:
        assert outputs["wheel", command] == outputs["editable", command], command
    assert "12" in outputs["wheel", "queries"] or "shared-levers" in outputs["wheel", "queries"]
    assert outputs["wheel", "check-source"].rstrip().endswith("OK: the profiles match the page.")
    assert outputs["wheel", "validate"].startswith("OK: ")
    comparison = filecmp.dircmp(tmp_path / "wheel", tmp_path / "editable", ignore=["cache"])
    assert _differences(comparison) == []
    assert (tmp_path / "wheel" / "publish" / "SHA256SUMS").is_file()
    assert (tmp_path / "wheel" / "coventry.csv").read_text(encoding="utf-8").count("\n") == 5  # header + 4


def _differences(comparison: filecmp.dircmp) -> list[str]:
    found = [f"{comparison.left}/{n}" for n in comparison.diff_files + comparison.left_only + comparison.right_only]
    for sub in comparison.subdirs.values():
        found += _differences(sub)
    return found
