"""Who issued a statement, report or interview: the source a statement noun stands for.

The annotation guide's chains follow a report back to its issuer (the party that
claims what the report says; the outlet only relays it).  For a statement noun
(``data/quote_sources.yaml``: بيان، تقرير، تصريح …) the issuer is

* named after it: ``بيان صادر عن X``, ``التقرير الصادر عن X`` (a statement link, then عن),
  ``تقرير نشرته X`` (a publishing verb with the report as its object), ``بيان لـX``,
  ``في تصريح لرئاسة الوزراء`` (لـ after the noun or its links), or, for an indefinite
  noun, a named party in construct with it (``تقرير منظمة العفو``);
* the subject of a publishing verb earlier in its clause (``وأصدرت لجنة التحقيق … تقريرا``);
* for a definite noun with none of these (``وشمل التقرير``, ``وأضاف البيان``), the
  issuer of the latest earlier mention of the same noun in the article, which it
  refers back to.
"""

from __future__ import annotations

from marsad.attribution.lexicon import STATEMENT, fold, lexicon, strip_proclitics
from marsad.attribution.phrases import Phrase, PhraseFinder
from marsad.attribution.text import AnalysedText

_ABOUT = fold("عن")
_ARTICLE = fold("ال")
# entity types that name a party in construct with an indefinite statement noun
_PARTY_TYPES = frozenset({"ORG", "PERSON", "PER", "PERS", "GPE", "NORP"})
# how many statement links (صادر، رسمي، عن …) may stand between the noun and its issuer
_MAX_LINKS = 3
# links that are pronouns: the issuer is their referent, not the word after them
_PRONOUN_LINKS = frozenset({fold("له"), fold("لها"), fold("لهم")})


class IssuerFinder:
    """Issuers of the statement nouns of one analysed text."""

    def __init__(self, at: AnalysedText, pf: PhraseFinder) -> None:
        self.at = at
        self.pf = pf
        self.lex = lexicon()
        self._cache: dict[int, Phrase | None] = {}
        self._after_lam: set[int] = set()  # first tokens of issuers named as ``لـX``

    def statement_noun(self, i: int) -> str | None:
        """The statement noun token ``i`` reads as, without article or accusative ending
        (``التقرير``, ``تقريرا`` → ``تقرير``), or None."""
        for c in strip_proclitics(self.at.tokens[i].form):
            if c in self.lex.statement_nouns:
                return _noun_key(c)
        return None

    def definite(self, i: int) -> bool:
        return any(c.startswith(_ARTICLE) and c in self.lex.statement_nouns
                   for c in strip_proclitics(self.at.tokens[i].form))

    def issuer(self, i: int) -> Phrase | None:
        """The issuer of the statement noun at token ``i``: named with it, else (definite noun) the
        issuer of the latest earlier mention of the same noun, and so on back."""
        if i in self._cache:
            return self._cache[i]
        key = self.statement_noun(i)
        mentions = [i]  # this mention and the earlier ones it refers back to, latest first
        found = self.own_issuer(i)
        k: int | None = i
        while found is None and k is not None and self.definite(k):
            k = next((m for m in reversed(self.at.flagged_in(STATEMENT, 0, k)) if self.statement_noun(m) == key),
                     None)
            if k is None:
                break
            if k in self._cache:
                found = self._cache[k]
                break
            mentions.append(k)
            found = self.own_issuer(k)
        for m in mentions:
            self._cache[m] = found
        return found

    def own_issuer(self, i: int) -> Phrase | None:
        """The issuer named in the statement noun's own clause (after it, or as a publishing verb's
        subject before it)."""
        if self.statement_noun(i) is None:
            return None
        return self.named_after(i) or self.published_by(i)

    def named_after(self, i: int) -> Phrase | None:
        toks = self.at.tokens
        end = self.at.sentence_of(i).last
        k = i + 1
        links: list[str] = []
        while k < end and len(links) < _MAX_LINKS and toks[k].form in self.lex.statement_links:
            links.append(toks[k].form)
            k += 1
        if k >= end or not toks[k].is_word:
            return None
        if len(links) > 1 and links[-1] == _ABOUT:
            # "بيان صادر عن X"; a bare "تقرير عن الحرب" is about X, not by X
            return self.party_after(k, end, force_first=True)
        if links and any(c in self.lex.publish_verbs for link in links for c in _verb_readings(link)):
            # "تقرير نشرته الاقتصادية"; "في بيان أصدره أمس" names none (the verb's own subject)
            return self.party_after(k, end, force_first=False)
        if any(link in self.lex.pronouns or link in _PRONOUN_LINKS for link in links):
            return None  # "في تصريح له": the issuer is whom the pronoun refers to
        if self.issuer_after_lam(k):
            self._after_lam.add(k)
            return self.pf.phrase_after(k, end, force_first=True)  # "بيان للجيش", "تصريح لرئاسة الوزراء"
        if not links and not self.definite(i):
            ent = self.pf.entity_at[k]
            # "تقرير منظمة العفو الدولية"; not a name that takes in the noun itself (بيان عبد العاطي
            # tagged as one name): the statement cannot be its own issuer
            if ent is not None and ent.type in _PARTY_TYPES and self.pf.entity_at[i] is not ent:
                return self.pf.entity_phrase(k)
        return None

    def issuer_after_lam(self, k: int) -> bool:
        """``لـX`` names the issuer, unless X is a medium or the press the statement was given to
        (``في تصريح لوكالة الأنباء``, ``للصحفيين``: the addressee)."""
        form = self.at.tokens[k].form
        if not form.startswith("ل") or form.startswith("لا") or len(form) <= 2:
            return False
        if form in self.lex.speaker_stops:
            return False  # لوكالة، لصحيفة، للصحفيين
        bare = "ال" + form[2:] if form.startswith("لل") else form[1:]
        return not any(c in self.lex.media_nouns for c in strip_proclitics(bare))

    def party_after(self, k: int, end: int, *, force_first: bool) -> Phrase | None:
        ph = self.pf.phrase_after(k, end, force_first=force_first)
        return self.pf.with_apposition(ph, end) if ph is not None else None

    def name(self, ph: Phrase) -> str:
        """What a chain shows for an issuer: its name without the لـ that linked it
        (``بيان للجيش`` → ``الجيش``, ``لرئاسة الوزراء`` → ``رئاسة الوزراء``)."""
        return without_lam(self.pf.name(ph)) if ph.first in self._after_lam and not (
            ph.entity is not None and ph.entity.canonical) else self.pf.name(ph)

    def published_by(self, i: int) -> Phrase | None:
        """``وأصدرت لجنة التحقيق … تقريراً``: the subject of a publishing verb earlier in the clause."""
        toks = self.at.tokens
        first = self.at.sentence_of(i).first
        p = i - 1
        while p >= first and not self.pf.is_clause_end(p):
            if any(c in self.lex.publish_verbs for c in strip_proclitics(toks[p].form)):
                return self.pf.phrase_after(p + 1, i)
            p -= 1
        return None


def without_lam(name: str) -> str:
    """A name without the preposition لـ glued to it: ``للجيش`` → ``الجيش``, ``لـCNN`` → ``CNN``."""
    if name.startswith("لل"):
        return "ال" + name[2:]
    if name.startswith("ل") and len(name) > 2:
        return name[1:].lstrip("ـ ")
    return name


def _noun_key(word: str) -> str:
    if word.startswith(_ARTICLE):
        word = word[len(_ARTICLE):]
    if word.endswith("ا") and len(word) > 3:
        word = word[:-1]  # تقريرا → تقرير
    return word


def _verb_readings(link: str) -> set[str]:
    """A publishing link without its object pronoun: ``نشرته`` → ``نشرت``, ``أصدره`` → ``أصدر``."""
    out = set(strip_proclitics(link))
    for c in list(out):
        for pronoun in ("ه", "ها"):
            if c.endswith(pronoun) and len(c) > len(pronoun) + 2:
                out.add(c[: -len(pronoun)])
    return out

