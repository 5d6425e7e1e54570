"""Errors that the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations

import os


class ClusterKGError(Exception):
    """A problem the user can fix: bad input, an unknown name, an unreachable endpoint."""

    exit_code = 2


def one_line(text: str) -> str:
    """``text`` on one line: each character that does not print (line breaks, tabs, escape and other
    control characters, bidirectional overrides) shown as its Python escape, ``\\n``, ``\\x1b``, ``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


class InputError(ClusterKGError):
    """Bad input data, located by file, line and field; always one line (:func:`one_line`), whatever the
    values it quotes hold."""

    def __init__(self, file: str | os.PathLike[str], message: str, line: int | None = None,
                 field: str | None = None) -> None:
        self.file, self.line, self.field, self.message = str(file), line, field, message
        where = self.file + (f", line {line}" if line else "")
        what = f" (field '{field}')" if field else ""
        super().__init__(one_line(f"{where}{what}: {message}"))
