"""Geoparsing: the gazetteer, toponym spans, corridor linking, and its evaluation."""
