"""Time-expression machinery for the dates-and-times stage: lexicon, grammar, calendar arithmetic, publication-date detection."""
