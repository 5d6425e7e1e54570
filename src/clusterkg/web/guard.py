"""What ``clusterkg serve`` puts around every answer: security headers, a bounded request body, cache
validators and an HTML 404 page.

Every answer carries :data:`BASE_HEADERS` (``nosniff``, no framing, no referrer) and a
Content-Security-Policy built from :data:`CSP` (one place to extend it; ``'wasm-unsafe-eval'`` in
``script-src`` lets the editor's Oxigraph in WebAssembly run, and nothing evaluates text); an HTML page's
own inline scripts are allowed by their SHA-256 (:func:`page_policy`), nothing else inline runs. A
request body is read as a stream and refused with 413 as soon as it passes the limit (at once when
``Content-Length`` says so), so no large body is ever held or scanned. A static file answers with a
strong ETag (its SHA-256) and Last-Modified (when the server started), and 304 to a request that already holds it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from email.utils import formatdate, parsedate_to_datetime

from clusterkg.errors import ClusterKGError

MAX_BODY_BYTES = 1024 ** 2  # a request body larger than this is refused with 413 (serve --max-body-bytes)
CSP: dict[str, tuple[str, ...]] = {  # directive -> sources; pages' inline scripts are added by hash
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),  # the editor's Oxigraph in WebAssembly (no eval of text)
    "style-src": ("'self'", "'unsafe-inline'"),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
BASE_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"}
_INLINE_SCRIPT = re.compile(rb"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_DATA_TYPE = re.compile(rb"""\btype\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)


def policy(script_hashes=()) -> str:
    """The Content-Security-Policy header value: :data:`CSP`, with ``script_hashes`` in ``script-src``."""
    directives = dict(CSP)
    directives["script-src"] = (*CSP["script-src"], *(f"'sha256-{h}'" for h in script_hashes))
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def inline_script_hashes(page: bytes) -> list[str]:
    """The base64 SHA-256 of each inline script of an HTML page that runs (not JSON data blocks)."""
    found = []
    for match in _INLINE_SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if b"src=" in attrs.lower() or _DATA_TYPE.search(attrs):
            continue
        found.append(base64.b64encode(hashlib.sha256(match.group("body")).digest()).decode("ascii"))
    return sorted(set(found))


def page_policy(page: bytes) -> str:
    """The Content-Security-Policy of one HTML page: :data:`CSP` and its own inline scripts."""
    return policy(inline_script_hashes(page))


DEFAULT_POLICY = policy()


class SecurityHeaders:
    """ASGI middleware: :data:`BASE_HEADERS` and the default policy on every answer that has none."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in {**BASE_HEADERS, "Content-Security-Policy": DEFAULT_POLICY}.items():
                    if name.lower().encode() not in present:
                        headers.append((name.lower().encode(), value.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


class BodyTooLarge(ClusterKGError):
    status = 413


async def read_body(request, limit: int) -> bytes:
    """The request's body, read as it streams in; :class:`BodyTooLarge` as soon as it passes ``limit``."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(f"the request body is {int(declared):,} bytes; at most {limit:,} are taken")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"the request body is over {limit:,} bytes; at most {limit:,} are taken")
        chunks.append(chunk)
    return b"".join(chunks)


def etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def http_date(seconds: float) -> str:
    return formatdate(seconds, usegmt=True)


def not_modified(headers, tag: str, modified: float) -> bool:
    """Whether a request with ``headers`` already holds the file of ETag ``tag`` modified at ``modified``
    (If-None-Match first, as RFC 9110 orders them; If-Modified-Since only without it)."""
    match = headers.get("if-none-match")
    if match is not None:
        wanted = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in wanted or tag in wanted
    since = headers.get("if-modified-since")
    if since:
        try:
            return parsedate_to_datetime(since).timestamp() >= int(modified)
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


def not_found_page(path: str) -> bytes:
    """The HTML page of a 404 for ``path`` (shown escaped, on one line)."""
    shown = html.escape(path.encode("unicode_escape").decode("ascii") if not path.isprintable() else path)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head>\n"
            f"<body><main><h1>Not found</h1><p>Nothing is at <code>{shown}</code>.</p>"
            "<p><a href=\"/\">The site's home page</a></p></main></body></html>\n").encode()
