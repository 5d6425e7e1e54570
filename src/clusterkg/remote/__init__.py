"""SPARQL endpoints elsewhere: queries over HTTP and push."""
