"""The Marsad pipeline as an Apache Spark job (``marsad spark``, ``spark-submit -m marsad.spark``).

``job`` runs the same :class:`marsad.pipeline.Pipeline` per partition and writes
Parquet tables; ``tables`` defines their columns; ``load`` reads a run back.
pyspark is an optional extra (``pip install marsad[spark]``); only ``job``
imports it.
"""
