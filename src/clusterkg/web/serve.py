"""``clusterkg serve``: the web site and a read-only SPARQL endpoint, on Starlette and uvicorn.

The site is rendered once, into memory (:func:`clusterkg.web.site.site_files`), and served from there: a
path is looked up, never joined to a folder, so no path (``../``, encoded or not) reaches a file
outside it. A resource's own path (``/id/cluster/aerospace``, ``/def``) answers as the w3id.org rules
do: 303 to its page or data file by ``Accept`` (406 when the header takes none). ``/sparql`` is the
SPARQL 1.1 Protocol endpoint (:mod:`clusterkg.web.sparqlhttp`); ``/query.html`` the query editor on it.
Every answer carries the security headers of :mod:`clusterkg.web.guard`; a file answers with an ETag and
Last-Modified (304 when the client holds it), a path with nothing there with an HTML 404 page.
"""

from __future__ import annotations

import errno
import socket
import sys
import time
from contextlib import asynccontextmanager

from clusterkg.errors import ClusterKGError
from clusterkg.web.conneg import EXTENSION_TYPES, acceptable_list, choose

DEFAULT_PORT = 8000
CONTENT_TYPES = {"html": "text/html; charset=utf-8", "ttl": "text/turtle; charset=utf-8",
                 "jsonld": "application/ld+json", "rdf": "application/rdf+xml",
                 "nt": "application/n-triples; charset=utf-8", "css": "text/css; charset=utf-8",
                 "js": "text/javascript; charset=utf-8", "md": "text/markdown; charset=utf-8",
                 "rq": "application/sparql-query; charset=utf-8", "json": "application/json",
                 "svg": "image/svg+xml", "png": "image/png", "wasm": "application/wasm",
                 "trig": "application/trig; charset=utf-8", "csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
PLAIN = "text/plain; charset=utf-8"


def _requires():
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise ClusterKGError("clusterkg serve needs Starlette and uvicorn: pip install 'clusterkg[serve]'") from None


class Site:
    """The site's files in memory, and what answers a path."""

    def __init__(self, files: dict[str, bytes], later: dict | None = None):
        self.files = {name: data for name, data in files.items() if not name.rsplit("/", 1)[-1].startswith(".")}
        self.pages = {name[:-5] for name in self.files if name.endswith(".html")}
        self.later = dict(later or {})  # name -> a function making the file, called on its first request
        self.started = time.time()
        self.validators: dict[str, tuple[str, str]] = {}  # name -> (ETag, Content-Security-Policy), made once

    def answer(self, path: str, accept: str | None, headers=None):
        """The response for a decoded URL path (``headers``: the request's, for a conditional GET)."""
        from starlette.responses import RedirectResponse

        from clusterkg.web.sparqlhttp import text_response

        segments = path.split("/")[1:]
        if any(s in (".", "..") or "\\" in s or "\x00" in s for s in segments):
            return text_response(400, "bad path")
        name = "/".join(segments)
        if name in self.later:
            self.files[name] = self.later.pop(name)()
        if name == "" or name.endswith("/"):
            if name + "index.html" in self.files:
                return self.file(name + "index.html", headers)
            if name == "" and "resources.html" in self.files:
                return RedirectResponse("resources.html", status_code=302)
            return not_found(path)
        if name in self.files:
            return self.file(name, headers)
        if (name == "def" or name.startswith("id/")) and name in self.pages:
            chosen = choose(accept, EXTENSION_TYPES)
            if chosen is None:
                return text_response(406, f"/{name} is offered as {acceptable_list(EXTENSION_TYPES)}",
                                     {"Vary": "Accept"})
            return RedirectResponse(f"{name.rsplit('/', 1)[-1]}.{chosen.extension}", status_code=303,
                                    headers={"Vary": "Accept"})
        if name + "/index.html" in self.files:  # a folder named without its slash
            return RedirectResponse(f"{name.rsplit('/', 1)[-1]}/", status_code=301)
        return not_found(path)

    def file(self, name: str, request_headers=None):
        """The file ``name``, with its validators; 304 when the request already holds it."""
        from starlette.responses import Response

        from clusterkg.web.guard import etag, http_date, not_modified, page_policy

        extension = name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""
        if name not in self.validators:
            data = self.files[name]
            self.validators[name] = (etag(data), page_policy(data) if extension == "html" else "")
        tag, csp = self.validators[name]
        headers = {"ETag": tag, "Last-Modified": http_date(self.started), "Cache-Control": "no-cache"}
        if csp:
            headers["Content-Security-Policy"] = csp
        if request_headers is not None and not_modified(request_headers, tag, self.started):
            return Response(status_code=304, headers=headers)
        return Response(self.files[name], media_type=CONTENT_TYPES.get(extension, PLAIN), headers=headers)


def not_found(path: str):
    """404 as an HTML page showing ``path`` escaped."""
    from starlette.responses import Response

    from clusterkg.web.guard import not_found_page

    return Response(not_found_page(path), status_code=404, media_type=CONTENT_TYPES["html"])


def create_app(files: dict[str, bytes], pool, later: dict | None = None, max_body_bytes: int | None = None):
    """The Starlette application: the site ``files`` and ``/sparql`` on ``pool`` (a
    :class:`~clusterkg.web.queryworkers.QueryPool`), closed when the application stops; ``later``: files
    made on their first request (name -> function), such as the ontology's pyLODE page; a request body
    over ``max_body_bytes`` (default :data:`~clusterkg.web.guard.MAX_BODY_BYTES`) is refused with 413."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Route

    from clusterkg.web.guard import MAX_BODY_BYTES, SecurityHeaders
    from clusterkg.web.sparqlhttp import sparql_endpoint, text_response

    site = Site(files, later)

    async def site_route(request):
        return site.answer(request.url.path, request.headers.get("accept"), request.headers)

    async def not_allowed(request, exc):
        return text_response(getattr(exc, "status_code", 500), getattr(exc, "detail", "") or "error")

    async def failed(request, exc):
        return text_response(500, "the server failed to answer; see its log")

    @asynccontextmanager
    async def lifespan(app):
        yield
        pool.close()

    app = Starlette(routes=[Route("/sparql", sparql_endpoint, methods=["GET", "POST", "OPTIONS"]),
                            Route("/{path:path}", site_route, methods=["GET"])],
                    exception_handlers={404: not_allowed, 405: not_allowed, Exception: failed},
                    lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])
    app.state.pool = pool
    app.state.max_body = max_body_bytes or MAX_BODY_BYTES
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port``; a port in use (or a host not here) is a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ClusterKGError(f"cannot listen on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ClusterKGError(f"port {port} on {host} is in use: stop what holds it or choose --port") from None
        raise ClusterKGError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def serve(kg, host: str = "127.0.0.1", port: int = DEFAULT_PORT, *, options=None, views: bool = True,
          timeout: float = 30.0, max_result_bytes: int = 50_000_000, workers: int = 2, quiet: bool = False,
          max_body_bytes: int | None = None, later: dict | None = None) -> None:
    """Serve the site and ``/sparql`` for ``kg`` (a :class:`~clusterkg.KnowledgeGraph`) on ``host``:``port``
    until interrupted; ``later``: files made on their first request (name -> function of the publication
    options), such as pyLODE's page of the ontology."""
    _requires()
    import uvicorn

    from clusterkg.options import PublicationOptions
    from clusterkg.rdfio.dataset import ONTOLOGY_PAGE
    from clusterkg.values import check_timeout
    from clusterkg.web.queryworkers import QueryPool
    from clusterkg.web.site import SiteBuilder

    timeout = check_timeout(timeout)
    if max_result_bytes < 1 or workers < 1 or (max_body_bytes is not None and max_body_bytes < 1):
        raise ClusterKGError("the result-size and body-size limits and the number of query workers must be at "
                             "least 1")
    sock = bind(host, port)  # before the slow part: a port in use fails at once
    try:
        options = PublicationOptions.make(options)
        builder = SiteBuilder(kg, options, views, pylode_page=ONTOLOGY_PAGE, endpoint="sparql")
        files = builder.files()
        pool = QueryPool(builder.store, workers, timeout, max_result_bytes)
    except BaseException:
        sock.close()
        raise
    shown = f"[{host}]" if ":" in host else host
    if not quiet:
        print(f"Serving http://{shown}:{sock.getsockname()[1]}/ (SPARQL endpoint /sparql, query editor "
              f"/query.html); Ctrl-C stops.", file=sys.stderr, flush=True)
    later = {name: (lambda make=make: make(options)) for name, make in (later or {}).items()}
    config = uvicorn.Config(create_app(files, pool, later, max_body_bytes), log_level="warning", access_log=False,
                            lifespan="on")
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        pool.close()
        sock.close()
