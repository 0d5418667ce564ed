"""The editor stage."""
