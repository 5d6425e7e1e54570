"""Harvest a DCAT RDF file as a CKAN portal does, with ckanext-dcat's RDFParser and its DCAT-AP 3
profile (no database needed), and print as JSON what a portal user would see: the parsed datasets,
CKAN's verdict on each tag, and the graph its DCAT-AP serializer writes back from each dataset.

Run by tests/publication/test_ckan.py in its own virtual environment (.venv-ckan): CKAN pins versions of
libraries that clash with the project's.  Usage: python ckan_harvest.py FILE [FORMAT]
"""

import json
import sys

from ckan.lib.navl.dictization_functions import Invalid
from ckan.logic.validators import tag_length_validator, tag_name_validator
from ckanext.dcat.processors import RDFParser, RDFSerializer

PROFILES = ["euro_dcat_ap_3"]


def tag_problem(name):
    """CKAN's own tag validators' word on ``name`` (None when it is a valid tag)."""
    try:
        tag_length_validator(name, {})
        tag_name_validator(name, {})
    except Invalid as exc:
        return str(exc.error)
    return None


def main(path, rdf_format="xml"):
    parser = RDFParser(profiles=PROFILES)
    with open(path, "rb") as f:
        parser.parse(f.read(), _format=rdf_format)
    datasets = list(parser.datasets())
    out = {"datasets": datasets, "tag_problems": {}, "serialized": []}
    for dataset in datasets:
        for tag in dataset.get("tags", []):
            out["tag_problems"][tag["name"]] = tag_problem(tag["name"])
        serializer = RDFSerializer(profiles=PROFILES)
        serializer.graph_from_dataset(dataset)
        out["serialized"].append(serializer.g.serialize(format="nt"))
    json.dump(out, sys.stdout, indent=1, sort_keys=True, default=str)


if __name__ == "__main__":
    main(*sys.argv[1:])
