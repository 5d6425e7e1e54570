"""The progress bar: drawn on a terminal, silent on a pipe, gone when done."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time

import pytest

from clusterkg.progress import Progress, progress

SCRIPT = ("import time\n"
          "from clusterkg.progress import progress\n"
          "total = 0\n"
          "for i in progress(range(2000), label='Building graph'):\n"
          "    total += i\n"
          "    time.sleep(0.0005)\n"  # about a second of work: longer than the half-second delay
          "print(total)\n")


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_bar_shows_label_share_and_counts():
    bar = Progress(800, "Building graph", stream=io.StringIO(), enabled=True)
    bar.update(320)
    line = bar.line()
    assert line.startswith("Building graph [")
    assert " 40% 320/800 " in line
    assert line.count("#") == int(0.4 * (line.index("]") - line.index("[") - 1))


def test_open_ended_bar_counts_without_a_share():
    bar = Progress(None, "Pushing", stream=io.StringIO(), enabled=True)
    assert bar.line().startswith("Pushing ... ")
    bar.update(5000)
    assert bar.line().startswith("Pushing 5,000 ")


def test_on_a_terminal_the_bar_is_drawn_then_cleared():
    stream = _Terminal()
    assert list(progress(range(3), label="Exporting", stream=stream, delay=0)) == [0, 1, 2]
    out = stream.getvalue()
    assert "Exporting [" in out and "0/3" in out
    assert out.endswith("\r\x1b[K")  # the line is left clean for what is printed next


def test_not_a_terminal_writes_nothing():
    stream = io.StringIO()
    assert sum(progress(range(1000), label="Exporting", stream=stream)) == 499500
    assert stream.getvalue() == ""


def test_work_shorter_than_the_delay_draws_nothing_on_a_terminal():
    stream = _Terminal()
    assert sum(progress(range(1000), label="Exporting", stream=stream)) == 499500
    assert stream.getvalue() == ""


def test_a_single_long_step_shows_at_once_with_no_delay():
    stream = _Terminal()
    with Progress(label="Writing graph.ttl", stream=stream, delay=0):
        assert stream.getvalue().startswith("\r\x1b[KWriting graph.ttl ... ")
    assert stream.getvalue().endswith("\r\x1b[K")


def test_environment_turns_it_off_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CLUSTERKG_PROGRESS", "0")
    stream = _Terminal()
    list(progress(range(3), label="Exporting", stream=stream, delay=0))
    assert stream.getvalue() == ""


def test_redraws_are_throttled():
    stream = _Terminal()
    list(progress(range(100_000), label="Loading", stream=stream, delay=0))
    assert stream.getvalue().count("Loading") < 50  # not one draw per item


def test_piped_stderr_gets_no_bar():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == "1999000\n"
    assert done.stderr == ""


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_a_real_terminal_gets_the_bar_on_stderr_only(tmp_path):
    controller, terminal = pty.openpty()
    out = tmp_path / "stdout"
    with open(out, "w") as stdout:
        proc = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=stdout, stderr=terminal,
                                env=dict(os.environ, COLUMNS="80"))
    os.close(terminal)
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(controller)
    assert proc.returncode == 0
    assert out.read_text() == "1999000\n"
    assert b"Building graph [" in seen and b"/2,000" in seen
    assert seen.endswith(b"\r\x1b[K")
