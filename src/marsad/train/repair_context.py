"""Training the dotless context model (``marsad train repair-context``).

The shipped model is trained from licensed corpora (below); a user can also
train one on their own articles (:func:`build_corpus_context_model`, ``--corpus``),
leaving out an evaluation set by url, text and near copy.

The licensed corpora are the running text of annotated NER corpora whose licences allow
sharing derived counts (the tags are ignored):

* ANERcorp (newswire; CC BY-SA 4.0 in the CAMeL Lab redistribution),
* AQMAR Arabic Wikipedia NER corpus (CC BY-SA 3.0), train and dev parts,
* the Wojood public sample (MIT), train and val parts.

Their test parts are left out.  The repair stage is measured on other text
(SaudiNewsNet), never on these corpora.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.ner.conll import column_blocks
from marsad.text.dotless import DotlessIndex, has_first_letter_rival
from marsad.text.dotless_context import ContextModel, train_context
from marsad.text.repair_chars import ARABIC_LETTERS, ARABIC_MARKS

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


class CorpusError(MarsadError, ValueError):
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
    sentences = [[parts[0] for parts in block if parts[0] != "$#$"]  # $#$: Wojood segment marker
                 for block in column_blocks(text)]
    return [tokens for tokens in sentences if tokens]


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


def build_context_model(corpora: Sequence[CorpusText]) -> ContextModel:
    header: dict[str, Any] = {
        "license": LICENSE,
        "attribution": sorted({c.attribution for c in corpora}),
        "trained_on": [{"file": c.name, "sentences": len(c.sentences)} for c in corpora],
    }
    sentences = [s for c in corpora for s in c.sentences]
    return train_context(sentences, keep_word=has_rival, keep_first=has_first_letter_rival, header=header)


# -- training on the user's own corpus (self-supervised) ----------------------------
# The context model needs only clean running text, so an observatory can count the
# neighbours in the articles it already holds.  Those counts carry the corpus's
# terms, not the project's: the model's header names the files and the token
# count, and claims no licence.


_SPACE = re.compile(r"\s+")
# Inside a line, tokens are separated by spaces or tabs, as neighbours are at run time.
_TOKEN_GAP = re.compile(r"[ \t]+")
_WORD = re.compile(f"[{ARABIC_LETTERS}]+")
_LETTER_RUN = re.compile(f"([^{ARABIC_LETTERS}]*)([{ARABIC_LETTERS}]+)([^{ARABIC_LETTERS}]*)")
_MARK = re.compile(f"[{ARABIC_MARKS}\u0640]")
# A token that cuts the neighbour pair (punctuation, digits, Latin, a diacritised word).
BREAK = "."
# Near copies: shingles of this many words; an article sharing this share of its
# shingles with the excluded articles is one of their copies.
SHINGLE_WORDS = 8
NEAR_COPY_SHARE = 0.5


@dataclass(slots=True)
class Exclusions:
    """Articles to leave out of training: by url, by a hash of the text, and near copies.

    News agencies' stories are republished by several outlets with small edits
    (another url, another first line), so an evaluation set is also guarded by
    its word shingles: an article sharing at least ``near_share`` of its
    shingles with the excluded articles is left out as a near copy.
    """

    urls: set[str] = field(default_factory=set)
    text_hashes: set[str] = field(default_factory=set)
    shingles: set[int] = field(default_factory=set)
    near_share: float = NEAR_COPY_SHARE

    def add(self, url: str | None, text: str, *, near: bool) -> None:
        if url:
            self.urls.add(url.strip())
        self.text_hashes.add(text_hash(text))
        if near:
            self.shingles.update(word_shingles(text))

    def reason(self, url: str | None, text: str) -> str | None:
        """Why an article is left out ('url', 'text', 'near'), or None to keep it."""
        if url and url.strip() in self.urls:
            return "url"
        if text_hash(text) in self.text_hashes:
            return "text"
        if self.shingles:
            own = word_shingles(text)
            if own and len(own & self.shingles) >= self.near_share * len(own):
                return "near"
        return None


@dataclass(slots=True)
class CorpusStats:
    """What training on the user's corpus read, for the model header and the report."""

    articles: int = 0
    excluded_by_url: int = 0
    excluded_by_text: int = 0
    excluded_near: int = 0
    unreadable: int = 0
    tokens: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def excluded(self) -> int:
        return self.excluded_by_url + self.excluded_by_text + self.excluded_near


def text_hash(text: str) -> str:
    """A hash of the text with its white space collapsed (the same article read twice matches)."""
    return hashlib.sha1(_SPACE.sub(" ", text).strip().encode("utf-8")).hexdigest()


def text_sentences(text: str) -> Iterator[list[str]]:
    """Running text as token runs: one run per line; punctuation stays a breaking token.

    A neighbour at run time is a whole word of plain Arabic letters with only
    spaces between (``الحكومة تعمل``); ``الحكومة، تعمل`` has none, and neither
    has a word written with diacritics or tatweel.  The tokens here follow the
    same rule, so the counts describe the pairs the stage will look up.
    """
    for line in text.splitlines():
        tokens: list[str] = []
        for piece in _TOKEN_GAP.split(line):
            if not piece:
                continue
            m = _LETTER_RUN.fullmatch(piece)
            if m is None or _MARK.search(piece):
                tokens.append(BREAK)
                continue
            before, word, after = m.groups()
            if before:
                tokens.append(BREAK)
            tokens.append(word)
            if after:
                tokens.append(BREAK)
        if tokens:
            yield tokens


def word_shingles(text: str) -> set[int]:
    """Hashes of every run of ``SHINGLE_WORDS`` consecutive words (white space and punctuation ignored)."""
    words = _WORD.findall(text)
    return {hash(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


def read_exclusions(paths: Sequence[str], *, near_copies: bool = True) -> tuple[Exclusions, list[str]]:
    """The urls, text hashes (and shingles) of the articles in ``paths``, and any read failures."""
    from marsad.readers import ReadFailure, read_inputs

    excluded = Exclusions()
    failures: list[str] = []
    for item in read_inputs(list(paths)):
        if isinstance(item, ReadFailure):
            failures.append(f"{item.source}: {item.reason}")
            continue
        excluded.add(item.url, item.text, near=near_copies)
    return excluded, failures


def corpus_sentences(paths: Sequence[str], exclusions: Exclusions, stats: CorpusStats) -> Iterator[list[str]]:
    """Sentences of every article in ``paths`` (JSON Lines, JSON, ZIP, text, directories) not excluded."""
    from marsad.readers import ReadFailure, read_inputs

    for item in read_inputs(list(paths)):
        if isinstance(item, ReadFailure):
            stats.unreadable += 1
            if len(stats.failures) < 20:
                stats.failures.append(f"{item.source}: {item.reason}")
            continue
        reason = exclusions.reason(item.url, item.text)
        if reason is not None:
            if reason == "url":
                stats.excluded_by_url += 1
            elif reason == "text":
                stats.excluded_by_text += 1
            else:
                stats.excluded_near += 1
            continue
        stats.articles += 1
        for sentence in text_sentences(item.text):
            stats.tokens += sum(1 for t in sentence if t != BREAK)
            yield sentence


def build_corpus_context_model(
    paths: Sequence[str],
    *,
    exclusions: Exclusions | None = None,
    licensed: Sequence[CorpusText] = (),
    min_pair_count: int = 1,
    joint: bool = False,
    min_joint_count: int = 1,
) -> tuple[ContextModel, CorpusStats]:
    """A context model counted on the user's own articles (plus, optionally, the licensed corpora).

    ``min_pair_count``: neighbour pairs seen fewer times are dropped from the
    stored word table (the shape and first-letter tables keep every count), which
    keeps a model trained on millions of words small.  ``joint``: also count
    each word with both its neighbours together; ``min_joint_count`` prunes
    those the same way.
    """
    stats = CorpusStats()
    user = corpus_sentences(paths, exclusions or Exclusions(), stats)
    sentences = itertools.chain(user, (s for c in licensed for s in c.sentences))
    model = train_context(sentences, keep_word=has_rival, keep_first=has_first_letter_rival, joint=joint)
    if min_pair_count > 1:
        for side in (model.left, model.right):
            side.pairs = {k: n for k, n in side.pairs.items() if n >= min_pair_count}
    if model.joint is not None and min_joint_count > 1:
        model.joint = {k: n for k, n in model.joint.items() if n >= min_joint_count}
    header: dict[str, Any] = {
        # The counts come from the user's corpus: no licence is claimed for them here.
        "trained_on": [
            {"corpus": [str(p) for p in paths], "articles": stats.articles, "tokens": stats.tokens},
            *({"file": c.name, "sentences": len(c.sentences)} for c in licensed),
        ],
        "excluded_articles": stats.excluded,
        "min_pair_count": min_pair_count,
        **({"min_joint_count": min_joint_count} if joint else {}),
        "note": "trained on the user's own corpus; the counts follow that corpus's terms",
    }
    if licensed:
        header["attribution"] = sorted({c.attribution for c in licensed})
    model.header = header
    return ContextModel.from_json(model.to_json()), stats
