"""The stored queries on the web site: the catalogue (``queries/index.html``), a page per query with its
text, params and results (``queries/NAME.html``, the text itself as ``queries/NAME.rq``), and the query
editor (``query.html``) whose examples are the same queries.

A query with a required param is run for one example value: the first thing of the param's first
class by name (the first cluster for ``cluster-profile``), and the page says which. The editor gets
each query without its ``#+`` header, a form for its params (each with the names of the things it
takes, for suggestions) and the text around the place where :func:`clusterkg.query.sparql.bind_values` puts
the ``VALUES`` block, so the form binds a param in the browser exactly where the CLI does; and the
names of every IRI of the graph, by the CLI's label look-up (rdfs:label, else skos:prefLabel), with
each one's page.
"""

from __future__ import annotations

import pyoxigraph as ox

from clusterkg.query.catalogue import StoredQuery, list_queries, parse_query
from clusterkg.query.results import QueryResult, column_kind, prefixed_name, to_python
from clusterkg.query.sparql import bind_values
from clusterkg.query.tables import display
from clusterkg.web.siteindex import relative
from clusterkg.web.sitenav import editor_link


def example_params(query: StoredQuery, index) -> dict[str, str]:
    """An example value (an IRI) for each required param, as the module docstring says."""
    params = {}
    for param in query.params:
        if not param.required:
            continue
        for cls in param.classes:
            found = index.by_name(index.instances(cls))
            if found:
                params[param.name] = found[0]
                break
    return params


def query_files(builder) -> dict[str, bytes]:
    """Every file of the stored queries' part of the site."""
    kg = type(builder.kg)(builder.data_store)  # the site's data (rebased when asked), as the same kind of graph
    files, entries, examples = {}, [], []
    for query in list_queries():
        if builder.rebaser.moves:  # the data's IRIs were moved (--base-iri, --ontology-iri): so are the query's
            query = parse_query(builder.rebaser.query_text(query.text), query.name, require_summary=False)
        params = example_params(query, builder.index)
        result = kg.query(sparql=query.text, params=params) if builder.rebaser.moves \
            else kg.query(query.name, params=params)  # the stored query as parsed once
        page = f"queries/{query.name}.html"
        entry = describe_query(query, builder, page)
        entry["editor"] = editor_link(page, query.name, params)
        entry["example"] = [{"param": name, "value": builder.pages.link(iri, page)} for name, iri in params.items()]
        files[page] = builder.render(page, "query-page.html", q=entry, result=result_table(result, builder, page))
        files[f"queries/{query.name}.rq"] = query.text.encode("utf-8")
        entries.append(describe_query(query, builder, "queries/index.html") | {"rows": len(result)})
        examples.append(editor_entry(query, builder, params))
    files["queries/index.html"] = builder.render("queries/index.html", "queries.html", queries=entries)
    files["query.html"] = editor_page(builder, examples)
    return files


def editor_page(builder, examples: list[dict]) -> bytes:
    from clusterkg.model.terms import PREFIXES
    from clusterkg.web.site import BROWSER_GRAPH, script_json

    config = {"endpoint": builder.endpoint or "", "graph": BROWSER_GRAPH, "names": iri_names(builder),
              "prefixes": dict(sorted(PREFIXES.items()))}
    return builder.render("query.html", "query.html", examples=script_json(examples), config=script_json(config),
                          names=[(e["name"], e["summary"]) for e in examples], endpoint=builder.endpoint or "")


def query_body(text: str) -> str:
    """The query without its ``#+`` header (the lines the editor does not show)."""
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("#+"):
        start += 1
    return "".join(lines[start:])


def editor_entry(query: StoredQuery, builder, example: dict[str, str]) -> dict:
    """What the editor knows of a stored query: its body, the text before and after its ``VALUES`` block
    (when it has params), its params with the names they take, and the example values."""
    from clusterkg.query.sparql import values_block

    body = query_body(query.text)
    entry = {"name": query.name, "summary": query.summary, "description": query.description, "text": body,
             "params": [], "example": example}
    if query.params:
        slots = {p.name: ox.NamedNode(f"urn:clusterkg:param:{p.name}") for p in query.params}
        bound, block = bind_values(body, slots), values_block(slots)
        at = bound.index(block)
        entry["before"], entry["after"] = bound[:at], bound[at + len(block):]
    index = builder.index
    for param in query.params:
        things = index.by_name({i for cls in param.classes for i in index.instances(cls)})
        entry["params"].append({"name": param.name, "description": param.description, "required": param.required,
                                "multiple": param.multiple, "type": param.type,
                                "options": [[index.name(i), i] for i in things]})
    return entry


def iri_names(builder) -> dict[str, list[str]]:
    """Each IRI of the graph -> [its name, as the CLI names it, or "", its page from the site's root or ""]."""
    from clusterkg.query.engine import LocalEngine
    from clusterkg.query.labels import lookup_names

    iris = {t.value for q in builder.store for t in (q.subject, q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    labels, _ = lookup_names(LocalEngine(builder.store), iris)
    return {iri: [labels.get(iri, ""), builder.index.page(iri) or ""] for iri in sorted(iris)
            if labels.get(iri) or builder.index.page(iri)}


def describe_query(query: StoredQuery, builder, page: str) -> dict:
    return {"name": query.name, "summary": query.summary, "description": query.description,
            "tags": list(query.tags), "text": query.text, "href": relative(f"queries/{query.name}.html", page),
            "source": f"{query.name}.rq", "editor": editor_link(page, query.name),
            "params": [{"name": p.name, "type": p.type, "description": p.description, "multiple": p.multiple,
                        "classes": [builder.pages.link(c, page) for c in p.classes],
                        "default": p.default} for p in query.params]}


def result_table(result: QueryResult, builder, page: str) -> dict:
    """The result as a table: an IRI cell links to its page (named), its ``xLabel`` column left out."""
    if result.boolean is not None:
        return {"boolean": result.boolean, "columns": [], "rows": []}
    iri_columns = set(result.iri_columns())
    columns = [c for c in result.columns if not (c.endswith("Label") and c[:-5] in iri_columns)]
    kinds = {c: column_kind(result, c) for c in columns}
    rows = []
    for row in result.rows:
        cells = []
        for column in columns:
            term = result.cell(row, column)
            if term is None:
                cells.append({"text": ""})
            elif column in iri_columns and hasattr(term, "value") and type(term).__name__ == "NamedNode":
                cells.append(builder.pages.link(term.value, page))
            else:  # as the CLI shows it (£850m, 11,200), the raw value beside it
                value = to_python(term)
                cells.append({"text": display(term, {}, kinds[column]), "raw": term.value,
                              "number": isinstance(value, int | float) or type(value).__name__ == "Decimal"})
        rows.append(cells)
    return {"boolean": None, "columns": columns, "rows": rows,
            "datatype": {c: prefixed_name(c) for c in columns}}
