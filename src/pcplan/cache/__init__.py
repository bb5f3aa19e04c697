"""The validation cache: results of unchanged records are reused, never trusted blindly."""
