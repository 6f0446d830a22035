"""The collection as something to search: store, embeddings, sparse index, folding."""
