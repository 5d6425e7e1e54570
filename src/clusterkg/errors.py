"""Errors that the CLI turns into a one-line message and exit code 2."""

from __future__ import annotations

import os


class ClusterKGError(Exception):
    """A problem the user can fix: bad input, an unknown name, an unreachable endpoint."""

    exit_code = 2


class InputError(ClusterKGError):
    """Bad input data, located by file, line and field."""

    def __init__(self, file: str | os.PathLike[str], message: str, line: int | None = None,
                 field: str | None = None) -> None:
        self.file, self.line, self.field, self.message = str(file), line, field, message
        where = self.file + (f", line {line}" if line else "")
        what = f" (field '{field}')" if field else ""
        super().__init__(f"{where}{what}: {message}")
