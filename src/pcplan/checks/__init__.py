"""`pcplan check`: the rule registry, the Code of Practice and golden-thread rules, and the
pipeline that validates and then lints records.

The registry (:mod:`pcplan.checks.registry`) holds every rule pcplan has, `validate`'s and
`check`'s, each with a stable code, a default severity, a summary and an explanation that
cites its source.
"""
