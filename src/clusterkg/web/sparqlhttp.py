"""The read-only SPARQL 1.1 Protocol endpoint of ``clusterkg serve``, ``/sparql``.

A query comes by GET (``?query=``), by POST as a form (``query=``) or by POST as
``application/sparql-query``. Only SELECT, ASK, CONSTRUCT and DESCRIBE run: an update (by ``update=``,
``application/sparql-update`` or update text in ``query=``) is refused with 403, and so is a query with a
``SERVICE`` pattern, found on the parsed query (:func:`clusterkg.query.limits.service_calls`; Oxigraph
would make that request itself, to any host). A body over the server's limit is 413 as it streams in; a
query too long or too deeply nested for a parser is 400 before any parser sees it. Results come as SPARQL
JSON, XML, CSV or TSV, graphs as Turtle, JSON-LD, N-Triples or RDF/XML, by ``Accept`` (406 for a header
that takes none). Queries run in worker processes (:mod:`clusterkg.web.queryworkers`) with a deadline counted
from the request's arrival, time waiting for a worker included (503 past it), and a result-size limit
(403 past it); a query whose client has gone is stopped. GET answers carry ``Access-Control-Allow-Origin:
*``; every answer ``Vary: Accept`` (what it is depends on that header).
"""

from __future__ import annotations

import threading
import time
from urllib.parse import parse_qs

from clusterkg.errors import ClusterKGError
from clusterkg.query.limits import check_shape, service_calls
from clusterkg.query.sparql import query_form, tokens
from clusterkg.web.conneg import GRAPH_TYPES, RESULT_TYPES, acceptable_list, choose
from clusterkg.web.guard import MAX_BODY_BYTES, read_body

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
CORS = {"Access-Control-Allow-Origin": "*"}
VARY = {"Vary": "Accept"}
STATUS = {"syntax": 400, "too-large": 403, "timeout": 503, "failed": 500, "cancelled": 499}
DISCONNECT_POLL = 0.2  # seconds between checks that the client of a running query is still there


def text_response(status: int, message: str, headers: dict | None = None):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def check_query(text: str) -> str:
    """The form of a query this endpoint runs; :class:`ClusterKGError` with an HTTP status otherwise.
    Its shape is checked before any parser sees it; a SERVICE pattern is found on the parsed query."""
    try:
        check_shape(text)
    except ClusterKGError as exc:
        raise _refused(400, str(exc)) from None
    words = [value.upper() for kind, _, value in tokens(text) if kind == "word"]
    first = next((w for w in words if w not in ("PREFIX", "BASE")), None)
    if first in UPDATE_WORDS:
        raise _refused(403, f"'{first}' is an update: this endpoint is read-only")
    if service_calls(text):
        raise _refused(403, "SERVICE is refused: this endpoint queries its own graph only")
    try:
        return query_form(text)
    except ClusterKGError as exc:
        raise _refused(400, str(exc)) from None


def _refused(status: int, message: str) -> ClusterKGError:
    error = ClusterKGError(message)
    error.status = status
    return error


async def read_query(request) -> str:
    """The query text of a protocol request; :class:`ClusterKGError` with an HTTP status otherwise."""
    if request.method == "GET":
        params = request.query_params
        if "update" in params:
            raise _refused(403, "updates are refused: this endpoint is read-only")
        found = params.getlist("query")
    else:
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media == UPDATE_TYPE:
            raise _refused(403, "updates are refused: this endpoint is read-only")
        limit = getattr(request.app.state, "max_body", MAX_BODY_BYTES)
        if media == QUERY_TYPE:
            body = await read_body(request, limit)
            try:
                return _with_no_graphs(request.query_params, body.decode("utf-8"))
            except UnicodeDecodeError:
                raise _refused(400, "the query is not UTF-8") from None
        if media != FORM_TYPE:
            raise _refused(415, f"a query is POSTed as {FORM_TYPE} or {QUERY_TYPE}, not '{media or 'nothing'}'")
        try:
            form = parse_qs((await read_body(request, limit)).decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            raise _refused(400, "the form is not UTF-8") from None
        if "update" in form:
            raise _refused(403, "updates are refused: this endpoint is read-only")
        found = form.get("query", [])
        _with_no_graphs(form, "")
    if len(found) != 1:
        raise _refused(400, "give exactly one 'query' parameter" if found else "no 'query' parameter")
    return _with_no_graphs(request.query_params, found[0])


def _with_no_graphs(params, text: str) -> str:
    for name in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri"):
        if name in params:
            raise _refused(400, f"'{name}' is not supported: this endpoint holds one graph, the default graph")
    return text


def negotiate(form: str, accept: str | None):
    """The media type to answer a query of ``form`` with, for ``accept``; None: 406."""
    return choose(accept, RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES)


async def sparql_endpoint(request):
    """The ``/sparql`` route."""
    from anyio import to_thread
    from starlette.responses import RedirectResponse, Response

    arrived = time.monotonic()
    pool = request.app.state.pool
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET",
                                                  "Access-Control-Allow-Headers": "Accept", "Allow": "GET, POST"})
    cors = {**CORS, **VARY} if request.method == "GET" else VARY
    if request.method == "GET" and "query" not in request.query_params and "update" not in request.query_params:
        if "text/html" in request.headers.get("accept", ""):  # a browser: the query editor
            return RedirectResponse("query.html", status_code=303, headers=VARY)
        return text_response(400, "no 'query' parameter: this is a SPARQL 1.1 query endpoint", cors)
    try:
        text = await read_query(request)
        form = await to_thread.run_sync(check_query, text)  # never on the event loop: it may parse
    except ClusterKGError as exc:
        return text_response(getattr(exc, "status", 400), str(exc), cors)
    media = negotiate(form, request.headers.get("accept"))
    if media is None:
        offered = RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES
        return text_response(406, f"a {form} query answers in {acceptable_list(offered)}", cors)
    outcome = await run_watched(request, pool, text, media.extension, arrived)
    if outcome.status != "ok":
        return text_response(STATUS[outcome.status], outcome.message, cors)
    media_type = media.media_type + ("; charset=utf-8" if media.extension in ("csv", "tsv", "ttl", "nt") else "")
    return Response(outcome.body, media_type=media_type, headers=cors)


async def run_watched(request, pool, text: str, extension: str, arrived: float):
    """Run the query on ``pool`` by the deadline counted from ``arrived``, stopping it as soon as the
    client is seen to have gone."""
    import anyio
    from anyio import to_thread

    cancelled = threading.Event()

    async def watch():
        while not cancelled.is_set():
            await anyio.sleep(DISCONNECT_POLL)
            if await request.is_disconnected():
                cancelled.set()

    async with anyio.create_task_group() as tasks:
        tasks.start_soon(watch)
        try:
            outcome = await to_thread.run_sync(pool.run, text, extension, arrived, cancelled)
        finally:
            tasks.cancel_scope.cancel()
    return outcome

