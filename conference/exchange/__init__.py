"""The interchange format at the edges: import, export and the vendored JSON schemas."""
