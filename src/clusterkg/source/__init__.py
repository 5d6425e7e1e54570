"""The curated input: YAML to profiles, checked against the source page."""
