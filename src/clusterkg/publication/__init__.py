"""The publication folder (`export --all`): its settings, the query catalogue, the ontology page."""
