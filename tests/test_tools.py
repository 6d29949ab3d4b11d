"""The offline generators in tools/ reproduce the data files committed under src/marsad/data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "marsad" / "data"


def run_tool(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / script), *args], capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("script", "data_file"), [("build_countries.py", "countries.tsv"), ("build_month_data.py", "time_months_babel.tsv")]
)
def test_committed_file_is_what_the_tool_makes(script: str, data_file: str, tmp_path: Path) -> None:
    result = run_tool(script, "--check")
    assert result.returncode == 0, result.stderr
    # The check can fail: a copy with one line changed is reported out of date.
    stale = tmp_path / data_file
    stale.write_text((DATA / data_file).read_text(encoding="utf-8").replace("\n", "\nX\t", 1), encoding="utf-8")
    result = run_tool(script, "--check", str(stale))
    assert result.returncode == 1 and "out of date" in result.stderr
    # Writing reproduces the committed file byte for byte.
    fresh = tmp_path / f"fresh-{data_file}"
    assert run_tool(script, str(fresh)).returncode == 0
    assert fresh.read_bytes() == (DATA / data_file).read_bytes()


def test_shipped_regional_gazetteer_is_what_the_tool_makes(shared_dir: Path, tmp_path: Path) -> None:
    wof = str(shared_dir / "data" / "wof-arab-gazetteer")
    result = run_tool("build_regional_gazetteer.py", "--wof", wof, "--check")
    assert result.returncode == 0, result.stderr
    stale = tmp_path / "geo_regional.tsv.gz"
    shipped = (DATA / "geo_regional.tsv.gz").read_bytes()
    stale.write_bytes(shipped[:-1] + bytes([shipped[-1] ^ 1]))
    result = run_tool("build_regional_gazetteer.py", "--wof", wof, "--check", "--out", str(stale))
    assert result.returncode == 1 and "out of date" in result.stderr
