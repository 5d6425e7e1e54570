"""Shared fixtures: the real data, its store and graph (built once; do not modify them), and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import clusterkg

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture(scope="session", autouse=True)
def cache_dir(tmp_path_factory):
    """The graph cache of ``clusterkg query`` for this test session (never the user's ~/.cache)."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["CLUSTERKG_CACHE_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def data():
    """The real profiles, entities and plan from data/."""
    return clusterkg.load_profiles()


@pytest.fixture(scope="session")
def real_store(data):
    """The graph built from the real data, in an Oxigraph store (behind ``store`` and ``graph``, so that a
    test may still use ``store`` as the name of a parameter)."""
    from clusterkg.model.graph import build_store

    return build_store(data)


@pytest.fixture(scope="session")
def store(real_store):
    """The graph built from the real data, in an Oxigraph store. Shared by many tests: never change it."""
    return real_store


@pytest.fixture(scope="session")
def graph(real_store):
    """The graph of ``store`` as an rdflib Graph. Shared by many tests: never add to or remove from it."""
    from clusterkg.model.bridge import to_rdflib
    from clusterkg.model.terms import PREFIXES

    return to_rdflib(real_store, PREFIXES)


def run_cli(*args, cwd=None, input=None, env=None, timeout=120):
    """Run ``python -m clusterkg ARGS`` in a subprocess; returns the CompletedProcess (text mode)."""
    full_env = dict(os.environ, PYTHONIOENCODING="utf-8", COLUMNS="120")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "clusterkg", *map(str, args)], cwd=cwd or ROOT, input=input,
                          capture_output=True, text=True, env=full_env, timeout=timeout)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ for tests that break the input."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium, installed by tests/run
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium through Playwright, for the browser, view and accessibility tests."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not installed (tests/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
