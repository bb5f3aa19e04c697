"""Problems found in records, as values: positions, plain words, text and JSON reports."""
