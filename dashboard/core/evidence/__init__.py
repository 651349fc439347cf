"""The evidence index: building it, caching it, and the questions asked of it."""
