"""Find quotations and attributions: cue, speaker, content and the chain of sources.

Sentence by sentence, three kinds of frame are recognised:

* a reporting verb or participle (``وقال``, ``قالت``, ``مضيفاً``) whose speaker
  follows it (verb-first), precedes it in the clause (source-first), is left
  out (the previous speaker of the same gender continues), is a statement
  (``وأضاف البيان`` → the statement's author) or follows ``عن`` after a medium
  (``ونقلت وكالة X عن Y``); its content is a quotation in marks, or the rest of
  the sentence after ``أن``/``إن``/colon, or a quotation just before the verb;
* an "according to" phrase (``وفق``, ``بحسب``, ``نقلاً عن``): it names the
  medium of a quote already in the sentence, or makes the rest of the sentence
  an indirect quote of the named source;
* a statement frame (``جاء ذلك في بيان صادر عن X``): it names the author of
  the statement that later sentences cite.

A medium named in a run of attributed sentences is the medium of every quote in
that run (an article that relays one agency report cites the agency once).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from marsad.attribution.issuers import IssuerFinder, without_lam
from marsad.attribution.lexicon import (
    ACCORDING,
    CUE,
    STATEMENT,
    Cue,
    fold,
    is_statement_word,
    lexicon,
    lookup_cue,
    strip_proclitics,
)
from marsad.attribution.phrases import QUOTED_NAME_WORDS, Phrase, finder_for
from marsad.attribution.text import AnalysedText, Sentence
from marsad.document import Quote
from marsad.text.spans import SpanIndex

_TEMPORAL = {fold(w) for w in ("قبل", "بعد", "دون", "منذ", "بدون", "ريثما")}
RELATIVES = {fold(w) for w in ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي")}
# how far after the speaker the content may open (adverbials, dates in between)
CONTENT_WINDOW = 30


@dataclass(slots=True)
class Speaker:
    record: dict[str, object]
    name: str
    gender: str
    reporter: bool


@dataclass(slots=True)
class Found:
    quote: Quote
    sentence: int
    cue_first: int
    content_first: int
    content_last: int
    speaker: Speaker | None
    chain: list[str] = field(default_factory=list)


# content first token, content end token, direct?, end token of the whole quote
_Content = tuple[int, int, bool, int]


@dataclass(slots=True)
class _CueFrame:
    """The speaker of a reporting verb and where its content may start."""

    speaker: Speaker | None
    after_speaker: int  # the first token after the cue and its speaker
    start_tok: int  # the quote's first token so far (the speaker when it comes first)
    reason: str | None = None  # why there is no speaker
    medium: Speaker | None = None  # "ونقلت وكالة X عن Y": X


class QuoteFinder:
    def __init__(self, at: AnalysedText) -> None:
        self.at = at
        self.pf = finder_for(at)
        self.issuers = IssuerFinder(at, self.pf)
        self.lex = lexicon()
        self.history: list[Speaker] = []
        self.author: Speaker | None = None
        self.found: list[Found] = []
        # the same quotes by sentence and by content span: a long document asks these for every cue
        self.by_sentence: dict[int, list[Found]] = {}
        self.contents = SpanIndex()  # numbered like self.found
        self.framed: set[int] = set()  # sentences with a statement frame
        self.media: list[tuple[int, str]] = []  # (sentence, medium name)
        # (name, span record) of every party a phrase named: where the text names a chain's links
        # (:mod:`marsad.attribution.chain_spans`)
        self.named: list[tuple[str, dict[str, object]]] = []

    # -- speakers --------------------------------------------------------------
    def speaker_of(self, ph: Phrase, gender: str | None = None, seen: frozenset[int] = frozenset()) -> Speaker:
        head = strip_proclitics(self.at.tokens[ph.first].form)
        if any(h in self.lex.statement_nouns for h in head):
            # a statement speaks for its issuer: the one it names (بيان صادر عن X, تقرير منظمة X), the
            # one an earlier mention of it named (وأضاف البيان), else the last author a frame named;
            # ``seen``: statements already followed (a statement whose issuer leads back to itself)
            issuer = self.issuers.issuer(ph.first)
            if issuer is not None and issuer.first not in seen:
                self.author = self.speaker_of(issuer, None, seen | {ph.first})
                self.author.name = self.issuers.name(issuer)
                self.named.append((self.author.name, self.author.record))  # the issuer as chains name it
            if self.author is not None:
                record = self.pf.record(ph)
                record["canonical"] = self.author.record.get("canonical")
                return Speaker(record, self.author.name, self.author.gender, self.author.reporter)
        reporter = any(
            c in self.lex.reporter_nouns for i in range(ph.first, ph.last)
            for c in strip_proclitics(self.at.tokens[i].form)
        )
        speaker = Speaker(self.pf.record(ph), self.pf.name(ph), gender or self.pf.gender(ph), reporter)
        self.named.append((speaker.name, speaker.record))  # where the text names a chain's link
        return speaker

    def recent_mention(self, i: int, gender: str, sent: Sentence) -> Speaker | None:
        """A pronoun-only speaker with nobody quoted yet: the latest compatible name or title.

        Looks back through this sentence and the one before (``التقى وزير الخارجية
        نظيره … وقال إن…`` → the minister): a person for a masculine verb, an
        organisation or country for a feminine one, a title phrase by its gender.
        """
        toks = self.at.tokens
        lower = self.at.sentences[sent.index - 1].first if sent.index > 0 else sent.first
        k = i - 1
        while k >= lower:
            ent = self.pf.entity_at[k]
            if ent is not None:
                ph = self.pf.entity_phrase(k)
                assert ph is not None
                kind = "m" if ent.type in ("PERSON", "PER", "PERS") else ("f" if ent.type in ("ORG", "GPE") else "")
                if kind == "f" and ent.type == "ORG" and not fold(ent.text.split()[0]).endswith("ه"):
                    kind = "m"
                if kind and (gender in ("p", "x") or kind == gender):
                    return self.speaker_of(ph, gender=kind)
                k = ph.first - 1
                continue
            if toks[k].is_word and self.pf.is_title(k):
                ph = self.pf.phrase_after(k, i, force_first=True)
                if ph is not None and (gender in ("p", "x") or self.pf.gender(ph) == gender):
                    return self.speaker_of(ph)
            k -= 1
        return None

    def continued(self, gender: str) -> Speaker | None:
        for spk in reversed(self.history):
            if gender in ("p", "x") or spk.gender == gender:
                return spk
        return None

    # -- the scan --------------------------------------------------------------
    def run(self) -> list[Quote]:
        for sent in self.at.sentences:
            if sent.boilerplate or sent.last <= sent.first:
                continue
            self.scan_sentence(sent)
        self.propagate_media()
        return [f.quote for f in self.found]

    def scan_sentence(self, sent: Sentence) -> None:
        toks = self.at.tokens
        free = sent.first  # the first token the frames found so far leave to scan
        for i in self.at.flagged_in(CUE | ACCORDING | STATEMENT, sent.first, sent.last):
            if i < free:
                continue
            n = self.match_according(i, sent.last)
            if n:
                free = self.handle_according(i, n, sent)
                continue
            if self.handle_frame(i, sent):
                continue
            cue = lookup_cue(toks[i].form)
            if cue is not None and cue.kind == "initial" and not self.clause_initial(i, sent):
                cue = None  # "موقع تابع له" is "affiliated", not "he went on"
            if cue is not None:
                free = self.handle_cue(i, cue, sent)

    def clause_initial(self, i: int, sent: Sentence) -> bool:
        toks = self.at.tokens
        return toks[i].form[:1] in "وف" or i == sent.first or not toks[i - 1].is_word

    # -- according to ------------------------------------------------------------
    def match_according(self, i: int, end: int) -> int:
        toks = self.at.tokens
        first = toks[i].form
        index = self.lex.according_index
        candidates = index.get(first) or (index.get(first[1:]) if first[:1] in "وف" else None)
        if not candidates:
            return 0
        for phrase in candidates:
            n = len(phrase)
            if i + n <= end and all(toks[i + k].form == phrase[k] for k in range(1, n)):
                if n == 1 and first not in index and self.only_not_source(i + 1, end):
                    return 0  # "ليس هذا فحسب، بل": "only", no source follows
                return n
        return 0

    def only_not_source(self, k: int, end: int) -> bool:
        """After ``فحسب`` no source is named: a mark, the end, a conjunction or a particle follows
        (``فحسب ما قالته`` still names one)."""
        toks = self.at.tokens
        if k >= end or not toks[k].is_word:
            return True
        form = toks[k].form
        return form[:1] == "و" or (form in self.lex.speaker_stops and form != fold("ما"))

    def handle_according(self, i: int, n: int, sent: Sentence) -> int:
        after, ph = self.according_source(i, n, sent)
        if ph is None:
            return after
        speaker = self.speaker_of(ph)
        end_src = max(ph.last, after)
        in_sentence = self.by_sentence.get(sent.index, [])
        if in_sentence:
            target = in_sentence[-1]
            if speaker.name not in target.chain:
                target.chain.append(speaker.name)
                target.quote.chain = list(target.chain)
            if self.is_medium(ph):
                self.media.append((sent.index, speaker.name))
            return end_src
        # the source phrase makes the rest of the sentence an indirect quote
        content = self.according_content(i, sent, end_src)
        if content is not None:
            self.add_quote(sent, i, after, speaker, content[0], content[1], direct=False, start_tok=i)
        return end_src

    def according_source(self, i: int, n: int, sent: Sentence) -> tuple[int, Phrase | None]:
        """The source an "according to" phrase of ``n`` tokens names, and the token after the phrase."""
        after = i + n
        toks = self.at.tokens
        if toks[after - 1].form in self.lex.self_reference:
            # "بحسب قولها": the source is the sentence's own subject
            return after, self.sentence_subject(sent, i)
        # "وفق ما نقلت وسائل إعلام": skip "ما" and its reporting verb (also with the pronoun back to
        # "ما", "نقلته"), and a preposition carrying that pronoun ("بحسب ما أفاد به مكتب …")
        if after + 1 < sent.last and toks[after].form == fold("ما") and self.relative_cue(toks[after + 1].form):
            after += 2
        if (after < sent.last and toks[after].form in self.lex.according_resumptives
                and self.relative_cue(toks[after - 1].form)):
            after += 1
        return after, self.pf.phrase_after(after, sent.last, force_first=True)

    def relative_cue(self, form: str) -> bool:
        """A reporting verb, bare or with an object pronoun (``نقلته``, ``أوردتها``)."""
        if lookup_cue(form) is not None:
            return True
        return any(
            form.endswith(p) and len(form) - len(p) >= 3 and lookup_cue(form[: -len(p)]) is not None
            for p in self.lex.according_verb_pronouns
        )

    def according_content(self, i: int, sent: Sentence, end_src: int) -> tuple[int, int] | None:
        """What an "according to" phrase at ``i`` attributes: the rest of the sentence when the phrase
        leads it or stands between commas, else the sentence before it."""
        toks = self.at.tokens
        lead = i == sent.first or all(not toks[k].is_word for k in range(sent.first, i))
        parenthetical = (
            i > sent.first and toks[i - 1].form in ("،", ",")
            and end_src < sent.last and toks[end_src].form in ("،", ",")
            and any(t.is_word for t in toks[end_src:sent.last])
        )
        if lead or parenthetical:
            c_first = self.first_word(end_src, sent.last)
            c_last = self.trim_end(c_first, sent.last)
        else:
            c_first = self.first_word(sent.first, i)
            c_last = self.trim_end(c_first, i)
        return (c_first, c_last) if c_last > c_first else None

    def first_word(self, k: int, end: int) -> int:
        toks = self.at.tokens
        while k < end and not toks[k].is_word:
            k += 1
        return k

    def sentence_subject(self, sent: Sentence, before: int) -> Phrase | None:
        """The subject of a verb-first sentence (the phrase after its first word)."""
        toks = self.at.tokens
        k = sent.first
        while k < before and not toks[k].is_word:
            k += 1
        return self.pf.phrase_after(k + 1, before) if k < before else None

    def speaker_like(self, ph: Phrase) -> bool:
        """Definite, named, titled, quoted or a reporting source: a subject, not an object."""
        if ph.entity is not None or self.pf.is_title(ph.first):
            return True
        if self.at.openers_in(ph.first, ph.last):
            return True  # a quoted name: جماعة "ولاية سيناء"
        toks = self.at.tokens
        # definite, also by construct state: "قيادة الشرطة", "مسؤولو الأمن"
        if any(
            w.startswith("ال") for k in range(ph.first, min(ph.last, ph.first + 3))
            for w in strip_proclitics(toks[k].form)
        ):
            return True
        words = strip_proclitics(toks[ph.first].form)
        return any(w in self.lex.reporter_nouns or w in self.lex.statement_nouns for w in words)

    def is_statement(self, i: int) -> bool:
        return any(c in self.lex.statement_nouns for c in strip_proclitics(self.at.tokens[i].form))

    def is_medium(self, ph: Phrase) -> bool:
        return any(c in self.lex.media_nouns for c in strip_proclitics(self.at.tokens[ph.first].form))

    # -- statement frames -------------------------------------------------------
    def handle_frame(self, i: int, sent: Sentence) -> bool:
        toks = self.at.tokens
        if not is_statement_word(toks[i].form):
            return False
        k = i + 1
        linked = False
        while k < sent.last and toks[k].form in self.lex.statement_links:
            linked = True
            k += 1
        if not linked:
            published = self.published_by(i, sent)
            if published is not None:
                self.set_author(published, sent)
                return True
        if k >= sent.last or not toks[k].is_word:
            return False
        # "بيان للجيش" names its author; "في تصريحات للتلفزيون" the medium it was given to
        starts_with_lam = self.issuers.issuer_after_lam(k)
        # "بيان صادر عن X"; a bare "تقرير عن الحرب" is about X, not by X
        issued_by = linked and toks[k - 1].form == fold("عن") and k - 1 > i + 1
        if not issued_by and not starts_with_lam:
            return False
        ph = self.pf.phrase_after(k, sent.last, force_first=True)
        if ph is None:
            return False
        # "في تصريح لرئاسة الوزراء": the author's name without the لـ that links it
        self.set_author(self.pf.with_apposition(ph, sent.last), sent, lam=not issued_by)
        return True

    def set_author(self, ph: Phrase, sent: Sentence, *, lam: bool = False) -> None:
        author = self.speaker_of(ph)
        if lam:
            author.name = without_lam(author.name)
        self.author = author
        self.history.append(author)
        self.framed.add(sent.index)

    def published_by(self, i: int, sent: Sentence) -> Phrase | None:
        """``وأصدرت لجنة التحقيق … تقريراً``: the subject of a publishing verb earlier in the clause."""
        return self.issuers.published_by(i)

    # -- reporting verbs --------------------------------------------------------
    def handle_cue(self, i: int, cue: Cue, sent: Sentence) -> int:
        if self.outlet_background(i, sent):
            return i + 1
        frame = self.cue_frame(i, cue, sent)
        if frame is None:
            return i + 1  # a verb of saying inside a quotation with no subject of its own
        j = frame.after_speaker
        content = self.find_content(j, cue, sent, i)
        if content is None:
            return max(i + 1, j if frame.speaker is not None and cue.kind != "participle" else i + 1)
        c_first, c_last, direct, q_end = content
        found = self.add_quote(sent, i, i + 1, frame.speaker, c_first, c_last, direct=direct,
                               start_tok=min(frame.start_tok, c_first if c_first < i else frame.start_tok),
                               end_tok=q_end, reason=frame.reason)
        if frame.medium is not None:
            self.add_medium(found, frame.medium.name, sent.index)
        # scan on inside the content: nested attributions and source phrases
        return i + 1 if c_first > i else max(i + 1, j)

    def outlet_background(self, i: int, sent: Sentence) -> bool:
        """``ويذكر أن …``: the outlet's own background (asserted), not a quote: the word is followed
        directly by its complementiser, with no subject."""
        toks = self.at.tokens
        return (toks[i].form in self.lex.outlet_background and i + 1 < sent.last
                and toks[i + 1].form in self.lex.complementizers)

    def add_medium(self, found: Found, name: str, sent_index: int) -> None:
        if name not in found.chain:
            found.chain.append(name)
            found.quote.chain = list(found.chain)
            self.media.append((sent_index, name))

    def cue_frame(self, i: int, cue: Cue, sent: Sentence) -> _CueFrame | None:
        """Who speaks through the cue at ``i``; None for a subjectless cue inside a quotation."""
        if cue.kind == "participle":
            own = self.by_sentence.get(sent.index, [])
            speaker = own[-1].speaker if own else self.continued("x")
            reason = None if speaker is not None else "participle without a main-clause speaker"
            return _CueFrame(speaker, i + 1, i, reason)
        ph = self.speaker_phrase_after(i + 1, cue, sent)
        if ph is not None:
            return self.verb_first_frame(i, ph, cue, sent)
        before = self.source_first(i, sent)
        if before is not None:
            return _CueFrame(self.speaker_of(before), i + 1, before.first)
        if self.inside_content(i):
            return None
        speaker = self.continued(cue.gender) or self.recent_mention(i, cue.gender, sent)
        reason = None if speaker is not None else (
            "no subject, and no earlier speaker or named person/body of the same gender"
        )
        return _CueFrame(speaker, i + 1, i, reason)

    def speaker_phrase_after(self, j: int, cue: Cue, sent: Sentence) -> Phrase | None:
        ph = self.pf.phrase_after(j, sent.last)
        if ph is not None and cue.bare and not self.speaker_like(ph):
            return None  # "وذكر ستة مواقع…": the object, the speaker continues
        if ph is not None and self.is_statement(ph.first):
            return Phrase(ph.first, ph.first + 1, None)  # "وشمل التقرير هجوم…": the report alone
        return ph

    def verb_first_frame(self, i: int, ph: Phrase, cue: Cue, sent: Sentence) -> _CueFrame:
        toks = self.at.tokens
        ph = self.pf.with_apposition(ph, sent.last)
        speaker = self.speaker_of(ph, gender=cue.gender if cue.gender in "mf" else None)
        j = ph.last
        # "ونقلت وكالة X عن Y": X is the medium, Y the speaker
        if j < sent.last and toks[j].form == fold("عن") and cue.form.startswith(fold("نقل")):
            inner = self.pf.phrase_after(j + 1, sent.last, force_first=True)
            if inner is not None:
                return _CueFrame(self.speaker_of(inner), inner.last, i, medium=speaker)
        return _CueFrame(speaker, j, i)

    def inside_content(self, i: int) -> bool:
        return self.contents.overlaps(i, i + 1)

    def source_first(self, i: int, sent: Sentence) -> Phrase | None:
        toks = self.at.tokens
        c = i
        while c > sent.first and not self.pf.is_clause_end(c - 1) and not self.pf.is_quote_mark(c - 1):
            c -= 1
        if i - 1 >= c and toks[i - 1].form in RELATIVES:
            return self.pf.phrase_before(i - 1, c)
        ph = self.pf.phrase_before(i, c)
        if ph is None:
            return None
        after_complementizer = ph.first > 0 and toks[ph.first - 1].form in self.lex.complementizers
        return ph if ph.first == c or ph.entity is not None or after_complementizer else None

    def find_content(self, j: int, cue: Cue, sent: Sentence, cue_tok: int) -> _Content | None:
        decided, content = self.content_after(j, sent, cue_tok)
        if decided:
            return content
        return (
            self.bare_content(j, cue, sent)
            or self.content_before_kama(sent, cue_tok)
            or self.quotation_before(sent, cue_tok)
        )

    def content_after(self, j: int, sent: Sentence, cue_tok: int) -> tuple[bool, _Content | None]:
        """Content opened after the speaker: quotation marks, ``أن``/``إن`` or a colon.

        Returns whether the scan decided, and the content it found (None: there is none).
        """
        toks = self.at.tokens
        pairs = self.at.quote_pairs
        end = sent.last
        k = j
        while k < end and k - j < CONTENT_WINDOW:
            form = toks[k].form
            if k in pairs and (k == j or pairs[k] - k > QUOTED_NAME_WORDS + 1 or toks[k - 1].form in ("،", ",")):
                return True, (k + 1, pairs[k], True, pairs[k] + 1)
            if self.opens_content(k, end):
                return True, self.content_from(k + 1, end, cue_tok)
            if (form == "\n") or (toks[k].is_word and k > j and lookup_cue(form) is not None):
                break
            k += 1
        return False, None

    def opens_content(self, k: int, end: int) -> bool:
        toks = self.at.tokens
        form = toks[k].form
        temporal = k > 0 and toks[k - 1].form in _TEMPORAL  # "قبل أن يتوجه": not speech
        return (form in self.lex.complementizers and not temporal) or (form == ":" and k + 1 < end)

    def content_from(self, start: int, end: int, cue_tok: int) -> _Content | None:
        pairs = self.at.quote_pairs
        if start in pairs:
            return start + 1, pairs[start], True, pairs[start] + 1
        c_last = self.indirect_end(start, end, nested=self.inside_content(cue_tok))
        return (start, c_last, False, c_last) if c_last > start else None

    def bare_content(self, j: int, cue: Cue, sent: Sentence) -> _Content | None:
        """A verb that takes its content directly ("وذكر …")."""
        if cue.bare and j < sent.last:
            c_last = self.indirect_end(j, sent.last)
            if c_last > j:
                return j, c_last, False, c_last
        return None

    def content_before_kama(self, sent: Sentence, cue_tok: int) -> _Content | None:
        """"…، كما قال X": the sentence so far is the content."""
        toks = self.at.tokens
        if not (cue_tok - 1 >= sent.first and toks[cue_tok - 1].form == fold("كما")):
            return None
        c_first = sent.first
        while c_first < cue_tok and not toks[c_first].is_word:
            c_first += 1
        c_last = self.trim_end(c_first, cue_tok - 1)
        return (c_first, c_last, False, c_last) if c_last > c_first else None

    def quotation_before(self, sent: Sentence, cue_tok: int) -> _Content | None:
        """"«…»، قال X": the quotation just before the verb."""
        toks = self.at.tokens
        p = cue_tok - 1
        while p >= sent.first and toks[p].form in ("،", ","):
            p -= 1
        opener = self.at.opener_of(p)
        return (opener + 1, p, True, p + 1) if opener is not None else None

    def indirect_end(self, start: int, end: int, *, nested: bool = False) -> int:
        """Indirect content runs to the sentence end, or to ``، + participle cue`` (a new frame).

        Inside another quotation (``الذي يزعم أنه إنساني، يخططون…``) it runs to the clause end.
        """
        toks = self.at.tokens
        for k in range(start, end - 1):
            if nested and toks[k].form in ("،", ","):
                return self.trim_end(start, k)
            if k > start and toks[k].form in self.lex.content_breakers:
                return self.trim_end(start, k)
            if k > start and toks[k].form[:1] in "وف" and (cue := lookup_cue(toks[k].form)) and cue.kind != "participle":
                return self.trim_end(start, k)  # "… وقال إنه": a new frame
            if toks[k].form in ("،", ",") and (cue := lookup_cue(toks[k + 1].form)) and cue.kind == "participle":
                return self.trim_end(start, k)
        return self.trim_end(start, end)

    def trim_end(self, start: int, end: int) -> int:
        toks = self.at.tokens
        while end > start and not toks[end - 1].is_word and toks[end - 1].form not in "»”›\"":
            end -= 1
        return end

    # -- recording ------------------------------------------------------------------
    def add_quote(
        self, sent: Sentence, cue_first: int, cue_last: int, speaker: Speaker | None,
        c_first: int, c_last: int, *, direct: bool, start_tok: int, end_tok: int | None = None,
        reason: str | None = None,
    ) -> Found:
        at = self.at
        cue_s, cue_e, cue_text = at.span_text(cue_first, cue_last)
        con_s, con_e, con_text = at.span_text(c_first, c_last)
        q_last = max(end_tok if end_tok is not None else c_last, cue_last)
        q_first = min(start_tok, cue_first, c_first)
        q_s, q_e, _ = at.span_text(q_first, q_last)
        chain: list[str] = [speaker.name] if speaker is not None else []
        # a quote inside another quote's content is passed on by that quote's chain
        outers = self.contents.overlapping(cue_first, cue_first + 1)
        if outers:
            outer = self.found[max(outers)]  # the latest quote whose content holds the cue
            chain.extend(n for n in outer.chain if n not in chain)
        quote = Quote(
            start=q_s, end=q_e,
            cue={"start": cue_s, "end": cue_e, "text": cue_text},
            speaker=dict(speaker.record) if speaker is not None else None,
            content={"start": con_s, "end": con_e, "text": con_text},
            direct=direct, chain=list(chain),
            speaker_reason=None if speaker is not None else (reason or "speaker not found"),
        )
        found = Found(quote, sent.index, cue_first, c_first, c_last, speaker, chain)
        self.found.append(found)
        self.by_sentence.setdefault(found.sentence, []).append(found)
        self.contents.add(c_first, c_last)
        if speaker is not None:
            self.history.append(speaker)
        return found

    def propagate_media(self) -> None:
        """A medium named in a run of attributed sentences covers every quote of the run."""
        if not self.media:
            return
        attributed = {f.sentence for f in self.found} | self.framed
        block_of: dict[int, int] = {}
        block = 0
        previous = -2
        for s in sorted(attributed):
            if s != previous + 1 and not self.only_blank_between(previous, s):
                block += 1
            block_of[s] = block
            previous = s
        for sent_index, name in self.media:
            b = block_of.get(sent_index)
            for f in self.found:
                if block_of.get(f.sentence) == b and name not in f.chain:
                    f.chain.append(name)
                    f.quote.chain = list(f.chain)

    def only_blank_between(self, a: int, b: int) -> bool:
        if a < 0:
            return False
        sents = self.at.sentences
        return all(
            sents[k].boilerplate is False and all(not t.is_word for t in self.at.tokens[sents[k].first:sents[k].last])
            for k in range(a + 1, b)
        )


def find_quotes(at: AnalysedText) -> list[Quote]:
    return QuoteFinder(at).run()
