"""Attribution and event coding: who says what, who did what to whom, and according to whom.

``text`` segments the repaired, normalised view into tokens and sentences;
``lexicon`` loads the cue and trigger vocabulary from ``marsad/data``;
``phrases`` finds speaker/actor phrases; ``quotes`` and ``events`` hold the rules
the ``quotes`` and ``events`` stages run.
"""
