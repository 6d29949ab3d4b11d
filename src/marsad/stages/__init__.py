"""Pipeline stages: one module per stage, each reading a Document and adding annotations."""
