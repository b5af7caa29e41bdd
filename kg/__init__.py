"""kg: news articles in, one provenance-rich RDF knowledge graph out."""

__version__ = "0.1.0"
