"""Run records: the journal (before each step) and the JSON report."""
