"""The static site and `clusterkg serve` with its /sparql."""
