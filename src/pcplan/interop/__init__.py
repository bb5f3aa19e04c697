"""The outside world's formats: the school's MIS export in, spreadsheets out."""
