"""A store analysed with more than one option set says so (round 36, branch ux36).

``marsad reanalyze`` takes one option set, and ``marsad ingest`` another each time: an analyst who
re-analysed a store with ``--extraction rules`` and then ingested the next morning's articles with the
defaults got both kinds of events listed together, with no word from either command.  The ingest now says
which option sets the other stored documents were analysed with, and the re-analysis which it used."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import flat, run_cli

# Written for this test (invented reports).
MONDAY = ("أعلنت وزارة الصحة مساء الاثنين أن غارة جوية استهدفت منزلا في حي الشجاعية شرق مدينة غزة، ما أسفر عن "
          "مقتل أربعة أشخاص بينهم طفلان.\n")
TUESDAY = ("قال مسؤول محلي في مدينة حمص يوم الثلاثاء إن قذيفة سقطت قرب مدرسة في حي الوعر دون أن تسفر عن إصابات.\n")


def test_an_ingest_beside_documents_of_other_options_says_so(tmp_path: Path) -> None:
    db = tmp_path / "mixed.db"
    (tmp_path / "monday.txt").write_text(MONDAY, encoding="utf-8")
    (tmp_path / "tuesday.txt").write_text(TUESDAY, encoding="utf-8")
    code, out, _ = run_cli("ingest", "--db", str(db), "--extraction", "rules", str(tmp_path / "monday.txt"))
    assert code == 0 and "other options" not in flat(out)
    code, out, _ = run_cli("reanalyze", "--db", str(db), "--all", "--extraction", "rules")
    assert code == 0 and f"re-analysed in {db} with --extraction rules: 1 of 1 documents" in flat(out)
    code, out, _ = run_cli("ingest", "--db", str(db), str(tmp_path / "tuesday.txt"))
    assert code == 0
    assert ("this run analysed with the default options; other stored documents were analysed with other options "
            f"(1 with --extraction rules) and their events are listed together: marsad reanalyze --db {db} gives "
            "them this run's options (marsad stats lists them)") in flat(out)
    code, out, _ = run_cli("reanalyze", "--db", str(db))
    assert code == 0 and f"re-analysed in {db} with the default options: 1 of 1 documents" in flat(out)
    # one option set again: nothing to say
    (tmp_path / "wednesday.txt").write_text(MONDAY.replace("الاثنين", "الأربعاء"), encoding="utf-8")
    code, out, _ = run_cli("ingest", "--db", str(db), str(tmp_path / "wednesday.txt"))
    assert code == 0 and "1 new" in flat(out) and "other options" not in flat(out)
