"""The site's one navigation, on every page (site pages, views, editor, ontology page), and which
stored query lies behind each view, chart and table ("Show the query").

An item appears only when its page is part of the site (``Map`` when the map is built, ``Views`` when
the views are). The views are rendered by :mod:`clusterkg.views.render` with a marker where the navigation
goes (:data:`NAV_MARKER`); the site puts each page's navigation there once every file is known. Data
text is escaped by the templates, so it can never read as the marker.
"""

from __future__ import annotations

from urllib.parse import quote

from clusterkg.web.siteindex import relative

# (site path, text): the order of the navigation
NAV = (("index.html", "Overview"), ("id/cluster/index.html", "Clusters"), ("id/place/index.html", "Places"),
       ("id/lever/index.html", "Levers"), ("id/organisation/index.html", "Organisations and assets"),
       ("index.html#views", "Views"), ("map.html", "Map"), ("queries/index.html", "Queries"),
       ("query.html", "Query editor"), ("def.html", "Ontology"), ("data.html", "Data"),
       ("changes.html", "What changed"), ("about.html", "About"))
NAV_MARKER = "<!--clusterkg-site-nav-->"
VIEWS_PRESENT = "graph.html"  # the views are part of the site when this page is

# what stands behind a view, a chart of the overview or a kind of resource page: a stored query's name
QUERY_BEHIND = {"graph.html": "provenance", "levers.html": "lever-reach", "places.html": "shared-places",
                "shared-entities.html": "shared-entities", "similarity.html": "cluster-similarity",
                "map.html": "shared-places", "chart-growth": "clusters", "chart-levers": "lever-reach",
                "chart-places": "shared-places", "chart-similarity": "cluster-similarity", "totals": "growth-totals",
                "cluster": "cluster-profile", "lever": "clusters-using-lever", "place": "clusters-in-place",
                "entity": "provenance", "list": "clusters", "notes": "quality-notes"}
# the param a resource page's query takes for the resource itself
PAGE_PARAM = {"cluster": "cluster", "lever": "lever", "place": "place", "entity": "entity"}


def nav_items(page: str, present) -> list[dict]:
    """The navigation as seen from ``page``: each item whose page is in ``present`` (site paths)."""
    items = []
    for target, text in NAV:
        path = target.split("#", 1)[0]
        needs = VIEWS_PRESENT if target == "index.html#views" else path
        if needs in present:
            items.append({"href": relative(path, page) + (target[len(path):]), "text": text,
                          "current": target == page})
    return items


def editor_link(page: str, name: str, params: dict[str, str] | None = None) -> str:
    """The query editor opened on stored query ``name`` (its params prefilled), as a link from ``page``.
    The editor fills its form from this; it runs nothing until the visitor clicks Run."""
    extra = "".join(f"&{quote(key, safe='')}={quote(value, safe='')}" for key, value in (params or {}).items())
    return f"{relative('query.html', page)}#{quote(name, safe='')}{extra}"


def wrap_page(html: bytes, nav: bytes, style: bytes) -> bytes:
    """A page made by another tool (pyLODE's, whose style is inline and which fetches nothing) with the
    site's navigation band first in its content (or body) and the band's ``style`` inline in its head;
    the page as it is when it has no ``<head>`` or ``<body>``. pyLODE's content column leaves room for
    its fixed table of contents: the band goes there."""
    import re

    head = html.find(b"</head>")
    body = re.search(rb'<div id="content">', html) or re.search(rb"<body[^>]*>", html)
    if head < 0 or body is None or body.start() < head:
        return html
    link = b'<style id="clusterkg-band-style">\n' + style + b"</style>\n"
    band = (b'<header class="clusterkg-band"><p>West Midlands Plan for Growth \xc2\xb7 cluster growth profiles</p>'
            + nav + b"</header>\n")
    return html[:head] + link + html[head:body.end()] + b"\n" + band + html[body.end():]


def insert_nav(html: bytes, nav: bytes) -> bytes:
    """A view page with its navigation in place of :data:`NAV_MARKER` (the page as it is if it has none)."""
    return html.replace(NAV_MARKER.encode("ascii"), nav, 1)
