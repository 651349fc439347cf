"""Text that keeps its offsets: normalisation, sentences, escaping, highlighting."""
