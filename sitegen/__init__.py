"""The « Think Small » site generator: read → validate → assemble → render → write."""

__version__ = "0.1.0"
CACHE_FOLDER = ".cache"  # beside site.yaml, unless `--cache` names another folder
