"""The vocabulary, the IRIs, the graph built from the profiles, the RDF file loader, the cache."""
