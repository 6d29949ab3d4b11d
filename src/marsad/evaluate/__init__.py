"""Scoring components against gold data: precision, recall and F1."""
