"""Data text made safe for where it goes: an XML 1.0 document, or a terminal."""

from __future__ import annotations

import re

# What XML 1.0 cannot hold: C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE, U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
XML_REPLACEMENT = "\ufffd"

# Terminal escape sequences (ECMA-48): CSI (ESC [ or the C1 byte), OSC, DCS, SOS, PM and APC strings up to
# their terminator, and two-character escapes.
ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 and C1 controls, DEL, and the bidirectional controls that reorder what follows them on screen.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# The same, but for tabs and line feeds: the layout of a CSV, TSV or JSON answer.
CONTROL_BUT_LAYOUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


LIBRARY_LOGGERS = ("matplotlib", "PIL", "fontTools")


def clean_logs() -> None:
    """The log records of the drawing libraries (matplotlib's "building the font cache"...) as one clean
    line each on stderr, never their raw text; call it before importing them."""
    import logging

    class Clean(logging.Formatter):
        def format(self, record) -> str:
            return terminal_text(super().format(record))

    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(getattr(h, "clusterkg", False) for h in logger.handlers):
            handler = logging.StreamHandler()
            handler.clusterkg = True  # type: ignore[attr-defined]
            handler.setLevel(logging.WARNING)
            handler.setFormatter(Clean("clusterkg: warning (%(name)s): %(message)s"))
            logger.addHandler(handler)
        logger.propagate = False


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold replaced by U+FFFD."""
    return NOT_XML.sub(XML_REPLACEMENT, text)


def xml_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot hold."""
    return NOT_XML.search(text) is not None


def terminal_document(text: str) -> str:
    """A whole answer (CSV, TSV, JSON, XML...) as it may reach a terminal: escape sequences and control
    characters removed, tabs and line feeds kept."""
    return CONTROL_BUT_LAYOUT.sub("", ESCAPE_SEQUENCE.sub("", text))


def terminal_text(text: str) -> str:
    """``text`` as one line for a terminal: escape sequences removed, line breaks and tabs as spaces,
    other control characters removed."""
    text = ESCAPE_SEQUENCE.sub("", text)
    text = re.sub(r"[\t\n\r\v\f\x85\u2028\u2029]+", " ", text)
    return CONTROL.sub("", text)
