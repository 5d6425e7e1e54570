"""The graph as networks: measures, what clusters share, GraphML/GEXF files."""
