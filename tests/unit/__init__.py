"""Unit tests: the Qt-free conference package and its resources."""
