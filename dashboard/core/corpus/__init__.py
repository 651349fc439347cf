"""The corpus on disk and in a session: sources.csv, articles, uploads, citation."""
