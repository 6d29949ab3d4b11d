"""Training the dotless context model (``marsad train repair-context``) from licensed corpora.

The corpora are the running text of annotated NER corpora whose licences allow
sharing derived counts (the tags are ignored):

* ANERcorp (newswire; CC BY-SA 4.0 in the CAMeL Lab redistribution),
* AQMAR Arabic Wikipedia NER corpus (CC BY-SA 3.0), train and dev parts,
* the Wojood public sample (MIT), train and val parts.

Their test parts are left out.  The repair stage is measured on other text
(SaudiNewsNet), never on these corpora.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.text.dotless import DotlessIndex
from marsad.text.dotless_context import FIRST_LETTERS, ContextModel, first_letter, train_context
from marsad.text.lexicon import Lexicon

# Corpus files under the data directory, with their attribution.
CORPORA: tuple[tuple[str, str], ...] = (
    (
        "anercorp/ANERCorp_reconstructed_train.txt",
        "ANERcorp (Benajiba et al. 2007; CAMeL Lab split), CC BY-SA 4.0",
    ),
    ("aqmar/train.txt", "AQMAR Arabic Wikipedia NER corpus (Mohit et al. 2012), CC BY-SA 3.0"),
    ("aqmar/dev.txt", "AQMAR Arabic Wikipedia NER corpus (Mohit et al. 2012), CC BY-SA 3.0"),
    ("wojood-sample/train.txt", "Wojood public sample (Jarrar et al. 2022), MIT"),
    ("wojood-sample/val.txt", "Wojood public sample (Jarrar et al. 2022), MIT"),
)
LICENSE = "CC BY-SA 4.0 (counts derived from CC BY-SA corpora); see repair-context.model.LICENSE.md"
# A rival reading with another first letter must be at least this common (Zipf).
RIVAL_ZIPF = 2.0


class CorpusError(ValueError):
    """A training corpus that cannot be read."""


@dataclass(frozen=True, slots=True)
class CorpusText:
    name: str
    attribution: str
    sentences: list[list[str]]


def read_token_sentences(path: Path) -> list[list[str]]:
    """Sentences of tokens from a ``token TAG...`` file (first column; blank line between sentences)."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    sentences: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            if current:
                sentences.append(current)
                current = []
            continue
        if parts[0] == "$#$":  # Wojood segment marker
            continue
        current.append(parts[0])
    if current:
        sentences.append(current)
    return sentences


def load_corpora(data_dir: Path, names: Sequence[tuple[str, str]] = CORPORA) -> list[CorpusText]:
    """The corpora found under ``data_dir`` (missing ones are skipped; none found is an error)."""
    found = [
        CorpusText(name, attribution, read_token_sentences(data_dir / name))
        for name, attribution in names
        if (data_dir / name).is_file()
    ]
    if not found:
        raise CorpusError(
            f"{data_dir}: none of the training corpora found ({', '.join(n for n, _ in names)})"
        )
    return found


def has_rival(word: str) -> bool:
    """Another listed word has the same skeleton (a dotless reading could be either)."""
    return DotlessIndex.get().has_rival(word)


def has_first_letter_rival(word: str) -> bool:
    """The word with another first letter of its class (``يعمل`` → ``تعمل``) is a listed word."""
    x = first_letter(word)
    if not x:
        return False
    at = word.index(x)
    lexicon = Lexicon.get()
    return any(
        lexicon.zipf(word[:at] + other + word[at + 1 :]) >= RIVAL_ZIPF
        for other in FIRST_LETTERS
        if other != x
    )


def build_context_model(corpora: Sequence[CorpusText]) -> ContextModel:
    header: dict[str, Any] = {
        "license": LICENSE,
        "attribution": sorted({c.attribution for c in corpora}),
        "trained_on": [{"file": c.name, "sentences": len(c.sentences)} for c in corpora],
    }
    sentences = [s for c in corpora for s in c.sentences]
    return train_context(sentences, keep_word=has_rival, keep_first=has_first_letter_rival, header=header)
