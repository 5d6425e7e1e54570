"""The stored queries on the web site: the catalogue (``queries/index.html``), a page per query with its
text, params and results (``queries/NAME.html``, the text itself as ``queries/NAME.rq``), and the query
editor (``query.html``) whose examples are the same queries.

A query with a required param is run for one example value: the first thing of the param's first
class by name (the first cluster for ``cluster-profile``), and the page says which. The editor gets
each query's text with that value bound (:func:`clusterkg.sparql.bind_values`), so running an example
there gives the rows its catalogue page shows.
"""

from __future__ import annotations

from .queries import StoredQuery, list_queries, parse_query
from .results import QueryResult, column_kind, prefixed_name, to_python
from .siteindex import relative
from .sparql import bind_values
from .tables import display


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
        entry["example"] = [{"param": name, "value": builder.pages.link(iri, page)} for name, iri in params.items()]
        files[page] = builder.render(page, "query-page.html", q=entry, result=result_table(result, builder, page))
        files[f"queries/{query.name}.rq"] = query.text.encode("utf-8")
        entries.append(describe_query(query, builder, "queries/index.html") | {"rows": len(result)})
        examples.append({"name": query.name, "summary": query.summary,
                         "text": bind_values(query.text, result.bindings) if result.bindings else query.text})
    files["queries/index.html"] = builder.render("queries/index.html", "queries.html", queries=entries)
    from .site import script_json

    endpoint = builder.options.sparql_endpoint
    files["query.html"] = builder.render("query.html", "query.html", examples=script_json(examples),
                                         names=[(e["name"], e["summary"]) for e in examples], endpoint=endpoint or "")
    return files


def describe_query(query: StoredQuery, builder, page: str) -> dict:
    return {"name": query.name, "summary": query.summary, "description": query.description,
            "tags": list(query.tags), "text": query.text, "href": relative(f"queries/{query.name}.html", page),
            "source": f"{query.name}.rq", "editor": relative("query.html", page) + "#" + query.name,
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
