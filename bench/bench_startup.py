"""Benchmark start-up: CPU time a fresh process spends before (and on) its first article.

    python bench/bench_startup.py [--runs 3] [--cold] [--cache-dir DIR]

Every run is a fresh Python process, so nothing is shared between runs but the
cache directory (compiled gazetteer, folded lexicon, other compiled resources).
Three kinds of process are measured, each ``--runs`` times:

* ``cli``: ``marsad analyze --sample --json`` as a user types it; the CPU time
  (user + system) of the whole process, interpreter start-up included, from
  ``resource.getrusage(RUSAGE_CHILDREN)`` around it;
* ``phases``: the same work timed inside the process with ``time.process_time``:
  interpreter and imports of the CLI, building the pipeline, analysing the
  sample article (and its JSON);
* ``worker``: what an ingest/analyze worker process does before its first
  result (imports, ``Pipeline.from_config`` in the worker initialiser, one
  article), process CPU time.

Prints one JSON line per kind with the median and the range.  ``--cold`` empties
the cache directory before every run (the first run after installing); the
default measures warm starts (one untimed run first fills the cache).  The cache
directory is a temporary one unless ``--cache-dir`` is given, so the user's own
cache is never touched.  Python's compiled modules are kept in a temporary directory of
their own (``PYTHONPYCACHEPREFIX``), written by the untimed first run, unless
``--no-bytecode-cache``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CLI = "import sys; from marsad.cli import main; sys.argv = ['marsad', *sys.argv[1:]]; main()"

_PHASES = """
import json, sys, time
started = time.process_time()  # the interpreter's own start-up is already in it
from marsad.cli import main  # noqa: F401  (what every command imports)
imported = time.process_time()
from marsad.pipeline import Pipeline, PipelineConfig
pipeline = Pipeline.from_config(PipelineConfig())
built = time.process_time()
from marsad.cli.cmd_analyze import SAMPLE
from marsad.readers import read_inputs
for doc in read_inputs([str(SAMPLE)]):
    pipeline(doc).to_json()
analysed = time.process_time()
print(json.dumps({"interpreter": started, "import_cli": imported - started, "build_pipeline": built - imported,
                  "first_article": analysed - built, "total": analysed}))
"""

_WORKER = """
import json, sys, time
from marsad.ingest.workers import _init_worker, _run, analyse_to_json
from marsad.pipeline import PipelineConfig
imported = time.process_time()
_init_worker(PipelineConfig(), analyse_to_json)
built = time.process_time()
from marsad.cli.cmd_analyze import SAMPLE
from marsad.readers import read_inputs
for doc in read_inputs([str(SAMPLE)]):
    _run(doc)
analysed = time.process_time()
print(json.dumps({"imports": imported, "build_pipeline": built - imported, "first_article": analysed - built,
                  "total": analysed}))
"""


def _environment(cache: Path, bytecode: Path | None) -> dict[str, str]:
    env = dict(os.environ)
    env["MARSAD_CACHE_DIR"] = str(cache)
    if bytecode is not None:
        # "After the first run" includes Python's compiled modules: an environment that writes
        # none (PYTHONDONTWRITEBYTECODE) would compile every module of the package in every run
        # (~0.1 s).  They go to a directory of their own, so the checkout stays clean.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    env.setdefault("PYTHONPATH", str(ROOT / "src"))
    return env


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(env: dict[str, str]) -> dict[str, float]:
    before = _child_cpu()
    subprocess.run([sys.executable, "-c", _CLI, "analyze", "--sample", "--json"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return {"total": _child_cpu() - before}


def run_script(script: str, env: dict[str, str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def summarise(kind: str, runs: list[dict[str, float]]) -> dict[str, object]:
    summary: dict[str, object] = {"kind": kind, "runs": len(runs)}
    for key in runs[0]:
        values = [run[key] for run in runs]
        summary[key] = {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
                        "max": round(max(values), 3)}
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="empty the cache before every run")
    parser.add_argument("--cache-dir", help="cache directory to use (default: a temporary one)")
    parser.add_argument("--no-bytecode-cache", action="store_true",
                        help="leave Python's bytecode caching to the environment (PYTHONDONTWRITEBYTECODE compiles "
                        "every module in every run)")
    parser.add_argument("--only", choices=("cli", "phases", "worker"), action="append",
                        help="measure only these kinds (repeatable)")
    args = parser.parse_args()
    kinds = args.only or ["cli", "phases", "worker"]
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(args.cache_dir) if args.cache_dir else Path(tmp) / "cache"
        env = _environment(cache, None if args.no_bytecode_cache else Path(tmp) / "bytecode")
        run_cli(env)  # fills the caches (--cold empties the resource cache before each timed run); not timed
        measures = {
            "cli": lambda: run_cli(env),
            "phases": lambda: run_script(_PHASES, env),
            "worker": lambda: run_script(_WORKER, env),
        }
        for kind in kinds:
            runs = []
            for _ in range(args.runs):
                if args.cold:
                    shutil.rmtree(cache, ignore_errors=True)
                runs.append(measures[kind]())
            sys.stdout.write(json.dumps(summarise(kind, runs)) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
