"""RDF out: the format registry, the writers, rebase, export with the dataset description."""
