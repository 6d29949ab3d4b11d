"""Learned scoring of the rule system's candidates: trigger, arguments, status, speaker.

The rules (``attribution/quotes.py``, ``attribution/events.py``) and the trigger
lexicon propose; small logistic-regression models trained on the project's gold
corpus decide, each with a calibrated probability that becomes a
``confidence``. Below its threshold an argument is left ``null`` rather than
guessed: a wrong actor is worse than a missing one.
"""
