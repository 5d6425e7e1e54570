"""The read-only SPARQL 1.1 Protocol endpoint of ``clusterkg serve``, ``/sparql``.

A query comes by GET (``?query=``), by POST as a form (``query=``) or by POST as
``application/sparql-query``. Only SELECT, ASK, CONSTRUCT and DESCRIBE run: an update (by ``update=``,
``application/sparql-update`` or update text in ``query=``) is refused with 403, and so is a query
with ``SERVICE`` (Oxigraph would make that request itself, to any host). Results come as SPARQL JSON,
XML, CSV or TSV, graphs as Turtle, JSON-LD, N-Triples or RDF/XML, by ``Accept`` (406 for a header that
takes none). Queries run in worker processes (:mod:`clusterkg.queryworkers`) with a deadline (503
past it) and a result-size limit (403 past it). GET answers carry ``Access-Control-Allow-Origin: *``.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from .conneg import GRAPH_TYPES, RESULT_TYPES, acceptable_list, choose
from .errors import ClusterKGError
from .sparql import query_form, tokens

UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
FORM_TYPE = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
CORS = {"Access-Control-Allow-Origin": "*"}
STATUS = {"syntax": 400, "too-large": 403, "timeout": 503, "failed": 500}


def text_response(status: int, message: str, headers: dict | None = None):
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(message.rstrip("\n") + "\n", status_code=status, headers=headers)


def check_query(text: str) -> str:
    """The form of a query this endpoint runs; :class:`ClusterKGError` with an HTTP status otherwise."""
    words = [value.upper() for kind, _, value in tokens(text) if kind == "word"]
    first = next((w for w in words if w not in ("PREFIX", "BASE")), None)
    if first in UPDATE_WORDS:
        raise _refused(403, f"'{first}' is an update: this endpoint is read-only")
    if "SERVICE" in words:
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
        if media == QUERY_TYPE:
            body = await request.body()
            try:
                return _with_no_graphs(request.query_params, body.decode("utf-8"))
            except UnicodeDecodeError:
                raise _refused(400, "the query is not UTF-8") from None
        if media != FORM_TYPE:
            raise _refused(415, f"a query is POSTed as {FORM_TYPE} or {QUERY_TYPE}, not '{media or 'nothing'}'")
        try:
            form = parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True)
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

    pool = request.app.state.pool
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={**CORS, "Access-Control-Allow-Methods": "GET",
                                                  "Access-Control-Allow-Headers": "Accept", "Allow": "GET, POST"})
    cors = CORS if request.method == "GET" else {}
    if request.method == "GET" and "query" not in request.query_params and "update" not in request.query_params:
        if "text/html" in request.headers.get("accept", ""):  # a browser: the query editor
            return RedirectResponse("query.html", status_code=303)
        return text_response(400, "no 'query' parameter: this is a SPARQL 1.1 query endpoint", cors)
    try:
        text = await read_query(request)
        form = check_query(text)
    except ClusterKGError as exc:
        return text_response(getattr(exc, "status", 400), str(exc), cors)
    media = negotiate(form, request.headers.get("accept"))
    if media is None:
        offered = RESULT_TYPES if form in ("SELECT", "ASK") else GRAPH_TYPES
        return text_response(406, f"a {form} query answers in {acceptable_list(offered)}", cors)
    outcome = await to_thread.run_sync(pool.run, text, media.extension)
    if outcome.status != "ok":
        return text_response(STATUS[outcome.status], outcome.message, cors)
    media_type = media.media_type + ("; charset=utf-8" if media.extension in ("csv", "tsv", "ttl", "nt") else "")
    return Response(outcome.body, media_type=media_type, headers={**cors, "Vary": "Accept"})

