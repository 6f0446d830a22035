"""From a file on disk to verified chunks in a collection. Knows nothing about questions."""
