"""Changing records for teachers: new lines go in, everything they wrote stays as it was."""
