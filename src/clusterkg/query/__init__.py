"""Stored queries and running them: catalogue, params, engine, results, labels, presentation, checks."""
