"""Build ``src/marsad/data/petrarch_verbs.tsv`` from UniversalPetrarch's Arabic verb dictionary.

UniversalPetrarch (MIT, Open Event Data Alliance) codes Arabic verbs with CAMEO
patterns. Each verb block lists lemmas (synonyms) and patterns with CAMEO codes;
here every single-word lemma gets the PLOVER types its block's codes map to
(through PLOVER's CAMEO2PLOVER table), with counts. The learned trigger model
uses them as hints (features), never as decisions.

    python tools/build_petrarch_verbs.py --shared ../shared/data
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "marsad" / "data" / "petrarch_verbs.tsv"
PLOVER_TYPES = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[(\d{2,4})\]")
ARABIC_WORD = re.compile(r"^[\u0621-\u064a]{2,}$")


def cameo_to_plover(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m and m.group(2) in PLOVER_TYPES:
            table[m.group(1)] = m.group(2)
    return table


def plover_for(code: str, table: dict[str, str]) -> str | None:
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default="../shared/data")
    args = parser.parse_args()
    shared = Path(args.shared)
    table = cameo_to_plover(shared / "plover" / "CAMEO2PLOVER-2021.txt")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    lemmas: list[str] = []
    codes: list[str] = []

    def flush() -> None:
        types = Counter(t for t in (plover_for(c, table) for c in codes) if t)
        for lemma in lemmas:
            counts[lemma].update(types)

    text = (shared / "universalpetrarch-arabic" / "dictionaries" / "CAMEO.ar.0.5.txt").read_text("utf-8")
    for line in text.splitlines():
        block = BLOCK.match(line)
        if block:
            flush()
            lemmas, codes = [], []
            head = block.group(2)
            if head.isdigit():
                codes.append(head)
            if ARABIC_WORD.match(block.group(1)):
                lemmas.append(block.group(1))
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "&", "+")):
            continue
        if stripped.startswith("-"):
            codes.extend(CODE.findall(stripped))
            continue
        word = stripped.split("#")[0].strip()
        if ARABIC_WORD.match(word):
            lemmas.append(word)
    flush()
    rows = sorted((lemma, c) for lemma, c in counts.items() if c)
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Arabic verb lemmas with the PLOVER types of their UniversalPetrarch CAMEO patterns (counts).\n")
        out.write("# Built by tools/build_petrarch_verbs.py from UniversalPetrarch (MIT, (c) 2016 Open Event Data\n")
        out.write("# Alliance) and PLOVER's CAMEO2PLOVER table. Hints for the learned trigger model.\n")
        out.write("lemma\ttypes\n")
        for lemma, c in rows:
            out.write(f"{lemma}\t{','.join(f'{t}:{n}' for t, n in c.most_common())}\n")
    print(f"{len(rows)} lemmas → {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
