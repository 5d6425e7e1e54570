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


def xml_text(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold replaced by U+FFFD."""
    return NOT_XML.sub(XML_REPLACEMENT, text)


def xml_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot hold."""
    return NOT_XML.search(text) is not None


def terminal_text(text: str) -> str:
    """``text`` as one line for a terminal: escape sequences removed, line breaks and tabs as spaces,
    other control characters removed."""
    text = ESCAPE_SEQUENCE.sub("", text)
    text = re.sub(r"[\t\n\r\v\f\x85\u2028\u2029]+", " ", text)
    return CONTROL.sub("", text)
