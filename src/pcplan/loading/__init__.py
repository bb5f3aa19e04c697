"""Reading records: strict YAML, the repository on disk, and validated models."""
