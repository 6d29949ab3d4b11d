"""Identical output between two commits on every SaudiNewsNet article (or any inputs).

    python tools/compare_commits.py BASE NEW [--workers 2] [--keep DIR] [--inputs FILE...]

BASE and NEW are commits of this repository (checked out for the run in temporary
worktrees, removed afterwards) or directories holding a checkout (their ``src`` is
used).  Each side runs ``marsad analyze --json --workers N`` over the inputs (default:
every ZIP of ``../shared/data/saudinewsnet``, 27,644 articles) from its own ``src``
(``--extraction learned``: with the learned models), with a cache directory of its own (two
versions of a compiled resource never evict each other; ``--shared-cache`` keeps the
environment's), writing gzip-compressed JSON Lines as the documents come; the two files are
then compared with ``tools/compare_outputs.py`` (streamed, a few MB of memory).  Prints
each run's wall time and the comparison; exit code 0 when every document is the same.

The full corpus costs about 10 minutes of one core per side (two workers: about half
that on two free cores).  ``--keep DIR`` keeps both outputs (``before.jsonl.gz``,
``after.jsonl.gz``) for a later ``compare_outputs.py`` or another comparison.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from compare_outputs import Comparison, compare, lines

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "saudinewsnet"
_CLI = "import sys; from marsad.cli import main; sys.argv = ['marsad', *sys.argv[1:]]; main()"
_CHUNK = 1 << 20


def checkout(ref: str, workdir: Path, name: str) -> tuple[Path, bool]:
    """The ``src`` directory of ``ref`` (a directory, or a commit put in a temporary worktree) and
    whether a worktree was made for it."""
    given = Path(ref)
    if (given / "src" / "marsad").is_dir():
        return given.resolve() / "src", False
    tree = workdir / name
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True)
    return tree / "src", True


def analyse(src: Path, inputs: list[str], workers: int, out: Path, cache: Path | None,
            extraction: str | None = None) -> float:
    """Run ``analyze --json`` from ``src`` over ``inputs`` into ``out`` (gzip); the wall time.
    ``extraction``: passed on as ``--extraction`` (None: the command's default)."""
    env = dict(os.environ, PYTHONPATH=str(src))
    if cache is not None:
        env["MARSAD_CACHE_DIR"] = str(cache)
    chosen = ["--extraction", extraction] if extraction is not None else []
    command = [sys.executable, "-c", _CLI, "analyze", "--json", "--workers", str(workers), *chosen, *inputs]
    started = time.perf_counter()
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE) as process, gzip.open(out, "wb") as sink:
        assert process.stdout is not None
        while chunk := process.stdout.read(_CHUNK):
            sink.write(chunk)
    if process.returncode not in (0, 1):  # 1: some inputs could not be read (reported on stderr)
        raise SystemExit(f"compare_commits: analyze from {src} exited with {process.returncode}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="commit or checkout directory of the reference run")
    parser.add_argument("new", help="commit or checkout directory of the run to check")
    parser.add_argument("--inputs", nargs="+", help="inputs to analyse (default: every SaudiNewsNet ZIP)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="directory of the SaudiNewsNet ZIPs")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="directory to keep both outputs in")
    parser.add_argument("--ignore-empty-new-keys", action="store_true")
    parser.add_argument("--extraction", choices=("rules", "learned"),
                        help="quotes and events extraction of both runs (default: the command's default)")
    parser.add_argument("--shared-cache", action="store_true",
                        help="use the environment's cache directory for both sides (default: one each, filled by the "
                        "first start: about a minute)")
    args = parser.parse_args()
    inputs = args.inputs or [str(p) for p in sorted(args.data.glob("*.zip"))]
    if not inputs:
        raise SystemExit(f"compare_commits: no inputs (no ZIPs in {args.data}; pass --data or --inputs)")
    workdir = Path(tempfile.mkdtemp(prefix="marsad-compare-"))
    trees: list[Path] = []
    try:
        outdir = args.keep or workdir
        outdir.mkdir(parents=True, exist_ok=True)
        outputs = []
        for side, ref in (("before", args.base), ("after", args.new)):
            src, made = checkout(ref, workdir, side)
            if made:
                trees.append(src.parent)
            out = outdir / f"{side}.jsonl.gz"
            cache = None if args.shared_cache else workdir / f"cache-{side}"
            wall = analyse(src, inputs, args.workers, out, cache, args.extraction)
            print(f"{side}: {ref}: {wall:.1f} s wall")
            outputs.append(out)
        result = compare(lines(outputs[0]), lines(outputs[1]), Comparison(ignore_empty_new_keys=args.ignore_empty_new_keys))
        print("\n".join(result.report()))
    finally:
        for tree in trees:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(0 if result.same else 1)


if __name__ == "__main__":
    main()
