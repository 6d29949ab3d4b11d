"""Find words broken to evade moderation and the words they stand for.

One pass of a compiled pattern looks for the few characters and shapes that
obfuscation needs (a separator between two letters, tatweel, invisible
controls, presentation forms, Persian look-alikes, dotless letters, letters
separated by spaces); text without them is returned untouched after that single
scan.  Each suspicious word is then decided with evidence from the lexicon:
pieces are joined only when the joined word is a known form, dotless letters
are restored to the most probable dotted word.  Repairs are ``(start, end,
original, replacement, kind)`` over the original text, one per broken word.

Kinds: ``separator`` (``ق.تل``, ``أسلـ.حتها``), ``spaced`` (``ق ت ل``),
``dotless`` (``ٯٮل``), ``invisible`` (zero-width/bidi controls), ``presentation``
(presentation-form code points), ``lookalike`` (``ک``, ``ی``) and ``tatweel``
(decoration between letters; never changes a letter).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from marsad.text.dotless import Choice, DocumentWords, DotlessIndex
from marsad.text.dotless_arcorrector import default_context_model
from marsad.text.dotless_context import ContextModel
from marsad.text.lexicon import Lexicon
from marsad.text.normalize import normalize
from marsad.text.repair_chars import ARABIC_LETTERS, ARABIC_MARKS, PRESENTATION, repair_chars

# Order in which a word's kind is named when several tricks were undone in it.
KIND_PRIORITY = ("dotless", "spaced", "separator", "invisible", "presentation", "lookalike", "tatweel")
# No Arabic word form is longer than this; longer joins are not words (and this
# keeps hostile input linear).
MAX_WORD_LETTERS = 30
# Zipf frequency from which a piece counts as a word of its own (not a fragment).
WORD_ZIPF = 3.0
# A quoted run of this many spaced letters or fewer is an acronym («ب ي د»);
# longer quoted runs are words («د ا ع ش»).
MAX_QUOTED_ACRONYM = 3
# A spaced-letter run longer than this is not one or two words spelled out.
MAX_SPACED_LETTERS = 40
# Dotless reading of a word that also reads as a known word: the dotted
# candidate must be this much more probable (log10, so 3.0 = 1000x).  In a text
# where most words keep their dots, a real word (``صد``, ``حلال``) is far likelier
# written as meant than written without dots; 2.0 repaired such words in the
# evaluation's clean parts (issue 14: chosen on tuning seeds, docs/repair.md).
AMBIGUOUS_MARGIN = 3.0
# A dotless word whose best reading holds less than this share of the
# probability of all its readings (after document and context evidence) is
# left as written, with a ``repair-undecided`` note: the guess would too often be
# another real word, and a wrong repair misleads every later stage while an
# unrepaired word only goes unread.  0.95 keeps wrong repairs of every kind under
# 0.3 % on both evaluation sources (0.7 gave 0.45-0.5 %; chosen on tuning seeds,
# docs/evaluation-log.md); 0.0 repairs every dotless word.
MIN_DOTLESS_CONFIDENCE = 0.95
# A run of pieces joined into one word holds at most this many pieces (one per letter).
MAX_RUN_PIECES = MAX_WORD_LETTERS
# A chunk of more pieces than this is not prose: its pieces are joined in pairs only.
MAX_CHUNK_PIECES = 1000
# Log10 cost of one more word when spaced letters are split into words (the
# Zipf scale's 9: a word's log10 probability).  Lower costs split real words
# (``قدمتهم`` → ``قدم تهم``) as often as they split run-together pairs
# (``بلاحدود`` → ``بلا حدود``): unigram counts cannot tell them apart.
SPACED_WORD_COST = 9.0
# A weakly separated pair (``رولز-رويس``, ``جو-جو``) whose two halves are each
# commoner than their join is two words; a join this common is a word anyway.
COMMON_JOIN_ZIPF = 3.5
# A piece of this many letters or fewer that is no word form is a fragment of a broken word.
MAX_FRAGMENT_LETTERS = 3
# Two common words written as one (``بلاحدود``): each must be this much commoner (Zipf) than the glued form.
GLUED_MARGIN = 1.5
# Dotted initials run to four letters (``أ.ف.ب``, ``و.ا.س``); a dot after each
# of more single letters spells out a word.
MAX_DOTTED_INITIALS = 4
# Each half of such a pair must be this much commoner (Zipf) than the join.
PAIR_MARGIN = 1.0
# ``محمد.أ``: a word followed by a dotted initial; the word alone must be this much
# commoner (Zipf) than the joined form for the dot to be an initial's.
INITIAL_MARGIN = 1.0
# The separators ordinary punctuation puts between letters (abbreviations, compounds, handles,
# dates, alternatives): a chunk broken only by single ones of these is decided word by word.
ORDINARY_BREAKS = frozenset(".-_/‐‑–—")
# Letters that end words but never stand for a name (``مقطع.ة`` is ``مقطعة``).
_NOT_INITIALS = frozenset("ةىءؤئ")
# How far (characters) to look for a neighbouring word.
_NEIGHBOUR_REACH = 40
# Characters before a chunk that make it part of a hashtag, mention, URL or query.
_NOT_PROSE_BEFORE = frozenset("#@/=&%\\")


@dataclass(frozen=True, slots=True)
class Found:
    """One repair: ``text[start:end] == original`` becomes ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    kind: str
    alternatives: tuple[str, ...] = ()
    # For a dotless reading: the share of the chosen word in the probability of all readings.
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Undecided:
    """A dotless word left as written: its readings were too close to call."""

    start: int
    end: int
    original: str
    readings: tuple[tuple[str, float], ...]  # (word, share of probability), best first


@dataclass(frozen=True, slots=True)
class Findings:
    repairs: list[Found]
    undecided: list[Undecided]


@dataclass(slots=True)
class _Word:
    start: int
    end: int
    fixed: str
    kinds: set[str] = field(default_factory=set)
    lookalike_final_yeh: bool = False


class _Spans:
    """Disjoint spans, for fast overlap tests (documents may hold many repairs)."""

    def __init__(self, found: list[Found]) -> None:
        spans = sorted((f.start, f.end) for f in found)
        self._starts = [s for s, _ in spans]
        self._ends = [e for _, e in spans]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # spans starting before ``end``
        return i > 0 and self._ends[i - 1] > start


def _kind(kinds: set[str]) -> str:
    return next(k for k in KIND_PRIORITY if k in kinds)


def _letter_count(word: str) -> int:
    return sum(1 for ch in word if not unicodedata.combining(ch))


def _fold_equal(a: str, b: str) -> bool:
    """Equal up to ة/ه and ى/ي, which the project treats as one letter."""
    return normalize(a) == normalize(b)


class Deobfuscator:
    """Finds repairs in a text.  Build once; call :meth:`find` per document."""

    def __init__(
        self, *, min_dotless_confidence: float = MIN_DOTLESS_CONFIDENCE, context: ContextModel | None = None
    ) -> None:
        self.min_dotless_confidence = min_dotless_confidence
        # The neighbour counts weighing dotless readings; None: the default model (ar-corrector's
        # when installed, else the shipped one), read on first need.
        self._context = context
        chars = repair_chars()
        self.chars = chars
        letters = f"[{ARABIC_LETTERS}]"
        seps = re.escape(chars.separators)
        fill = re.escape(chars.tatweel + chars.invisible)
        singles = re.escape(
            chars.tatweel + chars.invisible + "".join(chars.lookalikes) + chars.dotless_only
        )
        self._trigger = re.compile(
            f"{letters}[{fill}]*[{seps}]+[{fill}]*{letters}|[{singles}{PRESENTATION}]"
        )
        self._spaced = re.compile(
            f"(?<![{ARABIC_LETTERS}{ARABIC_MARKS}\\w]){letters}(?: {letters}){{2,}}"
            f"(?![{ARABIC_LETTERS}{ARABIC_MARKS}\\w])"
        )
        chunk_chars = f"{ARABIC_LETTERS}{ARABIC_MARKS}{PRESENTATION}{seps}{fill}"
        self._chunk_char = re.compile(f"[{chunk_chars}]")
        self._break_run = re.compile(f"[{seps}{fill}]+")
        self._letter = re.compile(f"[{ARABIC_LETTERS}{PRESENTATION}]")
        # Whole words with their marks and tatweel, so that a diacritised or
        # decorated word is never mistaken for a shorter plain one.
        self._arabic_word = re.compile(f"[{ARABIC_LETTERS}{ARABIC_MARKS}{re.escape(chars.tatweel)}]+")
        self._plain_word = re.compile(f"[{ARABIC_LETTERS}]+")
        # A neighbour is a whole word separated by spaces only (as in the training corpora).
        self._right_neighbour = re.compile(f"[ \t]+([{ARABIC_LETTERS}]+)(?![{ARABIC_LETTERS}{ARABIC_MARKS}])")
        self._left_neighbour = re.compile(f"(?<![{ARABIC_LETTERS}{ARABIC_MARKS}])([{ARABIC_LETTERS}]+)[ \t]+\\Z")
        self._sep_set = frozenset(chars.separators)
        self._strong_set = frozenset(chars.strong_separators)
        self._fill_set = frozenset(chars.tatweel + chars.invisible)
        self._invisible_set = frozenset(chars.invisible)
        self._dotless_only = frozenset(chars.dotless_only)
        self._persian_only = frozenset(chars.persian_only)
        self._persian_letters = frozenset(chars.persian_letters)
        self._persian_letter = re.compile(f"[{re.escape(chars.persian_letters)}]")
        self._invisible_run = re.compile(f"[{re.escape(chars.invisible)}]+")
        # Only the separators evasion tools alone use; an ASCII dot, hyphen or slash is decided by the lexicon.
        self._letter_names = chars.latin_letter_names
        self._dotless_alphabet = frozenset(chars.dotless_neutral).union(chars.dotless_readings)
        self._lookalikes = chars.lookalikes
        self._tatweel = chars.tatweel
        # Per-document state, reset by find().
        self._text = ""
        self._document_words: DocumentWords | None = None
        self._undecided: list[Undecided] = []
        # Whether the document shows dotless writing (a dotless-only letter in a word).
        self._saw_dotless = False

    # -- entry point -----------------------------------------------------------
    def find(self, text: str) -> list[Found]:
        """All repairs in ``text``, sorted by start, never overlapping."""
        return self.find_all(text).repairs

    def find_all(self, text: str) -> Findings:
        """The repairs, and the dotless words left as written because no reading was clear."""
        has_trigger = self._trigger.search(text) is not None
        has_spaced = self._spaced.search(text) is not None
        if not has_trigger and not has_spaced:
            return Findings([], [])  # the fast path: one scan, nothing suspicious
        found: list[Found] = []
        self._document_words = None
        self._text = text
        self._undecided = []
        self._saw_dotless = False
        if has_trigger:
            for start, end in self._chunks(text):
                found.extend(self._repair_chunk(text, start, end))
        if has_spaced:
            taken = _Spans(found)
            for m in self._spaced.finditer(text):
                if not taken.overlaps(m.start(), m.end()):
                    found.extend(self._repair_spaced(text, m.start(), m.end()))
        if self._saw_dotless:
            found.extend(self._ambiguous_dotless(text, found))
        found.extend(self._stray_invisibles(text, found))
        found.sort(key=lambda f: f.start)
        return Findings(found, sorted(self._undecided, key=lambda u: u.start))

    def _words_of_document(self) -> DocumentWords:
        """The document's own words and word pairs: a dotless reading it spells in full is likelier."""
        if self._document_words is None:
            text = self._text
            words: list[str] = []
            pairs: list[tuple[str, str]] = []
            last_end = -1
            for m in self._arabic_word.finditer(text):
                word = m.group()
                if words and not text[last_end : m.start()].strip(" \t"):
                    pairs.append((words[-1], word))
                words.append(word)
                last_end = m.end()
            self._document_words = DocumentWords.of(words, pairs)
        return self._document_words

    # -- chunks: maximal runs of word characters around a trigger -------------
    def _chunks(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        is_chunk = self._chunk_char.match
        n = len(text)
        last_end = -1
        for m in self._trigger.finditer(text):
            if m.start() < last_end:
                continue
            start = m.start()
            while start > 0 and is_chunk(text, start - 1):
                start -= 1
            end = m.end()
            while end < n and is_chunk(text, end):
                end += 1
            spans.append((start, end))
            last_end = end
        return spans

    def _repair_chunk(self, text: str, start: int, end: int) -> list[Found]:
        # The word proper runs from its first to its last letter: a tatweel or
        # a dot after the last letter (``هـ``, ``حلب..``) is not a break.
        letters = [m.start() for m in self._letter.finditer(text, start, end)]
        if not letters:
            return []
        start, end = letters[0], letters[-1] + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        if start > 0 and (text[start - 1] in _NOT_PROSE_BEFORE or text[start - 1].isdigit()):
            return []  # hashtag, URL, or a unit glued to a number (``1436هـ.``)
        if self._is_persian(text, start, end):
            return []  # Persian or Urdu written in its own letters: real text
        pieces, breaks = self._split(text, start, end)
        groups = self._group(text, pieces, breaks)
        out: list[Found] = []
        for word in groups:
            found = self._finish(text, word)
            if found is not None:
                out.append(found)
        return out

    def _split(self, text: str, start: int, end: int) -> tuple[list[_Word], list[str]]:
        """Pieces between separator breaks, cleaned, and the break strings between them."""
        pieces: list[_Word] = []
        breaks: list[str] = []
        pos = start
        for m in self._break_run.finditer(text, start, end):
            run = m.group()
            if not any(ch in self._sep_set or ch in self._invisible_set for ch in run):
                continue  # tatweel only: decoration, handled inside the piece
            pieces.append(self._clean_piece(text, pos, m.start()))
            breaks.append(run)
            pos = m.end()
        pieces.append(self._clean_piece(text, pos, end))
        return pieces, breaks

    def _clean_piece(self, text: str, start: int, end: int) -> _Word:
        """Undo character-level tricks inside one piece (no separators in it)."""
        word = _Word(start, end, "")
        original = text[start:end]
        persian = any(ch in self._persian_only for ch in original)
        out: list[str] = []
        last = len(original) - 1
        for i, ch in enumerate(original):
            if ch in self._invisible_set:
                # Invisible controls are never part of a word (clean_text keeps none).
                word.kinds.add("invisible")
                continue
            if ch in self._fill_set:
                prev_ok = bool(out)
                nxt = original[i + 1] if i < last else ""
                carries_mark = bool(nxt) and unicodedata.combining(nxt) > 0
                if prev_ok and nxt and not carries_mark:
                    word.kinds.add("tatweel")
                    continue
                out.append(ch)
            elif "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufefc":
                word.kinds.add("presentation")
                # One step to the Arabic letter: NFKC gives the Persian yeh for some forms (ﯾ → ی).
                for folded in unicodedata.normalize("NFKC", ch):
                    out.append(folded if persian else self._lookalikes.get(folded, folded))
            elif ch in self._lookalikes and not persian:
                word.kinds.add("lookalike")
                out.append(self._lookalikes[ch])
                if ch == "\u06cc" and i == last:
                    word.lookalike_final_yeh = True
            else:
                out.append(ch)
        word.fixed = "".join(out)
        return word

    def _group(self, text: str, pieces: list[_Word], breaks: list[str]) -> list[_Word]:
        """Join runs of pieces across breaks when the evidence says they form one word.

        From each piece the longest run that makes a word is taken (``هـ.ذ.ا``,
        ``اـ.ل.عالم`` are one word, not a join of the first two pieces).
        """
        if not breaks:
            return pieces
        if self._is_abbreviation(pieces, breaks):
            return pieces
        if self._spelled_out(pieces):
            return [self._spelled_words(self._merge(pieces, breaks))]
        spans: list[tuple[int, int]] = []  # [first, last] piece of each group
        i = 0
        n = len(pieces)
        # Hostile input (``ق.ق.ق...`` a hundred thousand times) gets pairs only: linear work.
        max_run = MAX_RUN_PIECES if n <= MAX_CHUNK_PIECES else 2
        while i < n:
            # The longest run from piece i within the letters a word can have.
            last = i
            letters = _letter_count(pieces[i].fixed)
            while last + 1 < n and last + 1 - i < max_run:
                letters += _letter_count(pieces[last + 1].fixed)
                if letters > MAX_WORD_LETTERS:
                    break
                last += 1
            joined_to = i
            for j in range(last, i, -1):
                if self._accept_run(pieces[i : j + 1], breaks[i:j]):
                    joined_to = j
                    break
            spans.append((i, joined_to))
            i = joined_to + 1
        if len(spans) > 1 and len(breaks) >= 2 and any(self._evasive(brk) for brk in breaks):
            spans = self._join_hidden_words(pieces, breaks, spans)
        if len(spans) > 1 and len(breaks) >= 2 and all(len(brk) == 1 and brk in self.chars.pair_hyphens for brk in breaks):
            # ``واح-إب-رع``: a hyphenated name of three parts or more; joining two
            # of them would make a word of a name's parts.
            return pieces
        return [self._merge(pieces[a : b + 1], breaks[a:b]) for a, b in spans]

    def _join_hidden_words(
        self, pieces: list[_Word], breaks: list[str], spans: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Join the groups of a chunk an evasion tool broke in several places where the lexicon stopped short.

        ``ب·راكامي__وس``, ``ماناكين·ت'·ا+•ون``, ``بيرك+ي*ن/هي~~د``: a rare name
        (or a word the lexicon does not list) broken twice or more, one break at
        least being something punctuation never is.  Joining the known part alone
        leaves a fragment and repairs half a word.  A break left between two groups
        is crossed when it is itself evasive, or when one side is a fragment (one
        letter, or a short piece that is no word form); an ordinary dot, hyphen or
        slash between two words (``المصرية–اليونانية``) or two parts of a name
        (``هانز-جواتشيم``) stays.
        """
        out = [spans[0]]
        for a, b in spans[1:]:
            brk = breaks[a - 1]
            prev_a, _ = out[-1]
            left = "".join(p.fixed for p in pieces[prev_a:a])
            right = "".join(p.fixed for p in pieces[a : b + 1])
            if self._evasive(brk) or self._fragment(left) or self._fragment(right):
                out[-1] = (prev_a, b)
            else:
                out.append((a, b))
        return out

    def _evasive(self, brk: str) -> bool:
        """A break no ordinary punctuation makes: a mix or run of separators (not an ellipsis),
        a deliberate one, a tatweel or control beside it, or a separator punctuation never puts
        between letters."""
        if self._deliberate(brk) or any(ch not in self._sep_set for ch in brk):
            return True
        if all(ch == "." for ch in brk):
            return False  # a dot or an ellipsis
        return len(brk) > 1 or brk not in ORDINARY_BREAKS

    @staticmethod
    def _fragment(word: str) -> bool:
        """One letter, or a short piece that is no word form (a longer unknown piece is a name's part)."""
        letters = _letter_count(word)
        return letters < 2 or (letters <= MAX_FRAGMENT_LETTERS and not Lexicon.get().known(word))

    def _own_word(self, word: str) -> bool:
        """A word that stands on its own between separators (two letters or more, and common)."""
        return _letter_count(word) >= 2 and Lexicon.get().zipf(word) >= WORD_ZIPF

    def _merge(self, pieces: list[_Word], breaks: list[str]) -> _Word:
        word = pieces[0]
        for piece, brk in zip(pieces[1:], breaks, strict=True):
            word.fixed += piece.fixed
            word.end = piece.end
            trick = "separator" if any(ch in self._sep_set for ch in brk) else "invisible"
            word.kinds |= piece.kinds | {trick}
        return word

    def _spelled_words(self, word: _Word) -> _Word:
        """A word spelled out letter by letter, read as the words it stands for (``ب.ل.ا.ح.د.و.د`` → ``بلا حدود``)."""
        letters = word.fixed
        if not self._plain_word.fullmatch(letters) or any(ch in self._dotless_only for ch in letters):
            return word
        # Only a listed glued form is split: a name spelled out this way (``م*و*ل*د*ي*ر*ي``)
        # would too often split into two unrelated words.
        cut = self._glued_pair(letters)
        if cut:
            word.fixed = f"{letters[:cut]} {letters[cut:]}"
        return word

    def _spelled_out(self, pieces: list[_Word]) -> bool:
        """A break after every letter (``س|ي|ر|ي|م``): one word, known to the lexicon or not.

        Dotted initials (``د.ب.أ``) were set apart before; a name spelled out
        this way is as much a word as a common one.
        """
        if len(pieces) < 3 or not all(_letter_count(p.fixed) == 1 for p in pieces):
            return False
        return 3 <= len(pieces) <= MAX_WORD_LETTERS

    def _is_abbreviation(self, pieces: list[_Word], breaks: list[str]) -> bool:
        """``د.ب.أ``, ``أ.ف.ب``, ``بي.بي.سي``, ``فيبي.دي.في.إس.ايه``: dotted initials, not a broken word.

        Three or more pieces, no tatweel or control in the breaks, and either every
        piece is spelled with Latin letter names, or every piece is short and the
        pieces do not join into a common word (``ق.ت.ل`` is ``قتل``).
        """
        if len(pieces) < 3:
            return False
        if any(brk != "." for brk in breaks):
            return False  # abbreviations are written with single dots (``ق*ت*ل``, ``ب.ث..ورات`` are words)
        if all(self._spells_letter_names(p.fixed) for p in pieces):
            return True
        if not all(_letter_count(p.fixed) <= 3 for p in pieces):
            return False
        joined = "".join(p.fixed for p in pieces)
        if normalize(joined) in self.chars.agency_abbreviations:
            return True
        if len(pieces) > MAX_DOTTED_INITIALS and all(_letter_count(p.fixed) == 1 for p in pieces):
            return False  # a dot after each of five letters or more: a word spelled out
        return Lexicon.get().zipf(joined) < WORD_ZIPF

    def _spells_letter_names(self, piece: str, depth: int = 0) -> bool:
        """``فيبي`` = في + بي: the piece is one or more Latin letter names."""
        if piece in self._letter_names:
            return True
        if depth >= 3:
            return False
        return any(
            piece[:k] in self._letter_names and self._spells_letter_names(piece[k:], depth + 1)
            for k in range(2, min(6, len(piece) - 1))
        )

    def _accept_run(self, run: list[_Word], breaks: list[str]) -> bool:
        """Whether the pieces of ``run`` (with ``breaks`` between them) are one broken word."""
        joined = "".join(p.fixed for p in run)
        n_letters = _letter_count(joined)
        if n_letters <= 2 or n_letters > MAX_WORD_LETTERS:
            return False
        lexicon = Lexicon.get()
        if not any(ch in self._sep_set for brk in breaks for ch in brk):
            # Invisible controls only.  Between two words written without a
            # space they are the word boundary (``المعايدة\u200fتواصلت``).
            if lexicon.known(joined):
                return True
            return not any(self._two_words(*self._halves(run, k)) for k in range(1, len(run)))
        # A tatweel beside the separator, or a separator that never stands inside
        # a word, is a deliberate break: join, known word or not.  (A direction
        # mark beside a full stop is not: ``المناسبة.\u200fويأتي``.)
        weak = [k + 1 for k, brk in enumerate(breaks) if not self._deliberate(brk)]
        if not weak:
            return True
        # One weak break between two pieces may be punctuation between two real
        # words; a run of breaks (``ق.ت.ل``, ``ا/ل/ب/ل/ا/د``) is only ever a broken word.
        # Other tricks in the pieces (tatweel, controls, presentation forms,
        # look-alikes: ``شر/طـة``) are evidence that the break is one too.
        pair = len(run) == 2 and not any(p.kinds for p in run)
        left, right = run[0].fixed, run[-1].fixed
        if pair:
            if ".." in breaks[0]:
                return False  # an ellipsis between words is punctuation (``حلب..ما``)
            if self._is_dotted_abbreviation(left, right, joined, breaks[0]):
                return False
            if left in self.chars.slash_conjunctions and right in self.chars.or_words:
                return False  # و-أو, و/أو: "and/or"
        target = joined
        if any(ch in self._dotless_only for ch in joined):
            choice = self._choose_dotless(joined, run[0].start, run[-1].end)
            if choice is None:
                return False
            target = choice.word
        # A missing space or a compound (``سوريا.وقال``, ``التركية-السورية``)
        # does not join into a known word, so the lexicon decides; a join known
        # only through clitic stripping (``الآخرين.كما``) is two words.
        if not lexicon.known(target):
            return False
        if not pair and len(run) == 2:
            return True  # two pieces with tricks of their own, joined into a known word
        if not lexicon.listed(target) and any(self._two_words(*self._halves(run, k)) for k in weak):
            return False
        if pair:
            if any(ch in self.chars.slashes for ch in breaks[0]) and not self._slash_join(left, right):
                return False
            if self._real_pair(left, right, target, breaks[0]):
                return False
        return True

    def _slash_join(self, left: str, right: str) -> bool:
        """A slash inside a word (``ال/بلاد``), not between two words (``تموز/يوليو``, ``و/أو``).

        The join must be listed as written (``تموز/ي`` is not the clitic reading
        تموز + ي), and the halves must not both be words of their own.
        """
        if not Lexicon.get().listed(left + right):
            return False
        return not (self._slash_word(left) and self._slash_word(right))

    def _slash_word(self, half: str) -> bool:
        if half in self.chars.slash_conjunctions:
            return True  # و/أو
        key = normalize(half)
        return _letter_count(half) >= 2 and key not in self.chars.clitics and Lexicon.get().zipf(half) >= WORD_ZIPF

    def _pair_half(self, half: str) -> float:
        """Zipf of one half of a hyphenated pair, 0 when it is a fragment (clitic or ending)."""
        key = normalize(half)
        if _letter_count(half) < 2 or key in self.chars.clitics or key in self.chars.pair_endings:
            return 0.0
        return Lexicon.get().zipf(half)

    def _deliberate(self, brk: str) -> bool:
        return self._tatweel in brk or all(ch in self._strong_set or ch in self._fill_set for ch in brk)

    @staticmethod
    def _halves(run: list[_Word], k: int) -> tuple[str, str]:
        return "".join(p.fixed for p in run[:k]), "".join(p.fixed for p in run[k:])

    def _real_pair(self, left: str, right: str, joined: str, brk: str) -> bool:
        """Two real words joined by a hyphen, dot or slash, not one broken word.

        ``رولز-رويس``, ``جو-جو``, ``شان-دو-مارس``: both halves are listed words,
        each commoner than their rare join (transliterated names and terms).
        ``محمد.أ``, ``لمياء.ك``: a name and a dotted initial.
        """
        lexicon = Lexicon.get()
        if left == right and _letter_count(left) >= 2 and all(ch in self.chars.pair_hyphens for ch in brk):
            return True  # reduplication (جو-جو, كي-كي)
        joined_zipf = lexicon.zipf(joined)
        left_zipf = lexicon.zipf(left)
        if all(ch in self.chars.pair_hyphens for ch in brk) and joined_zipf < COMMON_JOIN_ZIPF:
            halves = (left, right)
            if all(self._pair_half(half) - joined_zipf >= PAIR_MARGIN for half in halves):
                return True
        if brk == "." and _letter_count(right) == 1 and right not in _NOT_INITIALS and _letter_count(left) >= 3:
            return left_zipf >= WORD_ZIPF and left_zipf - joined_zipf >= INITIAL_MARGIN
        return False

    def _is_persian(self, text: str, start: int, end: int) -> bool:
        """A word of a Persian or Urdu span, written in its own letters: left as written.

        A Persian-only letter (پ چ ژ گ) decides; a Persian spelling of shared
        letters (ی, ک) decides when a neighbouring word is also written with
        Persian letters (``شبهای زاینده رود``) or when the word, mapped to
        Arabic letters, is not an Arabic word.
        """
        word = text[start:end]
        if not any(ch in self._persian_letters for ch in word):
            return False
        if any(ch in self._persian_only for ch in word):
            return True
        left, right = self._spaced_neighbours(text, start, end)
        if self._persian_letter.search(left) or self._persian_letter.search(right):
            return True
        mapped = "".join(self._lookalikes.get(ch, ch) for ch in word if ch not in self._fill_set)
        return self._plain_word.fullmatch(mapped) is not None and not Lexicon.get().known(mapped)

    def _spaced_neighbours(self, text: str, start: int, end: int) -> tuple[str, str]:
        """The whitespace-separated tokens just before and after ``[start, end)``."""
        before = text[max(0, start - _NEIGHBOUR_REACH) : start]
        after = text[end : end + _NEIGHBOUR_REACH]
        left = before.rstrip().rsplit(None, 1)[-1] if before.strip() and before[-1:].isspace() else ""
        right = after.lstrip().split(None, 1)[0] if after.strip() and after[:1].isspace() else ""
        return left, right

    def _stray_invisibles(self, text: str, found: list[Found]) -> list[Found]:
        """Invisible controls outside the repaired words (``كلمة\u200f.``): deleted from ``clean_text``.

        The zero-width non-joiner of Persian spelling (``می\u200cخواهم``) stays.
        """
        if self._invisible_set.isdisjoint(text):  # (one scan in C, not a generator per character)
            return []
        taken = _Spans(found)
        out: list[Found] = []
        for m in self._invisible_run.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            if m.group() == "\u200c" and self._touches_persian(text, m.start(), m.end()):
                continue
            out.append(Found(m.start(), m.end(), m.group(), "", "invisible"))
        return out

    def _touches_persian(self, text: str, start: int, end: int) -> bool:
        around = text[max(0, start - _NEIGHBOUR_REACH) : end + _NEIGHBOUR_REACH]
        return self._persian_letter.search(around) is not None

    def _two_words(self, left: str, right: str) -> bool:
        """Both sides are words in their own right: two letters or more, and common.

        wordfreq lists many fragments (``المسل``, ``حة``) at low frequency, so
        a listed fragment is not enough.
        """
        lexicon = Lexicon.get()
        return (
            _letter_count(left) >= 2
            and _letter_count(right) >= 2
            and lexicon.zipf(left) >= WORD_ZIPF
            and lexicon.zipf(right) >= WORD_ZIPF
        )

    def _is_dotted_abbreviation(self, left: str, right: str, joined: str, brk: str) -> bool:
        """``إل.جي`` (LG), ``د.ريان`` (Dr Rayan), ``د.ب.أ``: real abbreviations."""
        chars = self.chars
        if left in chars.latin_letter_names and right in chars.latin_letter_names:
            return True
        if normalize(joined) in chars.agency_abbreviations:
            return True
        if not (brk == "." and len(left) == 1 and left in chars.title_initials):
            return False
        # ``د.ريان``: the name is a word of its own, commoner than the joined form
        # (``د.ولة`` → ``دولة`` is the other way round).
        lexicon = Lexicon.get()
        return lexicon.zipf(right) >= WORD_ZIPF and lexicon.zipf(right) > lexicon.zipf(joined)

    def _finish(self, text: str, word: _Word) -> Found | None:
        fixed = word.fixed
        alternatives: tuple[str, ...] = ()
        confidence = 1.0
        if any(ch in self._dotless_only for ch in fixed):
            self._saw_dotless = True
            choice = self._choose_dotless(fixed, word.start, word.end)
            if choice is not None and choice.confidence >= self.min_dotless_confidence:
                fixed = choice.word
                alternatives = tuple(a for a in choice.alternatives if not _fold_equal(a, fixed))
                confidence = choice.confidence
                word.kinds.add("dotless")
            elif choice is not None:
                self._undecided.append(Undecided(word.start, word.end, text[word.start : word.end], choice.readings))
        if word.lookalike_final_yeh and fixed.endswith("\u064a"):
            # Final Farsi yeh looks like alef maqsura: let the lexicon choose.
            lexicon = Lexicon.get()
            maqsura = fixed[:-1] + "\u0649"
            if lexicon.zipf(maqsura) > lexicon.zipf(fixed):
                fixed = maqsura
        original = text[word.start : word.end]
        if fixed == original or not word.kinds:
            return None
        return Found(word.start, word.end, original, fixed, _kind(word.kinds), alternatives, confidence)

    def _choose_dotless(self, written: str, start: int, end: int) -> Choice | None:
        """The dotted reading of ``written`` (at ``[start, end)``), weighed with its neighbours."""
        text = self._text
        left, right = self._neighbours(text, start, end)
        return DotlessIndex.get().choose(
            written,
            self._words_of_document(),
            feminine_context=self._feminine_neighbour(text, start, end),
            left=left,
            right=right,
            context=self._context if self._context is not None else default_context_model(),
        )

    def _neighbours(self, text: str, start: int, end: int) -> tuple[str, str]:
        """The words just before and after, '' when punctuation or a line break comes between."""
        after = self._right_neighbour.match(text, end, min(len(text), end + _NEIGHBOUR_REACH))
        before = self._left_neighbour.search(text, max(0, start - _NEIGHBOUR_REACH), start)
        return (before.group(1) if before is not None else "", after.group(1) if after is not None else "")

    def _feminine_neighbour(self, text: str, start: int, end: int) -> bool:
        """True when the word just before or after ends like a feminine noun (ة, ات)."""
        after = self._plain_word.search(text, end, min(len(text), end + 40))
        before_text = text[max(0, start - 40) : start]
        words_before = list(self._plain_word.finditer(before_text))
        before = words_before[-1] if words_before else None
        for m in (after, before):
            if m is not None and (m.group().endswith("ة") or (len(m.group()) > 4 and m.group().endswith("ات"))):
                return True
        return False

    # -- letters separated by spaces -----------------------------------------
    def _repair_spaced(self, text: str, start: int, end: int) -> list[Found]:
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        positions = list(range(start, end, 2))
        quoted = bool(before and after) and before in self.chars.acronym_open and after in self.chars.acronym_close
        if quoted and len(positions) <= MAX_QUOTED_ACRONYM:
            return []  # «ب ي د», (ب ك ك): a spelled-out acronym
        if len(positions) > MAX_SPACED_LETTERS:
            return []
        if self._belongs_after(text, positions[-1]):
            positions.pop()  # ``ب"تهديد``: the last letter goes with what follows
            if len(positions) < 3:
                return []
        letters = "".join(text[p] for p in positions)
        if len(set(letters)) == 1 or normalize(letters) in self.chars.agency_abbreviations:
            return []  # ``و و و`` (and so on), ``د ب أ``
        segments = self._words_in_run(letters)
        out: list[Found] = []
        for seg_start, seg_end in segments:
            s = positions[seg_start]
            e = positions[seg_end - 1] + 1
            word = letters[seg_start:seg_end]
            kind = "spaced"
            if any(ch in self._dotless_only for ch in word):
                choice = self._choose_dotless(word, s, e)
                if choice is None:
                    continue
                word = choice.word
            out.append(Found(s, e, text[s:e], word, kind))
        return out

    def _belongs_after(self, text: str, last: int) -> bool:
        """The run's last letter is a proclitic glued to an opening quote and a word."""
        after = text[last + 1 : last + 3]
        return len(after) == 2 and after[0] in self.chars.acronym_open and self._letter.match(after[1]) is not None

    def _words_in_run(self, letters: str) -> list[tuple[int, int]]:
        """The words a run of spelled-out letters stands for, as ``[start, end)`` letter offsets.

        A split whose parts are not all words of their own (``هور`` + ``جان``,
        ``وعن`` + ``فوانه``), or whose parts running text (the context model or the
        document) never shows side by side, is one rare word the lexicon does not
        list: the whole run.  A listed word that is two common words written
        together (``بلاحدود``) is the two words when running text shows them so.
        """
        out: list[tuple[int, int]] = []
        for a, b in self._segment(letters):
            cut = self._glued_pair(letters[a:b])
            out.extend(((a, a + cut), (a + cut, b)) if cut else ((a, b),))
        if len(out) > 1 and not all(self._spaced_word(letters[a:b]) for a, b in out):
            return [(0, len(letters))]
        if len(out) > 1 and not all(
            self._attested_pair(letters[a1:b1], letters[a2:b2]) for (a1, b1), (a2, b2) in itertools.pairwise(out)
        ):
            # Words the lexicon finds in a name (``مور`` + ``تشي``, ``إيل`` + ``وزير``) are not
            # words side by side unless running text puts them so: one word spelled out.
            return [(0, len(letters))]
        return out

    def _spaced_word(self, word: str) -> bool:
        if any(ch in self._dotless_only for ch in word):
            return True  # decided by the dotless index
        return self._own_word(word)

    def _glued_pair(self, word: str) -> int:
        """Where ``word`` splits into two common words that running text writes side by side, or 0.

        Each half (three letters or more) must be this much commoner than the
        glued form (``GLUED_MARGIN``) and the pair must be attested as neighbours
        in the context model or in the document itself: unigram counts alone
        would split real words (``خطابهم`` is not ``خطا بهم``).
        """
        if any(ch in self._dotless_only for ch in word):
            return 0
        lexicon = Lexicon.get()
        whole = lexicon.zipf(word)
        if whole >= COMMON_JOIN_ZIPF:
            return 0
        for cut in range(3, len(word) - 2):
            left, right = word[:cut], word[cut:]
            if min(lexicon.zipf(left), lexicon.zipf(right)) - whole < GLUED_MARGIN:
                continue
            if self._attested_pair(left, right):
                return cut
        return 0

    def _attested_pair(self, left: str, right: str) -> bool:
        key = f"{normalize(left)} {normalize(right)}"
        if key in self._words_of_document().pairs:
            return True
        model = self._context if self._context is not None else default_context_model()
        return model.left.pairs.get(key, 0) > 0 or model.right.pairs.get(key, 0) > 0

    def _segment(self, letters: str) -> list[tuple[int, int]]:
        """Split a run of letters into known words of three or more letters (best product of frequencies)."""
        lexicon = Lexicon.get()
        n = len(letters)
        best: list[float | None] = [None] * (n + 1)
        back = [0] * (n + 1)
        best[0] = 0.0
        for j in range(3, n + 1):
            for i in range(max(0, j - MAX_WORD_LETTERS), j - 2):
                prior = best[i]
                if prior is None:
                    continue
                piece = letters[i:j]
                if any(ch in self._dotless_only for ch in piece):
                    zipf = 3.0 if DotlessIndex.get().choose(piece) is not None else 0.0
                else:
                    zipf = lexicon.best_zipf(piece)
                if zipf <= 0.0:
                    continue
                score = prior + zipf - SPACED_WORD_COST  # log10 probability of the word, and a cost per word
                current = best[j]
                if current is None or score > current:
                    best[j] = score
                    back[j] = i
        if best[n] is None:
            return []
        segments: list[tuple[int, int]] = []
        j = n
        while j > 0:
            segments.append((back[j], j))
            j = back[j]
        return segments[::-1]

    # -- dotless words that contain no dotless-only letter --------------------
    def _ambiguous_dotless(self, text: str, found: list[Found]) -> list[Found]:
        """In a document that shows dotless writing, restore words such as ``حالد``."""
        lexicon = Lexicon.get()
        index = DotlessIndex.get()
        taken = _Spans(found)
        out: list[Found] = []
        for m in self._arabic_word.finditer(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            written = m.group()
            if len(written) < 2 or not self._plain_word.fullmatch(written):
                continue
            # A word written without dots has no dotted letter at all.
            if not all(ch in self._dotless_alphabet for ch in written):
                continue
            choice = self._choose_dotless(written, m.start(), m.end())
            if choice is None or choice.confidence < self.min_dotless_confidence:
                continue
            if _fold_equal(choice.word, written):
                # Dotless writing drops the dots of ة too (``مدرسه``): restore them.
                if choice.word == written[:-1] + "ة" and written.endswith("ه"):
                    out.append(Found(m.start(), m.end(), written, choice.word, "dotless", (), choice.confidence))
                continue
            written_zipf = lexicon.best_zipf(written)
            # No document bonus for the word as written: it is in the document by definition.
            written_score = index.score_written(written, written_zipf, self._words_of_document())
            if written_zipf > 0.0 and choice.score - written_score < AMBIGUOUS_MARGIN:
                continue
            out.append(
                Found(m.start(), m.end(), written, choice.word, "dotless", choice.alternatives, choice.confidence)
            )
        return out

