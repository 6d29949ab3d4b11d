"""The learned argument chooser's errors on the train or dev split of the gold corpus, by class.

Runs the learned pipeline on every annotated article of the split, records what the argument
chooser saw for each event (its candidate phrases with their scores, and "none"), matches the
predicted events to the gold events as ``marsad eval events`` does, and sorts the actor and the
target of every matched event into one class:

* right (a named party, or none where gold has none);
* abstained, with the covering candidate ranked 1st / 2nd / 3rd or later, or no candidate covering
  the gold argument (the candidates' recall bounds what the chooser can get right);
* wrong: gold has none; the other role (swapped); a covering candidate ranked 2nd / 3rd or later;
  no candidate covers.

Each error also gets where the gold argument stands (before or after the trigger in its sentence,
an earlier or a later sentence) and a cue of why it is hard: a pronoun subject before the trigger
(``وأكد أنه طلب``), a pronoun on the trigger itself (``واتهمها``, ``لقائه``), a preposition before the
gold phrase (``بدعم``, ``ضد``, ``على``, ``من``, ``مع``), a coordinated phrase (``و…``), the trigger in a quote,
the gold party as a quote's speaker, a passive or agent marker, a filler phrase chosen (neither an entity
nor a party head).

Every matched event's actor is also counted by the kind of its trigger — a verb with a party right after
it (its own subject: ``شنت القوات``), a verb without one (a subject carried from an earlier clause: ``ثم
اقتحمت المدينة``), a noun — against where the gold actor stands (before or after the trigger in its
sentence, an earlier sentence, none), right and wrong apart.

A verb right after an indefinite noun is a kind of its own (``تقريرا اتهم النظام``: the noun is the subject
of the verb's clause, :func:`relative_head`).

A noun trigger's actor is also sorted by how gold names it (:func:`noun_actor_class`): none; in another
sentence; a pronoun on the noun (``هجومهم``); after an agent marker (``من قبل``, ``على يد``); a country adjective
(``الغارات الروسية``); the genitive right after the noun (``هجوم الحوثيين``), missed or taken as the target; the
subject of a light verb before the noun (``شنت القوات هجوما``; light verbs and agent markers:
``data/noun_actor_cues.tsv``); else before or after the noun in its sentence.

``--fold-models DIR``: out of fold, as ``tools/event_coverage.py`` reads it: each article is read by the
model ``DIR/A-k.json`` of its outer fold k (``tools/refit_cv.py --recipes A --out DIR``), so on the train split
no article is read by a model that learned from it. The sealed test split is never read.

    PYTHONPATH=src python tools/argument_errors.py [--split dev] [--gold gold] [--shared ../shared/data]
        [--attribution-model FILE | --fold-models DIR [--folds 4]] [--examples CLASS] [--json FILE]
        [--corpora anercorp,ntrex128,saudinewsnet]

Every wrong actor is also sorted by what was chosen instead (:func:`instead_class`): where the chosen phrase
stands (a verb's first party after it, a later phrase after the verb — its object position —, the noun right
after a noun trigger, a later phrase after a noun, a party of an earlier clause with a verb between, a phrase
before the trigger in its clause, another sentence) and what it is (the gold actor and target in one phrase, part of the gold party, a filler — neither
an entity nor a party head —, a place or country, a person after a title, another party); and, for wrong and abstained
actors, whether the gold actor was a candidate, its rank and its probability among the candidates and "none".

``--examples`` prints every error whose class contains the given words, with its sentence and the
chooser's best candidates.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import marsad.attribution.learned.extract as extract
from marsad.attribution.learned.context import (
    ArgumentRoleKeys,
    Context,
    EventAtoms,
    Phrase,
    PhraseAtoms,
    _is_function_word,
    _verbal,
    argument_keys,
    argument_none_features,
    bare,
    party_heads,
    trigger_pronoun,
    verb_stems,
)
from marsad.attribution.lexicon import lexicon, strip_proclitics
from marsad.cli.train_common import FoldModels, chosen_corpora, gold_tool_parser, open_gold_corpus
from marsad.document import Event
from marsad.evaluate.attribution import _clusters, _match_events, annotated_articles
from marsad.evaluate.matching import gold_span, same_argument
from marsad.resources import read_tsv_dicts
from marsad.text.country_adjectives import nisba_words
from marsad.text.normalize import normalize

ROLES = ("actor", "target")
PRONOUN_SUBJECTS = ("انه", "انها", "انهم", "بانه", "بانها", "بانهم")  # folded أنه, بأنها …
PRONOUN_ENDINGS = ("ه", "ها", "هم", "هما", "هن")
PREPOSITIONS = frozenset({"بدعم", "ضد", "علي", "على", "من", "مع", "قبل", "الي", "إلى", "عن", "لدي"})


@contextmanager
def recording(calls: list[dict[str, Any]]) -> Iterator[None]:
    """Record, for every event the learned layer keeps, its candidate phrases and each role's choice."""
    real_candidates, real_choose = extract.argument_candidates, extract.choose_argument

    def candidates(ctx: Context, cand: extract.EventCandidate) -> list[Phrase]:
        phrases = real_candidates(ctx, cand)
        calls.append({"ctx": ctx, "index": cand.index, "roles": {}})
        return phrases

    def choose(models: extract.AttributionModels, role: str, event: EventAtoms, phrases: list[Phrase],
               atoms: list[PhraseAtoms], rule_has_it: bool,
               keys: list[ArgumentRoleKeys] | None = None) -> tuple[Phrase | None, float]:
        result = real_choose(models, role, event, phrases, atoms, rule_has_it, keys)
        scorer = models.argument_scorer()
        none = argument_none_features(event[0], role, rule_has_it, len(phrases))
        calls[-1]["roles"][role] = ([(ph, scorer.score(argument_keys(role, event, a)))
                                     for ph, a in zip(phrases, atoms, strict=True)]
                                    + [(None, models.argument.score(none))])
        return result

    extract.argument_candidates, extract.choose_argument = candidates, choose
    try:
        yield
    finally:
        extract.argument_candidates, extract.choose_argument = real_candidates, real_choose


def _covers(text: str, ctx: Context, phrase: Phrase, spans: list[tuple[int, int]]) -> bool:
    start, end = ctx.offsets((phrase.first, phrase.last))
    return any(same_argument(text, s, {"start": start, "end": end, "text": text[start:end]}) for s in spans)


def _where(ctx: Context, index: int, span: tuple[int, int]) -> str:
    """Where a gold argument stands from the trigger at token ``index``."""
    k = ctx.token_at(span[0])
    s, t = ctx.tokens[k].sentence, ctx.tokens[index].sentence
    if s < t:
        return "earlier sentence"
    if s > t:
        return "later sentence"
    return "before" if k < index else "after"


def word_before(ctx: Context, start: int) -> str:
    """The folded word right before the phrase at character ``start`` (``<s>`` at the text's start), without its
    article or conjunction: ``مع``, ``ضد``, ``على`` put the other party there, ``ان`` a clause's subject. The
    ``--json`` rows carry it for the phrase given, so that a class of wrong arguments can be counted by it."""
    k = ctx.token_at(start)
    return bare(ctx.tokens[k - 1].form) if k > 0 else "<s>"


def _cues(ctx: Context, text: str, index: int, span: tuple[int, int] | None) -> list[str]:
    toks = ctx.tokens
    out = []
    if index > 0 and any(r in PRONOUN_SUBJECTS for r in strip_proclitics(toks[index - 1].form)):
        out.append("pronoun subject")
    written = text[toks[index].start:toks[index].end]
    if len(written) >= 5 and written.endswith(PRONOUN_ENDINGS):
        out.append("pronoun on trigger")
    if span is not None:
        k = ctx.token_at(span[0])
        if k > 0 and bare(toks[k - 1].form) in PREPOSITIONS:
            out.append(f"after {bare(toks[k - 1].form)}")
        if toks[k].form.startswith("و") and not bare(toks[k].form).startswith("و"):
            out.append("coordinated")
    return out


PASSIVE_MARKS = frozenset({"تم", "وتم", "يتم", "جري", "وجري", "يجري"})  # folded: تم/جرى + verbal noun
AGENT_MARKS = frozenset({"يد", "قبل"})  # folded: على يد / من قبل before the doer of a passive event
PARTY_ORIGINS = ("ent:", "head")


def kinds(ctx: Context, text: str, index: int, chosen: list[tuple[Phrase | None, float]],
          gold: list[tuple[int, int]], pred: dict[str, Any] | None) -> list[str]:
    """Why an argument is hard, beyond :func:`_cues`: the trigger in a quotation (its actor is often
    the speaker), a gold argument a quote-speaker candidate covers, a passive marker before the trigger
    (``تم اعتقال``) or an agent marker before the gold phrase (``على يد``, ``من قبل``), and a chosen
    phrase that is neither an entity nor a party head (a filler: ``هناك أيضا``, ``عليها شعارات``)."""
    toks = ctx.tokens
    out = []
    if ctx.covering_quote(toks[index].start) is not None:
        out.append("trigger in quote")
    if any(ph is not None and "quote-speaker" in ph.origins and _covers(text, ctx, ph, gold) for ph, _ in chosen):
        out.append("gold is a quote's speaker")
    before_gold = [ctx.token_at(s[0]) for s in gold]
    if (index > 0 and bare(toks[index - 1].form) in PASSIVE_MARKS) or any(
            k > 0 and bare(toks[k - 1].form) in AGENT_MARKS for k in before_gold):
        out.append("passive")
    if pred and isinstance(pred.get("start"), int):
        picked = next((ph for ph, _ in chosen if ph is not None
                       and ctx.offsets((ph.first, ph.last)) == (pred["start"], pred["end"])), None)
        if picked is not None and not any(o.startswith(PARTY_ORIGINS) for o in picked.origins):
            out.append("filler chosen")
    return out


# The endings of an indefinite noun that may head a relative clause with no relative pronoun: the
# accusative's tanween (``تقريرا``, ``بيانا``, ``هجوما``) and the feminine ``ة`` (``دراسة تتهم``), read ``ه`` in
# the normalised forms the tokens carry; a verb's plural ending ``وا`` (``قالوا``) is not one
INDEFINITE_ENDINGS = ("ا", "ه")
ARTICLE_FORMS = ("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل")


def relative_head(ctx: Context, index: int, endings: tuple[str, ...] = INDEFINITE_ENDINGS) -> int | None:
    """The indefinite noun right before the verb at ``index`` that the verb's clause may describe (جملة
    صفة: ``أصدرت اللجنة تقريرا اتهم النظام``: the report accuses, the noun after the verb is its object),
    or None: the word before is in the verb's sentence, has no article, is no function word, pronoun or
    part of a name, and ends like an indefinite noun (``endings``). A ``ه`` is also a pronoun's
    (``بلاده دعت``): the class counts those too, the subject before its verb."""
    toks = ctx.tokens
    if index == 0 or _verbal(toks[index].form) != "v":
        return None
    prev, here = toks[index - 1], toks[index]
    form = prev.form
    if (not prev.is_word or prev.sentence != here.sentence or len(form) < 4 or not form.endswith(endings)
            or form.endswith("وا") or form.startswith(ARTICLE_FORMS) or _is_function_word(form)
            or form in lexicon().pronouns or ctx.entity_end_at(index - 1) is not None
            or any(a < index - 1 < b for a, b in ctx.entity_order)):
        return None
    return index - 1


def trigger_kind(ctx: Context, index: int) -> str:
    """A verb with its own subject right after it, a verb without one, or a noun (the lexicon's reading)."""
    toks = ctx.tokens
    if _verbal(toks[index].form) != "v":
        return "noun or unread"
    if relative_head(ctx, index) is not None:  # ``تقريرا اتهم النظام``: the clause describes the noun before
        return "verb after an indefinite noun"
    k = index + 1
    # a party right after the verb: an entity or a party head (data/party_heads.tsv)
    after = (k < len(toks) and toks[k].sentence == toks[index].sentence and toks[k].is_word
             and (ctx.entity_end_at(k) is not None or any(r in party_heads() for r in strip_proclitics(toks[k].form))))
    return "verb, party after" if after else "verb, no party after"


NOUN_CLASSES = ("right", "gold has none", "another sentence", "possessive pronoun", "agent marker",
                "nationality adjective", "genitive: taken as target", "genitive: missed", "light-verb subject",
                "before, other", "after, other")
LIGHT_VERB_REACH = 8  # how many words before a noun a light verb is looked for (its subject may be long)


@lru_cache(maxsize=1)
def noun_actor_cues() -> dict[str, str]:
    """How a text names the doer of a verbal noun (``data/noun_actor_cues.tsv``): folded word → its kind,
    ``light-verb`` (``شن``, ``قام``, ``أجرى``: their subject does what the noun after them names) or
    ``agent`` (``قبل``, ``يد``, ``جانب``: ``من قبل``, ``على يد`` before the doer)."""
    return {normalize(row["word"]): row["kind"] for row in read_tsv_dicts("noun_actor_cues.tsv")}


def light_verb_before(ctx: Context, index: int) -> int | None:
    """The nearest light verb (``شنت``, ``قامت``, ``أجرى``) before the word at ``index`` in its sentence and
    clause (no comma between), at most :data:`LIGHT_VERB_REACH` words back, or None."""
    cues = noun_actor_cues()
    toks = ctx.tokens
    for k in range(index - 1, max(-1, index - 1 - LIGHT_VERB_REACH), -1):
        if toks[k].sentence != toks[index].sentence or (not toks[k].is_word and toks[k].form in "،,؛;"):
            return None
        if toks[k].is_word and any(cues.get(stem) == "light-verb" for stem in verb_stems(toks[k].form)):
            return k
    return None


def noun_actor_class(ctx: Context, text: str, index: int, gold: list[tuple[int, int]], right: bool,
                     swapped: bool) -> str:
    """How the gold actor of a noun trigger is named (one of :data:`NOUN_CLASSES`), tested in this order:
    none; another sentence; a pronoun on the noun (``هجومهم``); after an agent marker (``من قبل``, ``على
    يد``); a country adjective (``الغارات الروسية``); the genitive right after the noun (``هجوم الحوثيين``),
    taken as the target or missed; the subject of a light verb before the noun (``شنت القوات هجوما``)."""
    if right:
        return "right"
    if not gold:
        return "gold has none"
    toks = ctx.tokens
    k = ctx.token_at(gold[0][0])
    if toks[k].sentence != toks[index].sentence:
        return "another sentence"
    written = text[toks[index].start:toks[index].end]
    if trigger_pronoun(normalize(written)) is not None:
        return "possessive pronoun"
    if k > 0 and noun_actor_cues().get(bare(toks[k - 1].form)) == "agent":
        return "agent marker"
    if k > index and normalize(text[gold[0][0]:gold[0][1]]).strip() in nisba_words():
        return "nationality adjective"
    if k == index + 1:
        return "genitive: taken as target" if swapped else "genitive: missed"
    verb = light_verb_before(ctx, index)
    if verb is not None and verb < k < index:
        return "light-verb subject"
    return "before, other" if k < index else "after, other"


def classify(text: str, ctx: Context | None, index: int | None, chosen: list[tuple[Phrase | None, float]],
             gold: dict[str, list[tuple[int, int]]], role: str, pred: dict[str, Any] | None) -> str:
    spans = gold[role]
    other = gold["actor" if role == "target" else "target"]
    if not spans and not pred:
        return "right: none"
    if spans and pred and any(same_argument(text, s, pred) for s in spans):
        return "right: named"
    ranked = sorted((c for c in chosen if c[0] is not None), key=lambda c: -c[1])
    covering = [k for k, (ph, _) in enumerate(ranked)
                if ctx is not None and ph is not None and _covers(text, ctx, ph, spans)]
    rank = "no candidate covers" if not covering else (
        "covering candidate ranked 1st" if covering[0] == 0 else
        "covering candidate ranked 2nd" if covering[0] == 1 else "covering candidate ranked 3rd+")
    if not pred:
        return f"abstained: {rank}"
    if not spans:
        return "wrong: gold has none"
    if any(same_argument(text, s, pred) for s in other):
        return "wrong: the other role (swapped)"
    return f"wrong: {rank}"


def _swapped(text: str, gold_actor: list[tuple[int, int]], target: dict[str, Any] | None) -> bool:
    """Whether the predicted target is the gold actor (the genitive read as the object)."""
    return bool(target) and any(same_argument(text, s, target) for s in gold_actor)


PLACES = ("before", "after", "earlier sentence", "later sentence", "none")


def print_kinds(by_kind: Counter[tuple[str, str, bool]]) -> None:
    """The actor, right / wrong, by the trigger's kind and where gold stands."""
    print("actor by trigger kind: right / wrong where gold stands (" + ", ".join(PLACES) + ")")
    for kind in sorted({k for k, _, _ in by_kind}):
        cells = [f"{by_kind[(kind, place, True)]}/{by_kind[(kind, place, False)]}" for place in PLACES]
        right = sum(n for (k, _, r), n in by_kind.items() if k == kind and r)
        total = sum(n for (k, _, _), n in by_kind.items() if k == kind)
        print(f"  {kind:24s} {right:4d}/{total:<4d} " + "  ".join(f"{c:>7s}" for c in cells))


def print_noun_classes(by_class: Counter[str]) -> None:
    """The noun triggers' actors by how gold names them (:func:`noun_actor_class`)."""
    total = sum(by_class.values())
    print(f"noun triggers' actor by how gold names it ({total} matched events)")
    for name in NOUN_CLASSES:
        print(f"  {by_class[name]:4d}  {name}")


INSTEAD_PLACES = ("verb: first party after", "verb: later after (object)", "noun: right after (genitive)",
                  "noun: later after", "before: earlier clause (a verb between)", "before: its clause",
                  "another sentence")
INSTEAD_WHAT = ("actor and target in one", "part of gold", "filler", "place or country", "person after a title", "other party")
PLACE_TYPES = frozenset({"ent:LOC", "ent:GPE"})


def instead_class(ctx: Context, text: str, index: int, picked: Phrase, gold: list[tuple[int, int]],
                  target: list[tuple[int, int]]) -> tuple[str, str]:
    """Where the wrongly chosen actor stands from the trigger at ``index`` (one of :data:`INSTEAD_PLACES`) and
    what it is (one of :data:`INSTEAD_WHAT`)."""
    toks = ctx.tokens
    verb = _verbal(toks[index].form) == "v"
    if toks[picked.first].sentence != toks[index].sentence:
        place = "another sentence"
    elif picked.first > index:
        between = [k for k in range(index + 1, picked.first) if toks[k].is_word]
        # the first party after a verb stands in its subject position: nothing but a time word or a
        # function word between; a phrase after another phrase stands in the object's
        first_after = not any(bare(toks[k].form) not in FUNCTION_BETWEEN for k in between)
        place = ("verb: " if verb else "noun: ") + (
            ("first party after" if verb else "right after (genitive)") if first_after else
            ("later after (object)" if verb else "later after"))
    else:
        verb_between = any(toks[k].is_word and _verbal(toks[k].form) == "v" for k in range(picked.last, index))
        place = "before: earlier clause (a verb between)" if verb_between else "before: its clause"
    start, end = ctx.offsets((picked.first, picked.last))
    overlaps = any(start < b and a < end for a, b in gold)
    if overlaps and any(start < b and a < end for a, b in target if (a, b) not in gold):
        what = "actor and target in one"  # ``ودعا التحالف الحوثيين`` read as one noun run
    elif overlaps:
        what = "part of gold"
    elif not any(o.startswith(PARTY_ORIGINS) for o in picked.origins):
        what = "filler"
    elif picked.origins & PLACE_TYPES:
        what = "place or country"
    elif "ent:PERSON" in picked.origins and picked.first > 0 and bare(toks[picked.first - 1].form) in role_words():
        what = "person after a title"
    else:
        what = "other party"
    return place, what


# words that may stand between a verb and its subject without making the phrase after them its object
FUNCTION_BETWEEN = frozenset({"امس", "اليوم", "قد", "ايضا", "كذلك", "بدوره", "بدورها", "مساء", "صباح"})


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Every word of the titles of ``data/roles.tsv``, bare and folded (``وزير الخارجية`` → ``وزير``, ``خارجيه``):
    the word before a name that ends a title chain."""
    return frozenset(bare(w) for row in read_tsv_dicts("roles.tsv") for w in normalize(row["role"]).split())


def gold_rank(text: str, ctx: Context, chosen: list[tuple[Phrase | None, float]],
              spans: list[tuple[int, int]]) -> tuple[str, str]:
    """The gold actor's rank among the candidates and its probability bucket (softmax over the candidates'
    scores and "none"), or ("no candidate", "-")."""
    if not chosen or not spans:
        return "no candidate", "-"
    top = max(s for _, s in chosen)
    total = sum(math.exp(s - top) for _, s in chosen)
    ranked = sorted((c for c in chosen if c[0] is not None), key=lambda c: -c[1])
    for k, (ph, score) in enumerate(ranked):
        if ph is not None and _covers(text, ctx, ph, spans):
            p = math.exp(score - top) / total
            rank = "1st" if k == 0 else "2nd" if k == 1 else "3rd+"
            bucket = "<0.1" if p < 0.1 else "0.1-0.3" if p < 0.3 else "0.3-0.5" if p < 0.5 else ">=0.5"
            return rank, bucket
    return "no candidate", "-"


def print_instead(instead: Counter[tuple[str, str, str]], ranks: Counter[tuple[str, str, str, str]]) -> None:
    """The wrong actors by what was chosen instead, and the gold actor's rank and probability."""
    for kind in ("verb", "noun"):
        rows = {(p, w): n for (k, p, w), n in instead.items() if k == kind}
        print(f"wrong actors of {kind} triggers by what was chosen instead ({sum(rows.values())}): "
              + " | ".join(INSTEAD_WHAT))
        for place in INSTEAD_PLACES:
            cells = [rows.get((place, w), 0) for w in INSTEAD_WHAT]
            if any(cells):
                print(f"  {place:42s} {sum(cells):4d}  " + " ".join(f"{c:4d}" for c in cells))
    print("wrong and abstained actors (gold names one): the gold actor's rank / probability")
    for (kind, outcome, rank, bucket), n in sorted(ranks.items()):
        print(f"  {kind:5s} {outcome:10s} {rank:13s} {bucket:8s} {n:4d}")


def main() -> None:
    parser = gold_tool_parser(__doc__.splitlines()[0], split=True, model=True, fold_models=True, corpora=True)
    parser.add_argument("--examples", help="Print the errors whose class contains these words.")
    parser.add_argument("--json", type=Path, help="Write every matched event's classes here.")
    args = parser.parse_args()
    corpus = open_gold_corpus(args.gold, args.shared)
    wanted = chosen_corpora(parser, args.corpora, corpus)
    models = FoldModels(args.attribution_model, args.fold_models, args.folds)
    table: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
    where: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
    cues: dict[str, Counter[str]] = {role: Counter() for role in ROLES}
    by_kind: Counter[tuple[str, str, bool]] = Counter()  # the actor by trigger kind, gold place, right
    by_noun: Counter[str] = Counter()  # the noun triggers' actor by how gold names it
    instead: Counter[tuple[str, str, str]] = Counter()  # wrong actors: trigger kind, where, what was chosen
    ranks: Counter[tuple[str, str, str, str]] = Counter()  # wrong/abstained: kind, outcome, gold rank, probability
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    for article, annotation in annotated_articles(corpus, args.split, errors, wanted):
        calls: list[dict[str, Any]] = []
        with recording(calls):
            doc = models.pipeline(article.id)(article.document())
        # a stage that fails is recorded on the document, not raised: an empty table must not pass for a result
        if doc.errors:
            raise SystemExit(f"{article.id}: {doc.errors[0]}")
        text = article.text
        by_start = {ctx_call["ctx"].tokens[ctx_call["index"]].start: ctx_call for ctx_call in calls}
        clusters = _clusters(annotation.get("events", []))
        for pi, ci in _match_events(text, clusters, doc.events).items():
            event: Event = doc.events[pi]
            call = next((c for start, c in by_start.items()
                         if int(event.trigger["start"]) <= start < int(event.trigger["end"])), None)
            ctx = call["ctx"] if call else None
            index = call["index"] if call else None
            gold = {role: [s for s in (gold_span(m.get(role)) for m in clusters[ci].members) if s is not None]
                    for role in ROLES}
            row: dict[str, Any] = {"article": article.id, "type": event.type, "trigger": event.trigger.get("text")}
            for role in ROLES:
                pred = getattr(event, role)
                chosen = call["roles"].get(role, []) if call else []
                cls = classify(text, ctx, index, chosen, gold, role, pred)
                table[role][cls] += 1
                row[role] = {"class": cls, "gold": [text[a:b] for a, b in gold[role]], "pred": (pred or {}).get("text")}
                if ctx is not None and pred and isinstance(pred.get("start"), int):
                    row[role]["pred_prev"] = word_before(ctx, int(pred["start"]))
                if role == "actor" and ctx is not None and index is not None:
                    place = _where(ctx, index, gold[role][0]) if gold[role] else "none"
                    kind = trigger_kind(ctx, index)
                    row[role]["kind"] = kind
                    by_kind[(kind, place, cls.startswith("right"))] += 1
                    if kind == "noun or unread":
                        noun = noun_actor_class(ctx, text, index, gold[role], cls.startswith("right"),
                                                "swapped" in cls or _swapped(text, gold["actor"], event.target))
                        by_noun[noun] += 1
                        row[role]["noun"] = noun
                    verbish = "verb" if _verbal(ctx.tokens[index].form) == "v" else "noun"
                    if gold[role] and not cls.startswith("right"):
                        outcome = "abstained" if cls.startswith("abstained") else "wrong"
                        ranks[(verbish, outcome, *gold_rank(text, ctx, chosen, gold[role]))] += 1
                        row[role]["gold_rank"] = gold_rank(text, ctx, chosen, gold[role])
                    if cls.startswith("wrong") and pred and isinstance(pred.get("start"), int):
                        # the phrase given, else the candidate that overlaps it most (a pooled boundary)
                        spans = [(ph, ctx.offsets((ph.first, ph.last))) for ph, _ in chosen if ph is not None]
                        overlap = [(min(b, pred["end"]) - max(a, pred["start"]), ph) for ph, (a, b) in spans]
                        best = max(overlap, key=lambda o: o[0], default=(0, None))
                        picked = best[1] if best[0] > 0 else None
                        if picked is not None:
                            where_what = instead_class(ctx, text, index, picked, gold[role], gold["target"])
                            instead[(verbish, *where_what)] += 1
                            row[role]["instead"] = list(where_what)
                if cls.startswith("right") or ctx is None or index is None:
                    continue
                span = gold[role][0] if gold[role] else None
                if span is not None:
                    where[role][_where(ctx, index, span)] += 1
                found = _cues(ctx, text, index, span) + kinds(ctx, text, index, chosen, gold[role], pred)
                cues[role].update(found or ["none of these"])
                row[role]["cues"] = found
                if args.examples and args.examples in cls:
                    first, last = ctx.sentence_bounds(index)
                    a, b = ctx.offsets((first, last))
                    best = sorted(((ctx.surface((ph.first, ph.last)) if ph else "<none>", round(s, 1))
                                   for ph, s in chosen), key=lambda x: -x[1])[:6]
                    print(f"[{role}] {cls} | {event.type} «{event.trigger.get('text')}» gold {row[role]['gold']} "
                          f"got «{row[role]['pred']}» {found}\n    {text[a:b][:300]}\n    {best}")
            rows.append(row)
    for message in errors:
        print(f"warning: {message}")
    for role in ROLES:
        total = sum(table[role].values())
        print(f"{role} ({total} matched events)")
        for cls, n in sorted(table[role].items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:4d}  {cls}")
        print("  errors: where gold stands  " + ", ".join(f"{k} {v}" for k, v in where[role].most_common()))
        print("  errors: cues               " + ", ".join(f"{k} {v}" for k, v in cues[role].most_common()))
    print_kinds(by_kind)
    print_noun_classes(by_noun)
    print_instead(instead, ranks)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
