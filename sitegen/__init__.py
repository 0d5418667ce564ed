"""The « Think Small » site generator: read → validate → assemble → render → write."""

__version__ = "0.1.0"
