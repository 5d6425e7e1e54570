"""Values from users and data checked as what they will become: IRIs, dates, e-mail addresses,
timeouts. Each check returns the value in its final form or raises a ``ClusterKGError`` saying what
is wrong with it; the one place such rules live."""

from __future__ import annotations

import math
import re

from clusterkg.errors import ClusterKGError

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\Z")
WEB = ("http", "https")


def check_iri(value, what: str = "IRI", *, schemes: tuple[str, ...] | None = None,
              ends_with: tuple[str, ...] = ()) -> str:
    """``value`` as an absolute IRI that Oxigraph, Turtle and SPARQL accept (``schemes`` limits its
    scheme, e.g. :data:`WEB`; ``ends_with`` its last character)."""
    text = str(value)
    bad = _FORBIDDEN.search(text)
    if bad:
        raise ClusterKGError(f"{what} '{text}' is not an IRI: it contains {bad.group()!r}")
    if not _SCHEME.match(text):
        raise ClusterKGError(f"{what} '{text}' is not an absolute IRI (it has no scheme such as https:)")
    scheme = text.split(":", 1)[0].lower()
    if schemes and scheme not in schemes:
        raise ClusterKGError(f"{what} '{text}' must be an {' or '.join(schemes)} IRI")
    if scheme in WEB and not re.match(r"[A-Za-z]+://[^/?#]+", text):
        raise ClusterKGError(f"{what} '{text}' has no host")
    import pyoxigraph as ox

    try:
        ox.NamedNode(text)
    except ValueError as exc:
        raise ClusterKGError(f"{what} '{text}' is not a valid IRI ({exc})") from None
    if ends_with and not text.endswith(ends_with):
        raise ClusterKGError(f"{what} '{text}' must end with {' or '.join(repr(e) for e in ends_with)}")
    return text


def check_date(value, what: str = "date"):
    """``value`` (a date or ``YYYY-MM-DD``) as a ``datetime.date``; ``None`` stays ``None``."""
    import datetime as dt  # here, not at the top: a query that checks no date need not import it
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            pass
    raise ClusterKGError(f"{what}: '{value}' is not a date (YYYY-MM-DD)")


def check_email(value, what: str = "e-mail address") -> str:
    text = str(value).strip()
    if not _EMAIL.match(text) or len(text) > 254:
        raise ClusterKGError(f"{what}: '{value}' is not an e-mail address")
    return text


def check_timeout(value, what: str = "--timeout") -> float:
    """A positive, finite number of seconds."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ClusterKGError(f"{what} must be a number of seconds, not '{value}'") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise ClusterKGError(f"{what} must be a positive, finite number of seconds, not '{value}'")
    return seconds
