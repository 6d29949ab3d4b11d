"""Pipeline stages: one module per stage, each reading a Document and adding annotations.

What each stage reads, adds and edits, and the options its constructor takes,
is declared in its ``StageSpec`` in :data:`marsad.pipeline.STAGES` (one place,
checked by the pipeline); a stage never reads the environment.
"""
