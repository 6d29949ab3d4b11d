"""The Marsad pipeline as an Apache Spark job (``marsad spark``, ``spark-submit src/marsad/spark/__main__.py``).

``job`` runs the same :class:`marsad.pipeline.Pipeline` per partition and writes
Parquet tables; ``tables`` defines their columns; :mod:`marsad.ingest.spark_load`
reads a run back into the store.
pyspark is an optional extra (``pip install marsad[spark]``); only ``job``
imports it.
"""
