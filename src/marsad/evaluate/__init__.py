"""Evaluation of Marsad components against gold data."""
