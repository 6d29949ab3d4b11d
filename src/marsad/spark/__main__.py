"""``python -m marsad.spark INPUT... --out DIR`` or ``spark-submit src/marsad/spark/__main__.py INPUT... --out DIR``.

The same command as ``marsad spark`` (one parser, in :mod:`marsad.cli.cmd_spark`).
Without ``--master`` it keeps the master spark-submit configured.
"""

import sys

from marsad.cli import main

if __name__ == "__main__":
    sys.argv = ["marsad spark", "spark", *sys.argv[1:]]
    main()
