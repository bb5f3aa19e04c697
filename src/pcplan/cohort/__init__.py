"""Whole-school views: the SEN register, the provision map and its costs, the overview."""
