"""``spark-submit -m marsad.spark INPUT... --out DIR`` (or ``python -m marsad.spark``)."""

from marsad.spark.job import main

if __name__ == "__main__":
    main()
