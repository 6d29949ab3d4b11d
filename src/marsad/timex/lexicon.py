"""The time-expression lexicon: month, weekday, number and unit words, loaded once.

All forms are keyed by their normalised spelling (the matching view folds
hamza/alef, ة→ه, ى→ي), so the grammar can match ``doc.matching`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from marsad.resources import read_tsv_dicts, read_yaml
from marsad.text.normalize import normalize


def _norm(form: str) -> str:
    return " ".join(normalize(str(form)).split())


def _norm_list(values: Any) -> frozenset[str]:
    return frozenset(_norm(v) for v in values or [])


def _norm_numbers(values: Any) -> dict[str, int]:
    return {_norm(k): int(v) for k, v in (values or {}).items()}


def _norm_months(values: Any) -> dict[str, tuple[int, int]]:
    return {_norm(k): (int(v[0]), int(v[1])) for k, v in dict(values).items()}


def _as_date(value: Any) -> date:
    # YAML reads 2001-09-11 as a date already; a quoted string is parsed.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass(frozen=True, slots=True)
class Lexicon:
    months: dict[str, int]  # Gregorian month form -> 1..12
    month_families: dict[str, str]  # form -> msa / levantine / egyptian / maghrebi / ...
    ambiguous_months: frozenset[str]
    hijri_months: dict[str, int]
    ambiguous_hijri_months: frozenset[str]
    hijri_months_needing_shahr: frozenset[str]
    hijri_months_after_part: frozenset[str]
    this_year_phrases: tuple[str, ...]
    this_year_month_cues: frozenset[str]
    weekdays: dict[str, int]  # form -> ISO weekday, 0 = Monday
    ambiguous_weekdays: frozenset[str]
    cardinals: dict[str, int]
    ordinals: dict[str, int]
    units: dict[str, tuple[str, str]]  # form -> (unit, count: "1" | "2" | "n")
    day_words: dict[str, int]
    day_words_with_weekday: frozenset[str]
    day_word_lookalikes: frozenset[str]
    tomorrow: str
    tomorrow_verb_previous: frozenset[str]
    tomorrow_adverbs_next: frozenset[str]
    morrow: str
    morrow_blocked_by_previous: frozenset[str]
    morrow_heads: frozenset[str]
    morrow_event_heads: frozenset[str]
    ago_approximate_next: frozenset[str]
    today: str
    today_blocked_by_next: frozenset[str]
    today_blocked_by_previous: frozenset[str]
    today_generic_heads: frozenset[str]
    today_clause_conjunctions: frozenset[str]
    this_day_blocked_by_previous: frozenset[str]
    today_event_verb_prefixes: frozenset[str]
    today_event_verb_suffixes: frozenset[str]
    then_word: str
    then_blocked_by_previous: frozenset[str]
    then_blocked_by_next: frozenset[str]
    parts_of_day: frozenset[str]
    name_quotes: frozenset[str]
    title_closers: str
    directions: dict[str, int]
    pair_directions: frozenset[str]
    bc_marks: frozenset[str]
    this_words: frozenset[str]
    ago_words: frozenset[str]
    forward_words: frozenset[str]
    from_now_next: frozenset[str]
    from_now_skip: frozenset[str]
    future_count_blocked_by_next: frozenset[str]
    span_words: frozenset[str]
    month_cues: frozenset[str]
    month_parts: frozenset[str]
    forward_month_cues: frozenset[str]
    month_only_cues: frozenset[str]
    since_cues: frozenset[str]
    year_words: frozenset[str]
    gregorian_era: frozenset[str]
    early_gregorian_era: frozenset[str]
    hijri_era: frozenset[str]
    range_from: frozenset[str]
    range_to: frozenset[str]
    day_range_links: frozenset[str]
    date_move_cues: frozenset[str]
    period_cues: frozenset[str]
    period_end_parts: frozenset[str]
    date_links: frozenset[str]
    week_start: int
    gregorian_years: tuple[int, int]
    hijri_years: tuple[int, int]
    two_blocked_by_previous: frozenset[str]
    two_blocked_by_next: frozenset[str]
    two_subject_before: frozenset[str]
    bare_years: tuple[int, int]
    weekday_blocked_by_next: frozenset[str]
    weekday_blocked_by_previous: frozenset[str]
    agent_markers: tuple[str, ...]
    ordinal_day_blocked_by_previous: frozenset[str]
    year_quarters: dict[str, tuple[int, int]]  # form -> (first month, last month)
    year_halves: dict[str, tuple[int, int]]
    year_quarters_with_year: dict[str, tuple[int, int]]
    year_month_edges: dict[str, int]
    year_part_blocked_by_next: frozenset[str]
    year_cues: frozenset[str]
    name_year_cues: frozenset[str]
    not_year_after: frozenset[str]
    year_thousands: dict[str, int]
    year_hundreds: dict[str, int]
    year_tens: dict[str, int]
    named_days: dict[str, date]
    named_day_cues: frozenset[str]
    date_name_heads: frozenset[str]
    idioms: frozenset[str]
    future_cues: frozenset[str]
    number_heads: frozenset[str]
    one_words: frozenset[str]
    scheduling_verbs: frozenset[str]
    recurring_next: frozenset[str]
    same_month: frozenset[str]
    month_edge_units: dict[str, int]
    month_edges: dict[str, int]
    recurring_previous: frozenset[str]
    last_of_directions: frozenset[str]
    hijri_month_epithets: frozenset[str]
    hijri_cycle_to: frozenset[str]
    hijri_cycle_edges: frozenset[str]
    hijri_generic_followers: frozenset[str]
    hijri_generic_leads: frozenset[str]
    habitual_cues: frozenset[str]
    clause_complementizers: frozenset[str]
    times_read_boilerplate: frozenset[str]
    narrative_start_cues: frozenset[str]
    year_list_links: frozenset[str]
    our_noun_prepositions: frozenset[str]
    we_verb_relatives: frozenset[str]
    we_verb_prefix: str
    today_compared_next: tuple[str, ...]
    today_compared_previous: frozenset[str]
    object_suffixes: tuple[str, ...]
    today_no_longer: frozenset[str]
    today_no_longer_words: int


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    months: dict[str, int] = {}
    families: dict[str, str] = {}
    for name in ("time_months_babel.tsv", "time_months.tsv"):
        for row in read_tsv_dicts(name):
            form = _norm(row["form"])
            months.setdefault(form, int(row["month"]))
            families.setdefault(form, row["family"])
    hijri = {_norm(row["form"]): int(row["month"]) for row in read_tsv_dicts("time_hijri_months.tsv")}
    weekdays: dict[str, int] = {}
    ambiguous_weekdays: set[str] = set()
    for row in read_tsv_dicts("time_weekdays.tsv"):
        form = _norm(row["form"])
        weekdays[form] = int(row["weekday"])
        if row["ambiguous"].strip() == "1":
            ambiguous_weekdays.add(form)
    cardinals: dict[str, int] = {}
    ordinals: dict[str, int] = {}
    for row in read_tsv_dicts("time_numbers.tsv"):
        table = ordinals if row["kind"] == "ordinal" else cardinals
        table[_norm(row["form"])] = int(row["value"])
    units = {_norm(row["form"]): (row["unit"], row["count"]) for row in read_tsv_dicts("time_units.tsv")}
    data: dict[str, Any] = read_yaml("time_lexicon.yaml")
    g_low, g_high = data["gregorian_years"]
    h_low, h_high = data["hijri_years"]
    b_low, b_high = data["bare_years"]
    return Lexicon(
        months=months,
        month_families=families,
        ambiguous_months=_norm_list(data["ambiguous_months"]),
        hijri_months=hijri,
        ambiguous_hijri_months=_norm_list(data["ambiguous_hijri_months"]),
        hijri_months_needing_shahr=_norm_list(data["hijri_months_needing_shahr"]),
        hijri_months_after_part=_norm_list(data["hijri_months_after_part"]),
        this_year_phrases=tuple(sorted(_norm_list(data["this_year_phrases"]))),
        this_year_month_cues=_norm_list(data["this_year_month_cues"]),
        weekdays=weekdays,
        ambiguous_weekdays=frozenset(ambiguous_weekdays),
        cardinals=cardinals,
        ordinals=ordinals,
        units=units,
        day_words={_norm(k): int(v) for k, v in data["day_words"].items()},
        day_words_with_weekday=_norm_list(data["day_words_with_weekday"]),
        tomorrow=_norm(data["tomorrow"]),
        tomorrow_verb_previous=_norm_list(data["tomorrow_verb_previous"]),
        tomorrow_adverbs_next=_norm_list(data["tomorrow_adverbs_next"]),
        morrow=_norm(data["morrow"]),
        morrow_blocked_by_previous=_norm_list(data["morrow_blocked_by_previous"]),
        morrow_heads=_norm_list(data["morrow_heads"]),
        morrow_event_heads=_norm_list(data["morrow_event_heads"]),
        day_word_lookalikes=_norm_list(data["day_word_lookalikes"]),
        ago_approximate_next=_norm_list(data["ago_approximate_next"]),
        today=_norm("اليوم"),
        today_blocked_by_next=_norm_list(data["today_blocked_by_next"]),
        today_blocked_by_previous=_norm_list(data["today_blocked_by_previous"]),
        today_generic_heads=_norm_list(data["today_generic_heads"]),
        today_clause_conjunctions=_norm_list(data["today_clause_conjunctions"]),
        this_day_blocked_by_previous=_norm_list(data["this_day_blocked_by_previous"]),
        today_event_verb_prefixes=_norm_list(data["today_event_verb_prefixes"]),
        today_event_verb_suffixes=_norm_list(data["today_event_verb_suffixes"]),
        then_word=_norm(str(data["then_word"])),
        then_blocked_by_previous=_norm_list(data["then_blocked_by_previous"]),
        then_blocked_by_next=_norm_list(data["then_blocked_by_next"]),
        parts_of_day=_norm_list(data["parts_of_day"]),
        name_quotes=frozenset(str(data["name_quotes"])),
        title_closers=str(data["title_closers"]),
        directions={_norm(k): int(v) for k, v in data["directions"].items()},
        pair_directions=_norm_list(data["pair_directions"]),
        bc_marks=_norm_list(data["bc_marks"]),
        this_words=_norm_list(data["this_words"]),
        ago_words=_norm_list(data["ago_words"]),
        forward_words=_norm_list(data["forward_words"]),
        from_now_next=_norm_list(data["from_now_next"]),
        from_now_skip=_norm_list(data["from_now_skip"]),
        future_count_blocked_by_next=_norm_list(data["future_count_blocked_by_next"]),
        span_words=_norm_list(data["span_words"]),
        month_cues=_norm_list(data["month_cues"]),
        month_parts=_norm_list(data["month_parts"]),
        forward_month_cues=_norm_list(data["forward_month_cues"]),
        month_only_cues=_norm_list(data["month_only_cues"]),
        since_cues=_norm_list(data["since_cues"]),
        year_words=_norm_list(data["year_words"]),
        gregorian_era=_norm_list(data["gregorian_era"]),
        early_gregorian_era=_norm_list(data["early_gregorian_era"]),
        hijri_era=_norm_list(data["hijri_era"]),
        range_from=_norm_list(data["range_from"]),
        range_to=_norm_list(data["range_to"]),
        day_range_links=_norm_list(data["day_range_links"]),
        date_move_cues=_norm_list(data["date_move_cues"]),
        period_cues=_norm_list(data["period_cues"]),
        period_end_parts=_norm_list(data["period_end_parts"]),
        date_links=_norm_list(data["date_links"]),
        week_start=int(data["week_start"]),
        gregorian_years=(int(g_low), int(g_high)),
        hijri_years=(int(h_low), int(h_high)),
        two_blocked_by_previous=_norm_list(data["two_blocked_by_previous"]),
        two_blocked_by_next=_norm_list(data["two_blocked_by_next"]),
        two_subject_before=_norm_list(data["two_subject_before"]),
        bare_years=(int(b_low), int(b_high)),
        weekday_blocked_by_next=_norm_list(data["weekday_blocked_by_next"]),
        weekday_blocked_by_previous=_norm_list(data["weekday_blocked_by_previous"]),
        agent_markers=tuple(sorted(_norm_list(data["agent_markers"]))),
        ordinal_day_blocked_by_previous=_norm_list(data["ordinal_day_blocked_by_previous"]),
        year_quarters=_norm_months(data["year_quarters"]),
        year_halves=_norm_months(data["year_halves"]),
        year_quarters_with_year=_norm_months(data["year_quarters_with_year"]),
        year_month_edges=_norm_numbers(data["year_month_edges"]),
        year_part_blocked_by_next=_norm_list(data["year_part_blocked_by_next"]),
        year_cues=_norm_list(data["year_cues"]),
        name_year_cues=_norm_list(data["name_year_cues"]),
        not_year_after=_norm_list(data["not_year_after"]),
        year_thousands=_norm_numbers(data["year_thousands"]),
        year_hundreds=_norm_numbers(data["year_hundreds"]),
        year_tens=_norm_numbers(data["year_tens"]),
        named_days={_norm(k): _as_date(v) for k, v in data["named_days"].items()},
        named_day_cues=_norm_list(data["named_day_cues"]),
        date_name_heads=_norm_list(data["date_name_heads"]),
        idioms=_norm_list(data["idioms"]),
        future_cues=_norm_list(data["future_cues"]),
        number_heads=_norm_list(data["number_heads"]),
        one_words=_norm_list(data["one_words"]),
        scheduling_verbs=_norm_list(data["scheduling_verbs"]),
        recurring_next=_norm_list(data["recurring_next"]),
        same_month=_norm_list(data["same_month"]),
        month_edge_units=_norm_numbers(data["month_edge_units"]),
        month_edges=_norm_numbers(data["month_edges"]),
        recurring_previous=_norm_list(data["recurring_previous"]),
        last_of_directions=_norm_list(data["last_of_directions"]),
        hijri_month_epithets=_norm_list(data["hijri_month_epithets"]),
        hijri_cycle_to=_norm_list(data["hijri_cycle_to"]),
        hijri_cycle_edges=_norm_list(data["hijri_cycle_edges"]),
        hijri_generic_followers=_norm_list(data["hijri_generic_followers"]),
        hijri_generic_leads=_norm_list(data["hijri_generic_leads"]),
        habitual_cues=_norm_list(data["habitual_cues"]),
        clause_complementizers=_norm_list(data["clause_complementizers"]),
        # boilerplate kinds are names, not Arabic words: kept as written
        times_read_boilerplate=frozenset(data["times_read_boilerplate"]),
        narrative_start_cues=_norm_list(data["narrative_start_cues"]),
        year_list_links=_norm_list(data["year_list_links"]),
        our_noun_prepositions=_norm_list(data["our_noun_prepositions"]),
        we_verb_relatives=_norm_list(data["we_verb_relatives"]),
        we_verb_prefix=_norm(str(data["we_verb_prefix"])),
        today_compared_next=tuple(sorted(_norm_list(data["today_compared_next"]))),
        today_compared_previous=_norm_list(data["today_compared_previous"]),
        object_suffixes=tuple(sorted(_norm_list(data["object_suffixes"]), key=len, reverse=True)),
        today_no_longer=_norm_list(data["today_no_longer"]),
        today_no_longer_words=int(data["today_no_longer_words"]),
    )
