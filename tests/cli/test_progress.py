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


def test_on_a_terminal_a_tqdm_bar_is_drawn_then_cleared():
    stream = _Terminal()
    assert list(progress(range(3), label="Exporting", stream=stream, delay=0)) == [0, 1, 2]
    out = stream.getvalue()
    assert "Exporting:" in out and "/3 [" in out
    assert out.endswith("\r") and out.rstrip("\r").endswith(" ")  # cleared for what is printed next


def test_not_a_terminal_writes_nothing():
    stream = io.StringIO()
    assert sum(progress(range(1000), label="Exporting", stream=stream)) == 499500
    assert stream.getvalue() == ""


def test_work_shorter_than_the_delay_draws_nothing_on_a_terminal():
    stream = _Terminal()
    assert sum(progress(range(1000), label="Exporting", stream=stream)) == 499500
    assert stream.getvalue() == ""


def test_a_counted_step_shows_at_once_with_no_delay():
    stream = _Terminal()
    with Progress(4, label="Pushing", stream=stream, delay=0) as bar:
        bar.update(2)
    assert "Pushing:" in stream.getvalue() and "/4 [" in stream.getvalue()


def test_no_bar_object_off_a_terminal():
    bar = Progress(10, "Pushing", stream=io.StringIO())
    bar.update(3)
    bar.close()  # does nothing, draws nothing


def test_environment_turns_it_off_on_a_terminal(monkeypatch):
    monkeypatch.setenv("CLUSTERKG_PROGRESS", "0")
    stream = _Terminal()
    list(progress(range(3), label="Exporting", stream=stream, delay=0))
    assert stream.getvalue() == ""


def test_redraws_are_throttled():
    stream = _Terminal()
    list(progress(range(100_000), label="Loading", stream=stream, delay=0))
    assert stream.getvalue().count("Loading") < 50  # not one draw per item (tqdm's own throttling)


def test_piped_stderr_gets_no_bar():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout == "1999000\n"
    assert done.stderr == ""


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_a_real_terminal_gets_the_bar_on_stderr_only(tmp_path):
    import fcntl
    import struct
    import termios

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal has a size
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
    assert b"Building graph" in seen and b"/2000" in seen
