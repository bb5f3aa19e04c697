"""Reading git: versions of a record, what changed between them, and the record merge driver."""
