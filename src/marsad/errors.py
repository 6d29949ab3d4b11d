"""The one base class of every error Marsad raises on purpose.

``except MarsadError`` catches any of them (bad input, bad data file, bad model,
bad query, a store that cannot be opened); each also keeps its built-in base
(``ValueError``, ``RuntimeError`` ...), so callers that catch those keep working.
This module is the bottom layer: it imports nothing from the package.
"""

from __future__ import annotations


class MarsadError(Exception):
    """Base of every Marsad error: a message meant for the user, not a traceback."""
