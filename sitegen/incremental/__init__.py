"""The incremental stage."""
