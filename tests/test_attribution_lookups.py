"""The per-word lookups and per-document scans the quotes and events rules share, checked against
the plain definitions they replace (each word looked up in full, every affix tried)."""

from __future__ import annotations

from marsad.attribution.learned.context import _verb_affixes, verb_stems
from marsad.attribution.lexicon import (
    ACCORDING,
    CUE,
    PHRASE,
    STATEMENT,
    TRIGGER,
    VOTE,
    figure_kind,
    is_statement_word,
    is_vote_word,
    lexicon,
    lookup_cue,
    lookup_trigger,
    mode_cue,
    strip_proclitics,
    token_flags,
)
from marsad.attribution.text import _TOKEN_RE, SENTENCE_END, analyse
from marsad.document import Boilerplate, Document

TEXT = (
    "قال المتحدث باسم الجيش إن الطائرات قصفت مواقع المسلحين، وأضاف: «قتل 12 شخصا».\n"
    "وبحسب بيان الوزارة، فإن الغارات الجوية استهدفت القرية. ويعتزم التحالف شن هجوم جديد."
)


def test_flagged_in_lists_exactly_the_marked_words_of_a_range() -> None:
    at = analyse(Document(TEXT))
    n = len(at.tokens)
    for mask in (CUE | ACCORDING | STATEMENT, TRIGGER | PHRASE | VOTE):
        for first, last in ((0, n), (3, n - 4), (n // 2, n // 2), (0, 1)):
            expected = [i for i in range(first, last)
                        if at.tokens[i].is_word and token_flags(at.tokens[i].form) & mask]
            assert at.flagged_in(mask, first, last) == expected
    # the text has cues and triggers, so the check above compared non-empty lists
    assert at.flagged_in(CUE, 0, n) and at.flagged_in(TRIGGER, 0, n)


def _naive_verb_stems(form: str) -> frozenset[str]:
    prefixes, suffixes = _verb_affixes()
    out: set[str] = set()
    for reading in strip_proclitics(form):
        out.add(reading)
        out.update(reading[: -len(s)] for s in suffixes if reading.endswith(s) and len(reading) - len(s) >= 2)
        for p in prefixes:
            if reading.startswith(p) and len(reading) - len(p) >= 3:
                rest = reading[len(p):]
                out.add(rest)
                out.update(rest[: -len(s)] for s in suffixes if rest.endswith(s) and len(rest) - len(s) >= 2)
    return frozenset(out)


def test_verb_stems_strip_affixes_as_every_affix_tried_in_turn() -> None:
    words = ["وحثت", "يطالبون", "ورفضته", "تهم", "ا", "يت", "استهدفتها", "والمسلحين", "قصفوا", "نا"]
    for word in words:
        assert verb_stems(word) == _naive_verb_stems(word), word
    assert "حث" in verb_stems("وحثت") and "طالب" in verb_stems("يطالبون")


def test_figure_kind_and_mode_cue_read_the_first_matching_reading() -> None:
    lex = lexicon()
    for word in ("قتيلا", "والقتلى", "جرحى", "بالجرحى", "الطائرات", "مواقع"):
        expected = next((lex.figure_kinds[c] for c in strip_proclitics(word) if c in lex.figure_kinds), None)
        assert figure_kind(word) == expected
    cues = lex.mode_cues["ASSAULT"]
    some = sorted(cues)[:5]
    for word in [*some, *("و" + w for w in some), "مواقع"]:
        expected_mode = next((cues[c] for c in strip_proclitics(word) if c in cues), None)
        assert mode_cue(word, "ASSAULT") == expected_mode
        assert mode_cue(word, "MOBILIZE") is None  # a type without mode cues
    assert any(mode_cue(w, "ASSAULT") is not None for w in some)
    assert any(figure_kind(w) is not None for w in ("قتيلا", "والقتلى", "جرحى"))


def _plain_flags(form: str) -> int:
    """token_flags as the separate lookups define it (each with its own cache)."""
    lex = lexicon()
    heads = strip_proclitics(form)
    flags = 0
    if lookup_cue(form) is not None:
        flags |= CUE
    if form in lex.according_index or (form[:1] in "وف" and form[1:] in lex.according_index):
        flags |= ACCORDING
    if is_statement_word(form):
        flags |= STATEMENT
    if lookup_trigger(form) is not None:
        flags |= TRIGGER
    # a phrase's head, or the head of a noun phrase an adjective may break (``وقفا دائما لإطلاق النار``)
    if any(h in lex.phrase_heads or h in lex.gap_heads for h in heads):
        flags |= PHRASE
    if is_vote_word(form) or any(c in lex.split_phrases for c in heads):
        flags |= VOTE
    return flags


def test_token_flags_are_the_bits_of_the_separate_lookups() -> None:
    lex = lexicon()
    keys = sorted({*lex.cues, *lex.according_index, *lex.statement_nouns, *lex.triggers, *lex.phrase_heads,
                   *lex.vote_verbs, *lex.split_phrases})
    words = {"", "و", "ف", "وف", *(t.form for t in analyse(Document(TEXT)).tokens if t.is_word)}
    for key in keys[::7]:
        words.update((key, "و" + key, "ف" + key, "بال" + key, "وس" + key, key + "ه", key + "ها", "و" + key + "هم",
                      key + "ا", key[1:], key[:-1]))
    flagged = 0
    for word in sorted(words):
        assert token_flags(word) == _plain_flags(word), word
        flagged += token_flags(word) != 0
    # every flag occurs among the words, so each test above compared a set bit as well as clear ones
    assert flagged > 100
    assert all(any(token_flags(w) & bit for w in words) for bit in (CUE, ACCORDING, STATEMENT, TRIGGER, PHRASE, VOTE))


def _plain_analysis(doc: Document) -> tuple[list[tuple[object, ...]], list[tuple[int, int, int, bool]]]:
    """Tokens and sentences as one loop over every token decides them (the definition)."""
    at = analyse(doc)
    forms = [t.form for t in at.tokens]
    pairs: dict[int, int] = {}
    openers = {"«": "»", "“": "”", "‹": "›", "„": "“", '"': '"', "”": "”"}
    i = 0
    while i < len(forms):
        closer = openers.get(forms[i])
        if closer is None:
            i += 1
            continue
        alt = "“" if closer == "”" else closer
        j = i + 1
        while j < len(forms) and forms[j] not in (closer, alt) and forms[j] != "\n":
            j += 1
        if j < len(forms) and forms[j] != "\n" and j > i + 1:
            pairs[i] = j
            i = j + 1
        else:
            i += 1
    assert pairs == at.quote_pairs
    tokens: list[tuple[object, ...]] = []
    sentences: list[tuple[int, int, int, bool]] = []
    inside_until, first, paragraph = -1, 0, 0
    for i, tok in enumerate(at.tokens):
        if i in pairs:
            inside_until = pairs[i]
        tokens.append((i, tok.start, tok.end, tok.form, tok.form[0].isalnum(), len(sentences), paragraph))
        hard = tok.form == "\n"
        soft = tok.form in SENTENCE_END and i > inside_until
        if soft and tok.form == ".":
            after = doc.text[tok.end : tok.end + 1]
            prev = at.tokens[i - 1] if i else None
            soft = not (after and not after.isspace() and after not in "\"'»”)]") and not (
                prev is not None and prev.is_word and len(prev.form) == 1 and prev.end == tok.start)
        if hard or soft or (i in pairs.values() and i > 0 and forms[i - 1] in SENTENCE_END):
            sentences.append((len(sentences), first, i + 1, False))
            first = i + 1
            if hard:
                paragraph += 1
                inside_until = -1
    if first < len(forms):
        sentences.append((len(sentences), first, len(forms), False))
    for k, (index, start, end, _b) in enumerate(sentences):
        words = [t for t in at.tokens[start:end] if t.is_word]
        furniture = bool(words) and (doc.is_boilerplate(words[0].start, words[-1].end) or any(
            b.start < words[0].start + 1 and words[0].start < b.end for b in doc.boilerplate))
        sentences[k] = (index, start, end, furniture)
    return tokens, sentences


def test_analysis_marks_sentences_paragraphs_and_quotations_as_a_token_by_token_loop() -> None:
    texts = [
        TEXT,
        "قال «إن الوضع صعب. والهجوم مستمر» وأضاف: \"لن نتراجع.\" ثم غادر.\nسطر ثان د. ب. أ نقلا عن سي.ان.ان.",
        "“نص بين علامتين“ و”نص آخر” و„ثالث“ و«مفتوح بلا إغلاق\nفقرة جديدة. 3.5 مليون.",
        "اقرأ أيضا: خبر آخر\nقال الوزير إن المحادثات مستمرة.\nشاهد الفيديو",
        "",
        "...",
    ]
    checked = []
    for text in texts:
        doc = Document(text)
        if text.startswith("اقرأ"):
            doc.boilerplate.extend([Boilerplate(0, 18, "read_also"), Boilerplate(len(text) - 12, len(text), "watch")])
        at = analyse(doc)
        tokens, sentences = _plain_analysis(doc)
        assert [tuple(t) for t in at.tokens] == tokens
        view = doc.matching
        assert [(t.form, t.start, t.end) for t in at.tokens] == [
            (m.group(), *view.to_original(m.start(), m.end())) for m in _TOKEN_RE.finditer(view.text)]
        assert [(s.index, s.first, s.last, s.boilerplate) for s in at.sentences] == sentences
        checked.append(at)
    # the texts exercised quotations, paragraphs and furniture sentences (and article text beside them)
    assert any(at.quote_pairs for at in checked)
    assert any(t.paragraph > 0 for at in checked for t in at.tokens)
    assert any(s.boilerplate for s in checked[3].sentences) and not all(s.boilerplate for s in checked[3].sentences)
