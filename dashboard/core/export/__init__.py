"""Exports: the request model, the dispatcher, and one writer per format."""
