"""Train the learned attribution models (trigger, argument, status, speaker) on the gold corpus.

The rules run first (as at run time) and propose candidates; every candidate
becomes a training example labelled by the gold annotation of its article:

* trigger: a rule event or trigger-lexicon word is positive when its token
  overlaps a gold trigger of the same type;
* argument: a candidate phrase is the actor (or target) when it overlaps the
  gold actor (target) of the mention its trigger matched, or, where that mention
  names none, of any mention of the event; when gold has none, every candidate
  is negative (the model learns to abstain);
* status: the gold status of the matched event;
* speaker: a candidate phrase overlapping the gold speaker of the quote whose
  cue the rules found.

Logistic regression (scikit-learn) on sparse binary features; the decision
thresholds are chosen on the dev split. The shipped model is trained on the
redistributable articles only (``--corpora anercorp,ntrex128``); a user can
add their own annotations (e.g. SaudiNewsNet) with ``--corpora``, or for the trigger
model alone with ``--pool-corpora`` (on dev the larger gain: docs/events.md,
"Retraining on your own annotations").
"""

from __future__ import annotations

import datetime as dt
import json
import random
import zlib
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from marsad.attribution.learned.context import (
    Context,
    Phrase,
    TriggerWords,
    argument_features,
    argument_none_features,
    bare,
    coref_features,
    speaker_features,
    speaker_none_features,
    status_features,
    trigger_words,
    verb_stems,
)
from marsad.attribution.learned.extract import (
    CUE_MODEL,
    NO_EVENT,
    ROLES,
    AttributionModels,
    EventCandidate,
    actor_candidate,
    add_quotes,
    argument_candidates,
    choose_speaker,
    continued,
    cue_candidates,
    event_candidates,
    event_decisions,
    overlapping,
    participles_joined,
    pooled_choice,
    quote_for_cue,
    rule_cue_rows,
    speaker_candidates,
    speaker_choice,
    speaker_names,
)
from marsad.attribution.learned.linear import BinaryModel, ChoiceModel, MulticlassModel, NestedModel
from marsad.attribution.text import analyse
from marsad.document import Document, Event
from marsad.evaluate.attribution import annotated_articles
from marsad.evaluate.gold_corpus import Article, GoldCorpus
from marsad.evaluate.matching import cluster_of, cluster_root, gold_span, overlaps, same_argument
from marsad.text.normalize import normalize

if TYPE_CHECKING:
    from marsad.train.threshold_folds import Decisions

STATUSES = ["asserted", "claimed", "denied", "planned", "hypothetical"]
Example = tuple[list[str], Any]


@dataclass(slots=True)
class Group:
    """One choice: candidate phrases (features, right or not) and the "none of them" alternative."""

    candidates: list[Example]
    none: list[str]
    # gold names an argument that no candidate covers: "none" is still what the chooser should learn
    # there (nothing offered is right), but abstaining is a miss, not a right answer, when the
    # abstention threshold is chosen
    missed: bool = False
    spans: list[tuple[int, int]] | None = None  # token spans of the candidates (overlapping ones pool)
    # what the chosen candidate's probability is multiplied by at run time (a speaker: the cue model's
    # belief that the quote is a statement)
    belief: float = 1.0
    role: str = ""  # actor or target (argument groups)
    # the candidates' folded surfaces (speaker groups): candidates naming one party pool their probability
    names: list[str] | None = None

    @property
    def has_gold(self) -> bool:
        return any(label for _, label in self.candidates)


@dataclass(slots=True)
class Examples:
    trigger: list[Example] = field(default_factory=list)
    argument: list[Group] = field(default_factory=list)
    status: list[Example] = field(default_factory=list)
    speaker: list[Group] = field(default_factory=list)
    cue: list[Example] = field(default_factory=list)
    cue_rules: list[Example] = field(default_factory=list)  # the rules' cues: kept or dropped
    coref: list[Example] = field(default_factory=list)
    articles: int = 0
    # how many trigger rows each article gave, in order: the bagged trigger choice resamples dev by article.
    # The rows :func:`pool_parts` adds come after them, in no article of this list.
    trigger_articles: list[int] = field(default_factory=list)
    # the same for the argument groups: the bagged argument choice (``--argument-bags``) resamples them by article
    argument_articles: list[int] = field(default_factory=list)

    def extend(self, other: Examples) -> None:
        for name in ("trigger", "argument", "status", "speaker", "cue", "cue_rules", "coref"):
            getattr(self, name).extend(getattr(other, name))
        self.articles += other.articles
        self.trigger_articles.extend(other.trigger_articles)
        self.argument_articles.extend(other.argument_articles)

    def counts(self) -> dict[str, int]:
        return {"articles": self.articles, "trigger": len(self.trigger),
                "argument_groups": len(self.argument), "status": len(self.status),
                "speaker_groups": len(self.speaker), "cue": len(self.cue), "cue_rules": len(self.cue_rules),
                "coref_pairs": len(self.coref)}


THRESHOLD_FOLDS = 4  # folds of the train articles scored held out (marsad.train.threshold_folds)


def fold_of(article_id: str, folds: int) -> int:
    """The article's threshold fold: fixed by its id (leaving an article out moves no other one)."""
    return zlib.crc32(article_id.encode("utf-8")) % folds


@dataclass(slots=True)
class HeldOut:
    """One train article's examples: ``own`` as the models learn from them (the whole split's trigger
    vocabulary), ``held`` as they are scored when its fold is held out (the other folds' vocabulary)."""

    fold: int
    pooled: bool  # a corpus that only the pooled parts learn from (``--pool-corpora``)
    own: Examples
    held: Examples


def _gold_event_for(ctx: Context, cand: EventCandidate, golds: Sequence[dict[str, Any]]) -> int | None:
    """The gold event whose trigger the candidate's word overlaps (any type: the model learns the type)."""
    tok = ctx.tokens[cand.index]
    span = (tok.start, tok.end)
    for k, g in enumerate(golds):
        if overlaps(gold_span(g.get("trigger")), span):
            return k
    return None


def _stems_at(text: str, value: Any) -> set[str]:
    """Stems (3+ letters) of the words of a gold span, read as the run-time lookups read them."""
    span = gold_span(value)
    if span is None:
        return set()
    words = normalize(text[span[0]:span[1]]).split()
    return {stem for word in words for stem in {bare(word), *verb_stems(word)} if len(stem) >= 3}


def vocabulary_of(articles: Sequence[tuple[Article, dict[str, Any]]]) -> dict[str, tuple[str, ...]]:
    """Verb stems (3+ letters) of the gold triggers → their types."""
    found: dict[str, set[str]] = {}
    for article, gold in articles:
        for ev in gold.get("events", []):
            for stem in _stems_at(article.text, ev.get("trigger")):
                found.setdefault(stem, set()).add(str(ev["type"]))
    return {stem: tuple(sorted(types)) for stem, types in sorted(found.items())}


def _covers(ctx: Context, phrase: Phrase, spans: Sequence[tuple[int, int]]) -> bool:
    """The candidate phrase is (one of) the gold spans: overlap or folded containment, as scored."""
    start, end = ctx.offsets((phrase.first, phrase.last))
    pred = {"start": start, "end": end, "text": ctx.doc.text[start:end]}
    return any(same_argument(ctx.doc.text, s, pred) for s in spans)


def _gold_arguments(own: dict[str, Any], members: Sequence[dict[str, Any]], role: str) -> list[tuple[int, int]]:
    """The gold spans a candidate for ``role`` is labelled right by: the matched mention's own argument
    where it names one, else that of any mention of the event. A re-mention's party is often the other
    party of a two-party event (``زيارة`` by one, ``محادثات مع`` the other): taken as right for every
    mention, it taught the chooser that the party after ``مع`` or the object of the verb is its actor."""
    mine = gold_span(own.get(role))
    if mine is not None:
        return [mine]
    return [s for s in (gold_span(m.get(role)) for m in members) if s is not None]


def _argument_groups(ctx: Context, cand: EventCandidate, members: Sequence[dict[str, Any]],
                     own: dict[str, Any]) -> list[Group]:
    phrases = argument_candidates(ctx, cand)
    labels = {role: [_covers(ctx, ph, _gold_arguments(own, members, role)) for ph in phrases] for role in ROLES}
    # the target is chosen among what is left once the actor is taken (as at run time: the gold actor)
    actor_index = next((i for i, y in enumerate(labels["actor"]) if y and actor_candidate(phrases[i])), None)
    groups = []
    for role in ROLES:
        if role == "actor":
            keep = [i for i in range(len(phrases)) if actor_candidate(phrases[i])]
        else:
            keep = [i for i in range(len(phrases))
                    if actor_index is None or not overlapping(phrases[i], phrases[actor_index])]
        rows = [(argument_features(ctx, cand.index, cand.type, role, phrases[i]), labels[role][i]) for i in keep]
        has_rule = bool(cand.rule and getattr(cand.rule, role))
        has_gold = any(gold_span(m.get(role)) is not None for m in members)
        missed = has_gold and not any(y for _, y in rows)
        groups.append(Group(rows, argument_none_features(cand.type, role, has_rule, len(keep)), missed,
                            [(phrases[i].first, phrases[i].last) for i in keep], role=role))
    return groups


def _event_examples(ctx: Context, golds: Sequence[dict[str, Any]], words: TriggerWords, out: Examples) -> None:
    found: list[tuple[int, str, int]] = []  # trigger token, gold type, gold cluster
    for cand in event_candidates(ctx, words, check=True):  # far features fill their slots (the bounds hold)
        k = _gold_event_for(ctx, cand, golds)
        out.trigger.append((cand.features, str(golds[k]["type"]) if k is not None else NO_EVENT))
        if k is None:
            continue
        found.append((cand.index, str(golds[k]["type"]), cluster_root(golds, k)))
        cand.type = str(golds[k]["type"])
        out.argument.extend(_argument_groups(ctx, cand, cluster_of(golds, k), golds[k]))
        event = cand.rule or _synthetic_event(ctx, cand)
        out.status.append((status_features(ctx, event, cand.index), golds[k].get("status", "asserted")))
    _coref_examples(ctx, found, out)


def _coref_examples(ctx: Context, found: Sequence[tuple[int, str, int]], out: Examples) -> None:
    """Every pair of gold-matched event words of one type: the later one re-mentions the earlier
    one when both belong to one gold event (``same_as``)."""
    found = sorted(set(found))
    for j, (later, event_type, cluster) in enumerate(found):
        for first, other_type, other_cluster in found[:j]:
            if other_type == event_type and first != later:
                out.coref.append((coref_features(ctx, first, later, event_type), other_cluster == cluster))


def _speaker_examples(ctx: Context, gold_quotes: Sequence[dict[str, Any]], out: Examples,
                      models: AttributionModels | None = None, guess: ChoiceModel | None = None) -> None:
    """Speaker choices for the rules' quotes, and for the gold quotes whose cue the rules missed
    (built as the cue model's quotes are at run time, so the model learns those without a rule guess).

    With ``models``: the quotes the system makes at run time (the rules' quotes the cue model keeps and
    those it adds), also those gold does not have (``فحسب``), whose right speaker is none — what the
    speaker threshold is chosen on, so that it weighs the speakers given to non-quotes too.

    With ``guess`` (a speaker model fitted on other articles): the training examples, but the previous
    speaker a continuation (``وأضاف``) may follow is that model's best guess, as at run time, instead
    of the rules' speaker of the quote before."""
    beliefs: dict[int, float] = {}
    if models is not None:
        beliefs = add_quotes(ctx.doc, ctx, models)
        ctx.refresh_quotes()
    quotes = list(ctx.doc.quotes)
    found = [(int(q.cue["start"]), int(q.cue["end"])) for q in quotes]
    for gold_quote in gold_quotes if models is None else ():
        gold_cue = gold_span(gold_quote.get("cue"))
        if gold_cue is not None and not any(overlaps(gold_cue, f) for f in found):
            extra = quote_for_cue(ctx, ctx.token_at(gold_cue[0]))
            if extra is not None:
                extra.speaker_reason = CUE_MODEL
                quotes.append(extra)
    quotes.sort(key=lambda q: int(q.cue["start"]))
    previous = None
    for quote in quotes:
        cue = (int(quote.cue["start"]), int(quote.cue["end"]))
        g: dict[str, Any] | None = next((q for q in gold_quotes if overlaps(gold_span(q.get("cue")), cue)), None)
        # training examples without the addressee rule, run-time groups (``models``: thresholds) with it
        cue_index, phrases = speaker_candidates(ctx, quote, previous, addressee_rule=models is not None)
        # a quote gold does not have (``فحسب``, ``حسب الأرض``): its right speaker is none
        gspan = gold_span(g.get("speaker")) if g is not None else None
        cue_form = ctx.tokens[cue_index].form
        by_rules = not (quote.speaker_reason or "").startswith(CUE_MODEL)
        rows = [([*speaker_features(ctx, cue_index, ph, cue_form), f"origin={by_rules}"],
                 gspan is not None and _covers(ctx, ph, [gspan])) for ph in phrases]
        none = speaker_none_features(cue_form, bool(quote.speaker), len(phrases), by_rules)
        belief = beliefs.get(id(quote), 1.0)
        if models is not None:  # the previous speaker is the model's best guess, as at run time
            best, p = choose_speaker(ctx, models, quote, previous, belief)
            previous = continued(ctx, quote, best, p) or previous
        elif guess is not None:
            best, p = speaker_choice(ctx, guess, quote, previous, addressee_rule=False)
            previous = continued(ctx, quote, best, p) or previous
        elif quote.speaker:
            previous = quote
        if g is None and models is None:
            continue
        # at run time (``models``) abstaining is neither right nor wrong, as the speaker scorer counts it
        missed = (gspan is not None and not any(y for _, y in rows)) or models is not None
        out.speaker.append(Group(rows, none, missed, [(ph.first, ph.last) for ph in phrases], belief,
                                 names=speaker_names(ctx, phrases)))


SPEAKER_FOLDS = 4  # folds of the train articles: each one's previous speakers are guessed by a model of the others


def speaker_groups_by_guess(documents: Sequence[tuple[Article, dict[str, Any], Document]], c: float,
                            folds: int = SPEAKER_FOLDS) -> list[Group]:
    """The speaker training groups rebuilt with the previous speaker guessed as at run time
    (:func:`speaker_groups_by_guess_per_article`, all articles' groups together)."""
    return [group for groups in speaker_groups_by_guess_per_article(documents, c, folds) for group in groups]


def speaker_groups_by_guess_per_article(documents: Sequence[tuple[Article, dict[str, Any], Document]], c: float,
                                        folds: int = SPEAKER_FOLDS) -> list[list[Group]]:
    """The speaker training groups rebuilt with the previous speaker guessed as at run time, per article.

    A continuation (``وأضاف``, ``مشيرا``) follows the model's best guess for the quote before, not the
    rules' speaker; trained on the rules' one, the model learns how far to trust a different
    candidate. Each article's guesses come from a model fitted on the other folds (a model guessing on
    its own training articles would be right more often than at run time)."""
    first: list[list[Group]] = []
    for _, gold, doc in documents:
        out = Examples()
        copy = deepcopy(doc)
        _speaker_examples(Context(copy, analyse(copy)), gold.get("quotes", []), out)
        first.append(out.speaker)
    rebuilt: list[list[Group]] = [[] for _ in documents]
    for k in range(folds):
        guess = fit_choice([g for i, groups in enumerate(first) if i % folds != k for g in groups], c)
        for i in range(k, len(documents), folds):
            _, gold, doc = documents[i]
            out = Examples()
            copy = deepcopy(doc)
            _speaker_examples(Context(copy, analyse(copy)), gold.get("quotes", []), out, guess=guess)
            rebuilt[i] = out.speaker
    return rebuilt


def speaker_threshold(models: AttributionModels, dev: Sequence[tuple[Article, dict[str, Any], Document]],
                      wrong_cost: float) -> float:
    """The speaker model's threshold chosen on the dev quotes as the trained models make them at run
    time: right speakers minus ``wrong_cost`` × wrong ones, a speaker given to a non-quote included."""
    out = Examples()
    for _, gold, doc in dev:
        copy = deepcopy(doc)
        _speaker_examples(Context(copy, analyse(copy)), gold.get("quotes", []), out, models)
    return best_threshold_choice(models.speaker, out.speaker, wrong_cost)


def _cue_examples(ctx: Context, gold_quotes: Sequence[dict[str, Any]], vocabulary: frozenset[str],
                  out: Examples) -> None:
    cues = [s for s in (gold_span(q.get("cue")) for q in gold_quotes) if s is not None]
    candidates = cue_candidates(ctx, vocabulary, check=True)
    joined = participles_joined(ctx, candidates)  # never a quote of their own at run time
    for index, feats in candidates:
        if index in joined:
            continue
        tok = ctx.tokens[index]
        out.cue.append((feats, any(overlaps(c, (tok.start, tok.end)) for c in cues)))
    for quote, feats in rule_cue_rows(ctx, vocabulary):
        cue = (int(quote.cue["start"]), int(quote.cue["end"]))
        out.cue_rules.append((feats, any(overlaps(c, cue) for c in cues)))


def cue_vocabulary_of(articles: Sequence[tuple[Article, dict[str, Any]]]) -> frozenset[str]:
    """Verb stems (3+ letters) of the gold quote cues."""
    return frozenset(stem for article, gold in articles for quote in gold.get("quotes", [])
                     for stem in _stems_at(article.text, quote.get("cue")))


def examples_from_article(article: Article, gold: dict[str, Any], doc: Document, out: Examples,
                          vocabulary: dict[str, tuple[str, ...]] | None = None,
                          cue_vocabulary: frozenset[str] = frozenset(), words: TriggerWords | None = None,
                          held_out: tuple[TriggerWords, Examples] | None = None) -> None:
    """Training examples of every model from one annotated article the rules have analysed.
    ``words``: ``vocabulary``'s tables (:func:`trigger_words`), when the caller made them once for many articles.
    ``held_out``: the trigger words of the other threshold folds' vocabulary and where the article's event
    examples read with them go (with its cue examples), to be scored by the other folds' models
    (:mod:`marsad.train.threshold_folds`)."""
    ctx = Context(doc, analyse(doc))
    out.articles += 1
    rows_before, groups_before = len(out.trigger), len(out.argument)
    _event_examples(ctx, gold.get("events", []), words or trigger_words(vocabulary or {}), out)
    out.trigger_articles.append(len(out.trigger) - rows_before)
    out.argument_articles.append(len(out.argument) - groups_before)
    _speaker_examples(ctx, gold.get("quotes", []), out)
    _cue_examples(ctx, gold.get("quotes", []), cue_vocabulary, out)
    if held_out is not None:
        fold_words, held = held_out
        _event_examples(ctx, gold.get("events", []), fold_words, held)
        held.cue.extend(out.cue)
        held.cue_rules.extend(out.cue_rules)


def _synthetic_event(ctx: Context, cand: EventCandidate) -> Event:
    tok = ctx.tokens[cand.index]
    quote = ctx.covering_quote(tok.start)
    status = "claimed" if quote is not None and quote.speaker else "asserted"
    return Event(cand.type, None, {"start": tok.start, "end": tok.end}, None, None, None, None, status,
                 quote.speaker if quote is not None else None)


def gold_articles(corpus: GoldCorpus, split: str, corpora: set[str] | None,
                  errors: list[str] | None = None) -> list[tuple[Article, dict[str, Any]]]:
    """The annotated articles of ``split`` (of ``corpora``, if given); an article left out because its text is
    not at hand or its annotation does not fit it is named in ``errors`` (when given) — only for the corpora
    asked for, so the open recipe says nothing of the SaudiNewsNet articles it never reads."""
    found: list[str] = []
    wanted = None if corpora is None else frozenset(corpora)
    articles = list(annotated_articles(corpus, split, found, wanted))
    if errors is not None:
        errors.extend(found)
    return articles


CUE_FOLDS = 4  # folds of the train articles: each one's cue words are read with the other folds' cue vocabulary


def collect(articles: Sequence[tuple[Article, dict[str, Any]]], analyse_rules: Callable[[Document], Document],
            vocabulary: dict[str, tuple[str, ...]], cue_vocabulary: frozenset[str] = frozenset(),
            keep: list[tuple[Article, dict[str, Any], Document]] | None = None, cue_folds: int = 0,
            pooled: frozenset[str] = frozenset(), pooled_out: Examples | None = None,
            held_out: list[HeldOut] | None = None, threshold_folds: int = 0) -> Examples:
    """Examples of every article; ``keep`` receives each article with its gold and a copy of the
    document as the rules left it (to choose run-time thresholds on once the models are trained).

    ``pooled``: corpora whose articles' examples go to ``pooled_out`` instead (and never to ``keep``),
    for the model parts that learn from them too (:func:`pool_parts`); the cue folds still run over
    the whole list, as they would with those corpora in the training set.

    ``cue_folds`` (the train split): each article's cue examples read the words with the cue
    vocabulary of the other folds' gold cues instead of ``cue_vocabulary``. The vocabulary is made of
    the train cues themselves, so read on its own articles every gold cue is "known" and a candidate;
    at run time a reporting verb the train split never used is neither, and the cue model should learn
    how far "known" goes on words it did not see.

    ``held_out`` with ``threshold_folds`` (the train split): each article's own examples and those its
    threshold fold is scored on (:mod:`marsad.train.threshold_folds`)."""
    if held_out is not None and threshold_folds < 2:
        raise ValueError(f"held-out examples need two threshold folds or more, not {threshold_folds}")
    out = Examples()
    words = trigger_words(vocabulary)
    fold_vocabularies = [cue_vocabulary_of([a for i, a in enumerate(articles) if i % cue_folds != k])
                         for k in range(cue_folds)] if cue_folds > 1 else []
    folds = [fold_of(article.id, threshold_folds) for article, _ in articles] if held_out is not None else []
    fold_words = [trigger_words(vocabulary_of([a for a, f in zip(articles, folds, strict=True) if f != k]))
                  for k in range(threshold_folds)] if held_out is not None else []
    for i, (article, gold) in enumerate(articles):
        doc = analyse_rules(article.document())
        to_pool = pooled_out is not None and article.corpus in pooled
        if keep is not None and not to_pool:
            keep.append((article, gold, deepcopy(doc)))
        own = fold_vocabularies[i % cue_folds] if fold_vocabularies else cue_vocabulary
        mine, held = Examples(), Examples()
        examples_from_article(article, gold, doc, mine, vocabulary, own, words,
                              (fold_words[folds[i]], held) if held_out is not None else None)
        (pooled_out if to_pool and pooled_out is not None else out).extend(mine)
        if held_out is not None:
            held_out.append(HeldOut(folds[i], to_pool, mine, held))
    return out


# The model parts that can learn from the pooled corpora (``marsad train attribution --pool-parts``) and the
# example lists each one is trained and thresholded on. Speakers are not among them: their training groups
# are rebuilt from the kept documents (see speaker_groups_by_guess).
POOL_PARTS: dict[str, tuple[str, ...]] = {"trigger": ("trigger",), "argument": ("argument",), "status": ("status",),
                                          "coref": ("coref",), "cue": ("cue", "cue_rules")}


def pool_parts(examples: Examples, pooled: Examples, parts: Sequence[str]) -> None:
    """Add the pooled corpora's examples of ``parts`` to ``examples`` (train and dev alike: a part that
    learns from them also chooses its thresholds on their dev articles)."""
    for part in parts:
        for name in POOL_PARTS[part]:
            getattr(examples, name).extend(getattr(pooled, name))


# -- fitting ----------------------------------------------------------------------------
def _fit(rows: Sequence[Example], c: float, multiclass: bool = False,
         class_weight: str | None = None) -> tuple[dict[str, Any], Any]:
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    for feats, _ in rows:
        for f in sorted(set(feats)):  # a fixed column order: the solver's result must not depend on string hashing
            indices.append(vocab.setdefault(f, len(vocab)))
        indptr.append(len(indices))
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(rows), len(vocab)))
    y = [label for _, label in rows]
    model = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight)
    model.fit(x, y)
    names = {i: f for f, i in vocab.items()}
    return {"names": names}, model


def fit_choice(groups: Sequence[Group], c: float, skip_missed: bool = False) -> ChoiceModel:
    """Conditional logit: per group, a softmax over the candidates and "none"; maximise the
    probability of the right candidates (or of "none" when gold has no argument), L2-regularised."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    indptr, indices = [0], []
    offsets: list[int] = []
    right: list[float] = []
    if skip_missed:
        groups = [group for group in groups if not group.missed]
    for group in groups:
        offsets.append(len(right))
        rows = [*((f, bool(y)) for f, y in group.candidates), (group.none, not group.has_gold)]
        for feats, is_right in rows:
            for f in sorted(set(feats)):
                indices.append(vocab.setdefault(f, len(vocab)))
            indptr.append(len(indices))
            right.append(1.0 if is_right else 0.0)
    if not groups or not vocab:
        return ChoiceModel({})
    x = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(len(right), len(vocab)))
    y = np.array(right)
    starts = np.array(offsets)
    group_of = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(right))))

    def loss(w: Any) -> tuple[float, Any]:
        s = x @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[group_of])
        z = np.add.reduceat(e, starts)
        p = e / z[group_of]
        p_right = np.add.reduceat(p * y, starts)
        value = -np.log(np.maximum(p_right, 1e-12)).sum() + (w @ w) / (2 * c)
        q = p * y / np.maximum(p_right[group_of], 1e-12)
        grad = x.T @ (p - q) + w / c
        return float(value), grad

    result = minimize(loss, np.zeros(len(vocab)), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    names = {i: f for f, i in vocab.items()}
    return ChoiceModel({names[i]: float(w) for i, w in enumerate(result.x) if abs(w) >= 1e-4})


ChoiceDecision = tuple[float, bool, bool, str]  # (confidence, chosen right, gold names one, role)


def choice_decisions(model: ChoiceModel, groups: Sequence[Group]) -> list[ChoiceDecision]:
    """Each group's decision at the lowest threshold: the chosen candidate's confidence (0 when "none"
    wins), whether it is right, whether gold names an argument (``missed`` included), the group's role."""
    decisions = []
    for group in groups:
        features = [f for f, _ in group.candidates]
        if group.names is not None and group.spans is not None:
            index, p = pooled_choice(model, features, group.none, group.spans, group.names)
        else:
            index, p = ChoiceModel(model.weights, 0.0).choose(features, group.none, group.spans)
        p *= group.belief
        chosen_right = index is not None and bool(group.candidates[index][1])
        decisions.append((p if index is not None else 0.0, chosen_right, group.has_gold or group.missed, group.role))
    return decisions


def best_threshold_choice(model: ChoiceModel, groups: Sequence[Group], wrong_cost: float = 1.5,
                          tie: float = 0.0) -> float:
    """The threshold that maximises right choices minus ``wrong_cost`` × wrong ones on dev.

    A right abstention (no gold argument, nothing chosen) counts as right; abstaining
    where gold names an argument counts nothing, also when no candidate covers it
    (``missed``: there the abstention is a miss, not a right answer); a wrong phrase
    costs more than a missing one, as the issue asks.

    ``tie``: scores within this share of the groups of the best are a tie, and a tie goes to
    the lowest threshold (more answers at the same score). Without it a flat curve made the
    choice flip on a single group (the actor's threshold between 0.05 and 0.55 on 100 dev
    articles, with the same model saved with rounded weights).
    """
    return choose_choice_threshold(choice_decisions(model, groups), wrong_cost, tie)


def choose_choice_threshold(decisions: Sequence[ChoiceDecision], wrong_cost: float = 1.5,
                            tie: float = 0.0) -> float:
    """:func:`best_threshold_choice` on scored decisions (:func:`choice_decisions`), from one model or
    pooled from several (the held-out folds of train and dev): the tie is a share of the decisions, so
    it scales with the pool."""
    if not decisions:
        return 0.5
    return _choice_from_curve(_choice_curve(decisions, wrong_cost), len(decisions), tie)


CHOICE_GRID = tuple(x / 20 for x in range(1, 19))  # the argument and speaker thresholds' grid


def _choice_curve(decisions: Sequence[ChoiceDecision], wrong_cost: float) -> list[float]:
    """The score of :func:`choose_choice_threshold` at each grid threshold: it adds up over decisions, so a
    resample of dev's articles is scored by summing its articles' curves."""
    curve = []
    for t in CHOICE_GRID:
        score = 0.0
        for p, right, has_gold, _role in decisions:
            if p >= t:
                score += 1.0 if right else -wrong_cost
            else:
                score += 0.0 if has_gold else 1.0
        curve.append(score)
    return curve


def _choice_from_curve(curve: Sequence[float], decisions: int, tie: float) -> float:
    best_score = max(curve)
    return next(t for t, score in zip(CHOICE_GRID, curve, strict=True) if score >= best_score - tie * decisions)


def fit_binary(rows: Sequence[Example], c: float) -> BinaryModel:
    labels = {bool(label) for _, label in rows}
    if labels != {True, False}:  # nothing to learn from: a constant answer
        return BinaryModel({}, 4.0 if True in labels else -4.0)
    meta, model = _fit([(f, bool(label)) for f, label in rows], c)
    sign = 1.0 if bool(model.classes_[1]) else -1.0
    weights = {meta["names"][i]: float(sign * w) for i, w in enumerate(model.coef_[0]) if abs(w) >= 1e-4}
    return BinaryModel(weights, float(sign * model.intercept_[0]))


def binary_decisions(model: BinaryModel, rows: Sequence[Example]) -> list[tuple[float, bool]]:
    return [(model.probability(f), bool(y)) for f, y in rows]


def best_threshold_binary(model: BinaryModel, rows: Sequence[Example]) -> float:
    """The probability from which the answer is yes, chosen for F1 on dev."""
    return choose_binary_threshold(binary_decisions(model, rows))


def choose_binary_threshold(scored: Sequence[tuple[float, bool]]) -> float:
    """:func:`best_threshold_binary` on scored rows (probability, gold answer), from one model or pooled."""
    if not scored:
        return 0.5
    best_t, best_f1 = 0.5, -1.0
    for t in [x / 20 for x in range(2, 19)]:
        tp = sum(1 for p, y in scored if p >= t and y)
        fp = sum(1 for p, y in scored if p >= t and not y)
        fn = sum(1 for p, y in scored if p < t and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best_t, best_f1 = t, f1
    return best_t


def fit_multiclass(rows: Sequence[Example], c: float, labels: Sequence[str] = STATUSES,
                   class_weight: str | None = None) -> MulticlassModel:
    """One weight table per label; labels never seen in training get a prohibitive bias."""
    labels = list(labels)
    present = sorted({str(label) for _, label in rows})
    if len(present) < 2:
        only = present[0] if present else labels[0]
        return MulticlassModel(labels, {s: {} for s in labels}, {s: (5.0 if s == only else 0.0) for s in labels})
    meta, model = _fit(rows, c, multiclass=True, class_weight=class_weight)
    classes = [str(x) for x in model.classes_]
    weights: dict[str, dict[str, float]] = {s: {} for s in labels}
    biases = {s: -10.0 for s in labels}
    if len(classes) == 2:  # scikit-learn keeps one row for two classes
        coef = model.coef_[0]
        weights[classes[1]] = {meta["names"][i]: float(w) for i, w in enumerate(coef) if abs(w) >= 1e-4}
        biases[classes[1]] = float(model.intercept_[0])
        biases[classes[0]] = 0.0
    else:
        for row, label in enumerate(classes):
            weights[label] = {meta["names"][i]: float(w) for i, w in enumerate(model.coef_[row]) if abs(w) >= 1e-4}
            biases[label] = float(model.intercept_[row])
    return MulticlassModel(labels, weights, biases)


PLAIN = "plain"  # the outer label of the status model: neither denied, planned nor hypothetical
MODALITIES = ["denied", "planned", "hypothetical"]


def fit_status(rows: Sequence[Example], c: float) -> NestedModel:
    """The status model in two parts: denied / planned / hypothetical / plain, learned from every event
    (the condition of ``إذا وافقت باريس`` makes it hypothetical inside a quote as outside), and asserted
    or claimed, learned from the plain events (see :class:`NestedModel`). One multiclass model over the
    five statuses had to learn each modality twice, once against "asserted" and once against
    "claimed", from the few conditionals inside quotes."""
    outer = fit_multiclass([(f, y if y in MODALITIES else PLAIN) for f, y in rows], c, [PLAIN, *MODALITIES])
    inner = fit_multiclass([(f, y) for f, y in rows if y not in MODALITIES], c, ["asserted", "claimed"])
    return NestedModel(outer, inner, PLAIN)


# -- thresholds on dev --------------------------------------------------------------------
def proposed_by_rules(features: Sequence[str]) -> bool:
    return "rule=None" not in features


# The trigger thresholds' grid (0.05 … 0.925 by 0.025) and the default neighbourhood, in grid steps either
# side, whose mean F1 scores a pair (0: no smoothing, the lowest edge of the near-best plateau). Round 22
# measured the smoothed choice over twelve retrains with a tenth of the train articles left out
# (tools/threshold_stability.py --triggers-only): ±2 or ±3 steps steady the other words' threshold (standard
# deviation over the retrains 0.047 → 0.032 / 0.025) but not the rules' (0.047 → 0.046 / 0.046), for dev type
# F1 0.4924 → 0.4857 / 0.4886, so the default stays 0 (docs/events.md, Training; `marsad train attribution
# --trigger-radius`). A pair averaged over bootstrap resamples of dev's articles steadies both (0.024 / 0.028):
# :func:`bagged_trigger_thresholds`, the command's default since round 23 (`marsad train attribution --trigger-bags`).
TRIGGER_GRID = tuple(x / 40 for x in range(2, 38))
TRIGGER_RADIUS = 0
# The bagged choice's resamples are drawn from this seed: the same resamples for every retrain, so that a model
# file is reproduced and two retrains differ only by their models' scores.
TRIGGER_BAG_SEED = 1234


def best_threshold_trigger(model: MulticlassModel, rows: Sequence[Example],
                           radius: int = TRIGGER_RADIUS) -> tuple[float, float]:
    """The confidences under which a predicted type is dropped — one for words the rules made an
    event of, one for the other candidates — chosen together for type F1 on dev.

    The dev surface is flat (round 17: the 25 best of the 1,296 pairs lie within 0.005 of F1, a few events
    apart), so one event decides no threshold: among the pairs within one right event of the best F1, the
    rules' threshold is the lowest (a word the rules read as an event keeps the benefit of the doubt, as the
    actor's threshold takes the lowest of its plateau), and the other threshold the best for it. With a
    ``radius``, each pair is scored by the mean F1 of the pairs within ``radius`` grid steps of it instead
    (:func:`choose_trigger_thresholds`)."""
    return choose_trigger_thresholds(trigger_decisions(model, rows), radius=radius)


TriggerDecision = tuple[str, float, str, bool]  # (predicted type, its confidence, gold type, proposed by the rules)
# For the rules' words (True) and the others apart, (right, wrong) predicted types kept at each grid threshold
TriggerCounts = dict[bool, list[tuple[int, int]]]


def trigger_decisions(model: MulticlassModel, rows: Sequence[Example]) -> list[TriggerDecision]:
    if not rows:
        return []
    decisions = event_decisions(model, [f for f, _ in rows])
    return [(*d, str(label), proposed_by_rules(f)) for d, (f, label) in zip(decisions, rows, strict=True)]


def _trigger_counts(scored: Sequence[TriggerDecision]) -> TriggerCounts:
    """For the rules' words and the others apart, (right, wrong) predicted types kept at each grid
    threshold: the two groups are kept by their own threshold, so their counts add up."""
    return {by_rule: [(sum(1 for lab, p, y, r in scored if r == by_rule and p >= t and lab != NO_EVENT
                           and lab == y),
                       sum(1 for lab, p, y, r in scored if r == by_rule and p >= t and lab != NO_EVENT
                           and lab != y)) for t in TRIGGER_GRID]
            for by_rule in (True, False)}


def _gold_events(scored: Sequence[TriggerDecision]) -> int:
    return sum(1 for _, _, y, _ in scored if y != NO_EVENT)


def trigger_surface(scored: Sequence[TriggerDecision]) -> list[list[tuple[float, int, int]]]:
    """Type F1, right and wrong events of every (rules' threshold, other threshold) pair of the grid."""
    return _surface(_trigger_counts(scored), _gold_events(scored))


def _surface(counts: TriggerCounts, gold: int) -> list[list[tuple[float, int, int]]]:
    surface = []
    for rule_tp, rule_fp in counts[True]:
        row = []
        for other_tp, other_fp in counts[False]:
            tp, fp = rule_tp + other_tp, rule_fp + other_fp
            row.append((2 * tp / (tp + fp + gold) if tp else 0.0, tp, fp))
        surface.append(row)
    return surface


def smoothed_surface(surface: Sequence[Sequence[tuple[float, int, int]]], radius: int) -> list[list[float]]:
    """Each pair's F1 averaged over the pairs within ``radius`` grid steps of it (a square, cut at the grid's
    edges)."""
    def mean_around(i: int, j: int) -> float:
        window = [f for row in surface[max(0, i - radius):i + radius + 1]
                  for f, _, _ in row[max(0, j - radius):j + radius + 1]]
        return sum(window) / len(window)

    return [[mean_around(i, j) for j in range(len(row))] for i, row in enumerate(surface)]


def choose_trigger_thresholds(scored: Sequence[TriggerDecision], slack: float = 1.0,
                              radius: int = TRIGGER_RADIUS) -> tuple[float, float]:
    """:func:`best_threshold_trigger` on scored words (:func:`trigger_decisions`), from one model or pooled
    from several. ``radius`` 0 (the default): among the pairs within ``slack`` right events of the best F1
    (one on dev alone; on a pool of held-out train folds and dev, as many as the pool is larger than dev),
    the lowest rules' threshold and the best other threshold for it. ``radius`` over 0: the pair whose
    neighbourhood of ``radius`` grid steps either side has the best mean F1 (``slack`` unused; on a tie the
    lower rules' threshold, then the lower other one)."""
    return _choose_from_counts(_trigger_counts(scored), _gold_events(scored), slack, radius)


def _choose_from_counts(counts: TriggerCounts, gold: int, slack: float, radius: int) -> tuple[float, float]:
    """:func:`choose_trigger_thresholds` on the words' counts at each grid threshold (counts add up over
    articles: a resample of dev is chosen on without scoring its rows again)."""
    surface = _surface(counts, gold)
    _best_f1, best_tp, best_fp = max((cell for row in surface for cell in row), key=lambda c: c[0])
    if best_tp < 1:
        return 0.5, 0.5
    if radius > 0:
        smooth = smoothed_surface(surface, radius)
        # rounded: the same mean summed in another order must tie, not win by a last bit
        _, i, j = max((round(v, 9), -i, -j) for i, row in enumerate(smooth) for j, v in enumerate(row))
        return TRIGGER_GRID[-i], TRIGGER_GRID[-j]
    # the best pair's F1 with ``slack`` right events fewer
    floor = 2 * (best_tp - slack) / (best_tp + best_fp + gold)
    near = [(f, TRIGGER_GRID[i], TRIGGER_GRID[j]) for i, row in enumerate(surface)
            for j, (f, _, _) in enumerate(row) if f >= floor]
    t_rule = min(r[1] for r in near)
    _f1, _, t_other = max((r for r in near if r[1] == t_rule), key=lambda r: r[0])
    return t_rule, t_other


def spread(values: Sequence[float]) -> dict[str, float]:
    """How far the thresholds chosen on the resamples spread: mean, standard deviation, least and most."""
    mean = sum(values) / len(values) if values else 0.0
    sd = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 if values else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "min": min(values, default=0.0),
            "max": max(values, default=0.0)}


@dataclass(frozen=True, slots=True)
class BaggedTriggers:
    """The trigger pair averaged over bootstrap resamples, and each resample's own pair."""

    pair: tuple[float, float]
    pairs: tuple[tuple[float, float], ...]
    seed: int

    def summary(self) -> dict[str, Any]:
        """What a model file's metadata records: the resamples and how far their pairs spread."""
        out: dict[str, Any] = {"bags": len(self.pairs), "seed": self.seed}
        for key, k in (("trigger_rules", 0), ("trigger", 1)):
            out[key] = spread([p[k] for p in self.pairs])
        return out


_Row = TypeVar("_Row")


def by_article(scored: Sequence[_Row], sizes: Sequence[int]) -> tuple[list[list[_Row]], list[_Row]]:
    """Dev's scored trigger words (or argument decisions) cut into its articles (``sizes``:
    :attr:`Examples.trigger_articles`, :attr:`Examples.argument_articles`) and the rows after them (the pooled
    corpora's, which no resample leaves out)."""
    if sum(sizes) > len(scored):
        raise ValueError(f"{sum(sizes)} rows by article, only {len(scored)} scored")
    groups, start = [], 0
    for size in sizes:
        groups.append(list(scored[start:start + size]))
        start += size
    return groups, list(scored[start:])


def bagged_trigger_thresholds(articles: Sequence[Sequence[TriggerDecision]], fixed: Sequence[TriggerDecision],
                              bags: int, slack: float = 1.0, radius: int = TRIGGER_RADIUS,
                              seed: int = TRIGGER_BAG_SEED) -> BaggedTriggers:
    """The trigger pair averaged over ``bags`` bootstrap resamples of ``articles`` (each an article's scored
    words; ``fixed``: rows in every resample), each resample's pair chosen by :func:`choose_trigger_thresholds`,
    the mean put on the grid (the nearer point; the lower one on a tie). The resamples are drawn by article from
    ``seed``: the same for every model. Round 22: over perturbed retrains the pair's standard deviation halves
    (0.047 → 0.024 for the rules' threshold, 0.047 → 0.028 for the other one), as no single edge of dev's
    plateau decides it."""
    if bags < 1 or not articles:
        pair = choose_trigger_thresholds([*(row for a in articles for row in a), *fixed], slack, radius)
        return BaggedTriggers(pair, (), seed)
    counts = [_trigger_counts(a) for a in articles]
    golds = [_gold_events(a) for a in articles]
    fixed_counts, fixed_gold = _trigger_counts(fixed), _gold_events(fixed)
    pairs = []
    for picked in bootstrap_resamples(len(articles), bags, seed):
        pairs.append(_choose_from_counts(_summed([counts[k] for k in picked], fixed_counts),
                                         fixed_gold + sum(golds[k] for k in picked), slack, radius))
    return BaggedTriggers((_on_grid(sum(p[0] for p in pairs) / bags), _on_grid(sum(p[1] for p in pairs) / bags)),
                          tuple(pairs), seed)


def bootstrap_resamples(articles: int, bags: int, seed: int = TRIGGER_BAG_SEED) -> list[list[int]]:
    """``bags`` bootstrap resamples (drawn with replacement, as many as there are) of ``articles`` article
    indices, from ``seed``: the trigger pair's and the argument thresholds' bagging draw them alike."""
    rng = random.Random(seed)
    return [[rng.randrange(articles) for _ in range(articles)] for _ in range(bags)]


@dataclass(frozen=True, slots=True)
class BaggedArguments:
    """The argument thresholds (all roles together, then by role) averaged over bootstrap resamples, and each
    resample's own."""

    threshold: float
    by_role: dict[str, float]
    chosen: tuple[dict[str, float], ...]  # per resample: "all" and each role
    seed: int

    def summary(self) -> dict[str, Any]:
        """What a model file's metadata records: the resamples and how far their thresholds spread."""
        out: dict[str, Any] = {"bags": len(self.chosen), "seed": self.seed}
        for key in ("all", *ROLES):
            out[key] = spread([c[key] for c in self.chosen])
        return out


def bagged_argument_thresholds(articles: Sequence[Sequence[ChoiceDecision]], fixed: Sequence[ChoiceDecision],
                               bags: int, wrong_cost: float, tie: float,
                               seed: int = TRIGGER_BAG_SEED) -> BaggedArguments:
    """The argument thresholds (all roles, then each of :data:`ROLES`) averaged over ``bags`` bootstrap
    resamples of ``articles`` (each an article's scored groups; ``fixed``: in every resample), each chosen by
    :func:`choose_choice_threshold`, the mean put on its grid (the nearer point; the lower one on a tie). 0
    bags: chosen once on all the decisions, as without bagging."""
    keys = ("all", *ROLES)

    def of(key: str, decisions: Sequence[ChoiceDecision]) -> list[ChoiceDecision]:
        return list(decisions) if key == "all" else [d for d in decisions if d[3] == key]

    everything = [*(d for a in articles for d in a), *fixed]
    if bags < 1 or not articles:
        once = {key: choose_choice_threshold(of(key, everything), wrong_cost, tie) for key in keys}
        return BaggedArguments(once["all"], {role: once[role] for role in ROLES}, (), seed)
    # the curves add up: each article's (and the fixed rows') once, each resample's summed
    curves = {key: [_choice_curve(of(key, a), wrong_cost) for a in articles] for key in keys}
    sizes = {key: [len(of(key, a)) for a in articles] for key in keys}
    fixed_curves = {key: _choice_curve(of(key, fixed), wrong_cost) for key in keys}
    chosen = []
    for picked in bootstrap_resamples(len(articles), bags, seed):
        one = {}
        for key in keys:
            n = len(of(key, fixed)) + sum(sizes[key][k] for k in picked)
            curve = [sum(col) for col in zip(fixed_curves[key], *(curves[key][k] for k in picked), strict=True)]
            one[key] = _choice_from_curve(curve, n, tie) if n else 0.5
        chosen.append(one)
    mean = {key: _on_choice_grid(sum(c[key] for c in chosen) / bags) for key in keys}
    return BaggedArguments(mean["all"], {role: mean[role] for role in ROLES}, tuple(chosen), seed)


def _on_choice_grid(value: float) -> float:
    return min(CHOICE_GRID, key=lambda t: abs(t - value))


def _summed(picked: Sequence[TriggerCounts], start: TriggerCounts) -> TriggerCounts:
    out = {by_rule: [list(cell) for cell in cells] for by_rule, cells in start.items()}
    for counts in picked:
        for by_rule, cells in counts.items():
            for total, (right, wrong) in zip(out[by_rule], cells, strict=True):
                total[0] += right
                total[1] += wrong
    return {by_rule: [(right, wrong) for right, wrong in cells] for by_rule, cells in out.items()}


def _on_grid(value: float) -> float:
    return min(TRIGGER_GRID, key=lambda t: abs(t - value))


# The coreference model's probability from which a re-mention merges although its actor or target
# differs from the earlier event's. Chosen on dev among 0.5 / 0.6 / 0.7 / 0.8 (never: duplicates 5.0 %,
# 0.7: 4.3 %, type and type+actor F1 a little higher; 0.5: 2.9 %, but type+actor F1 0.31 → 0.30, as
# distinct visits and calls of one type are merged).
COREF_THRESHOLD_CONFLICTING = 0.7

# Where the rules read an event as claimed by a source they found and an accusation, denial, threat or
# request word scopes it, the margin by which the status model's "asserted" must beat "claimed" to
# overrule them (see extract.decide_status). On dev no matched event meets the condition at any margin
# (status 0.714 for 0, 0.1, 0.2, 0.3, 0.5, 1.0); on train 0 … 0.5 keep 877/1021 and 1.0 loses one:
# 0.5, the largest margin that lowers neither.
STATUS_RULE_MARGIN = 0.5

ARGUMENT_TIE = 0.01  # see best_threshold_choice: one dev group in a hundred decides no threshold
TRIGGER_LABELS = [NO_EVENT, "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]


def threshold_summary(models: AttributionModels) -> dict[str, Any]:
    """The decision thresholds of trained models, as a model file's metadata records them."""
    return {"trigger": models.trigger_threshold, "trigger_rules": models.trigger_threshold_rules,
            "argument": models.argument.threshold, "argument_by_role": models.argument_thresholds,
            "cue": models.cue.threshold if models.cue else None, "cue_rules": models.cue_threshold_rules,
            "coref": models.coref.threshold if models.coref else None,
            "coref_conflicting": models.coref_threshold_conflicting, "speaker": models.speaker.threshold}


def train(train: Examples, dev: Examples, vocabulary: dict[str, tuple[str, ...]], c: float = 0.5,
          wrong_cost: float = 1.5, cue_vocabulary: frozenset[str] = frozenset(),
          argument_wrong_cost: float = 0.5, speaker_groups: Sequence[Group] | None = None,
          held_out: Decisions | None = None, trigger_radius: int = TRIGGER_RADIUS, trigger_bags: int = 0,
          trigger_report: dict[str, Any] | None = None, argument_bags: int = 0,
          argument_report: dict[str, Any] | None = None) -> AttributionModels:
    """``wrong_cost`` for speakers, ``argument_wrong_cost`` for actors and targets: how much worse a
    wrong phrase is than none when the abstention thresholds are chosen on dev. ``speaker_groups``:
    the speaker model's training groups, if not ``train.speaker`` (see :func:`speaker_groups_by_guess`).
    ``held_out``: the train folds' held-out decisions (:mod:`marsad.train.threshold_folds`), pooled with
    dev's to choose the trigger, argument, cue and coreference thresholds on; without them, dev alone.
    ``trigger_radius``: see :func:`choose_trigger_thresholds`. ``trigger_bags`` over 0: the trigger pair is
    averaged over that many bootstrap resamples of dev's articles (:func:`bagged_trigger_thresholds`; the pooled
    corpora's dev rows and the held-out train folds' in every resample), and ``trigger_report`` (when given)
    receives the resamples' spread (:meth:`BaggedTriggers.summary`). ``argument_bags`` over 0: the argument
    thresholds likewise over resamples of dev's argument groups by article (:func:`bagged_argument_thresholds`),
    their spread into ``argument_report``."""
    trigger = fit_multiclass(train.trigger, c, TRIGGER_LABELS)
    argument = fit_choice(train.argument, c)
    status = fit_status(train.status, c)
    speaker = fit_choice(train.speaker if speaker_groups is None else speaker_groups, c)
    speaker.threshold = best_threshold_choice(speaker, dev.speaker, wrong_cost)
    cue = fit_binary([*train.cue, *train.cue_rules], c)
    coref = fit_binary(train.coref, c)
    dev_triggers = trigger_decisions(trigger, dev.trigger)
    triggers = dev_triggers
    dev_arguments = choice_decisions(argument, dev.argument)
    cues, rule_cues = binary_decisions(cue, dev.cue), binary_decisions(cue, dev.cue_rules)
    corefs = binary_decisions(coref, dev.coref)
    slack = 1.0  # right events within which trigger thresholds tie: one on dev, as many as the pool is larger
    if held_out is not None:
        dev_gold = sum(1 for _, _, y, _ in triggers if y != NO_EVENT)
        triggers = [*held_out.trigger, *triggers]
        pooled_gold = sum(1 for _, _, y, _ in triggers if y != NO_EVENT)
        slack = max(1.0, pooled_gold / dev_gold) if dev_gold else 1.0
        cues, rule_cues = [*held_out.cue, *cues], [*held_out.cue_rules, *rule_cues]
        corefs = [*held_out.coref, *corefs]
    # actors and targets abstain at their own thresholds: the same doubt costs differently for each
    dev_groups, dev_other = by_article(dev_arguments, dev.argument_articles)
    bagged = bagged_argument_thresholds(dev_groups, [*(held_out.argument if held_out is not None else []),
                                                     *dev_other], argument_bags, argument_wrong_cost, ARGUMENT_TIE)
    argument.threshold, role_thresholds = bagged.threshold, bagged.by_role
    if argument_report is not None and argument_bags:
        argument_report.update(bagged.summary())
    dev_articles, dev_rest = by_article(dev_triggers, dev.trigger_articles)
    chosen = bagged_trigger_thresholds(dev_articles, [*(held_out.trigger if held_out is not None else []), *dev_rest],
                                       trigger_bags, slack, trigger_radius)
    rule_threshold, other_threshold = chosen.pair
    if trigger_report is not None and trigger_bags:
        trigger_report.update(chosen.summary())
    cue.threshold = choose_binary_threshold(cues)
    cue_threshold_rules = choose_binary_threshold(rule_cues)
    coref.threshold = choose_binary_threshold(corefs)
    return AttributionModels(trigger, argument, status, speaker, vocabulary, other_threshold,
                             trigger_threshold_rules=rule_threshold, cue=cue, cue_vocabulary=cue_vocabulary,
                             coref=coref, cue_threshold_rules=cue_threshold_rules,
                             argument_thresholds=role_thresholds,
                             coref_threshold_conflicting=COREF_THRESHOLD_CONFLICTING,
                             status_rule_margin=STATUS_RULE_MARGIN)


def save(models: AttributionModels, path: Path, meta: dict[str, Any]) -> None:
    data = {
        "format": "marsad-attribution-model/1",
        "created": dt.date.today().isoformat(),
        **meta,
        "vocabulary": {k: list(v) for k, v in models.vocabulary.items()},
        "cue_vocabulary": sorted(models.cue_vocabulary),
        "models": {"trigger": {**models.trigger.to_dict(), "threshold": models.trigger_threshold,
                               "threshold_rules": models.trigger_threshold_rules},
                   "argument": {**models.argument.to_dict(),
                                **({"role_thresholds": models.argument_thresholds}
                                   if models.argument_thresholds else {})},
                   "status": {**models.status.to_dict(), "rule_margin": models.status_rule_margin},
                   "speaker": models.speaker.to_dict(),
                   **({"cue": {**models.cue.to_dict(), "threshold_rules": models.cue_threshold_rules}}
                      if models.cue is not None else {}),
                   **({"coref": {**models.coref.to_dict(),
                                 **({"threshold_conflicting": models.coref_threshold_conflicting}
                                    if models.coref_threshold_conflicting is not None else {})}}
                      if models.coref is not None else {})},
    }
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
