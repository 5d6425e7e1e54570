"""clusterkg's writers against pyoxigraph's own serializer, format by format, on the same graph.

    .venv/bin/python benchmarks/writers_formats.py [--formats turtle,ntriples,...] [--repeat 1]

The graph is made here, the same every time: 200,000 triples, 4,000 of whose subjects are blank nodes
(44,000 items with a type, an English label, an integer and a link to the next item; 4,000 of them with a
blank-node address of four triples, 4,000 with an rdfs:seeAlso), all under https://example.org/ (made-up
data, for timing only). It is loaded into an in-memory pyoxigraph Store (not timed); then, for each format,
pyoxigraph's ``Store.dump`` of the default graph and ``clusterkg.serialize(store, format)`` run in turn
(the best of ``--repeat`` runs each; the machine may be shared). Printed: one JSON line per format with
both times in seconds and their ratio, and the size of each output.
"""

from __future__ import annotations

import argparse
import gc
import json
import time

import pyoxigraph as ox

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SEE_ALSO = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
ITEMS, BLANKS = 44_000, 4_000


def graph() -> list[ox.Quad]:
    """The 200,000 triples (see the module's description)."""
    p = {name: ox.NamedNode(EX + name) for name in ("count", "next", "address", "street", "postcode", "lat")}
    item_class, address_class = ox.NamedNode(EX + "Item"), ox.NamedNode(EX + "Address")
    out = []
    for i in range(ITEMS):
        item = ox.NamedNode(f"{EX}id/item/{i}")
        out += [ox.Quad(item, RDF_TYPE, item_class), ox.Quad(item, LABEL, ox.Literal(f"Item {i}", language="en")),
                ox.Quad(item, p["count"], ox.Literal(str(i), datatype=ox.NamedNode(XSD + "integer"))),
                ox.Quad(item, p["next"], ox.NamedNode(f"{EX}id/item/{i + 1}"))]
        if i < BLANKS:
            address = ox.BlankNode(f"address{i}")
            out += [ox.Quad(item, p["address"], address), ox.Quad(address, RDF_TYPE, address_class),
                    ox.Quad(address, p["street"], ox.Literal(f"{i} High Street")),
                    ox.Quad(address, p["postcode"], ox.Literal(f"B{i % 99} {i % 9}AA")),
                    ox.Quad(address, p["lat"], ox.Literal(f"52.{i:04d}", datatype=ox.NamedNode(XSD + "decimal"))),
                    ox.Quad(item, SEE_ALSO, ox.NamedNode(f"{EX}page/{i}"))]
    assert len(out) == 200_000, len(out)
    return out


def best(run, repeat: int) -> tuple[float, bytes]:
    times, data = [], b""
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        data = run()
        times.append(time.perf_counter() - start)
    return min(times), data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    import clusterkg

    store = ox.Store()
    store.extend(graph())
    for name in args.formats.split(","):
        fmt = FORMATS[name]
        scope = {} if fmt.supports_datasets else {"from_graph": ox.DefaultGraph()}
        own, own_data = best(lambda: store.dump(format=fmt, **scope), args.repeat)  # noqa: B023
        ours, our_data = best(lambda: clusterkg.serialize(store, name), args.repeat)  # noqa: B023
        print(json.dumps({"format": name, "triples": len(store), "pyoxigraph_seconds": round(own, 3),
                          "clusterkg_seconds": round(ours, 3), "ratio": round(ours / own, 2),
                          "pyoxigraph_bytes": len(own_data), "clusterkg_bytes": len(our_data)}), flush=True)


if __name__ == "__main__":
    main()
