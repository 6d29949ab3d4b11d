"""The values an event filter or a review may take, checked one way for the CLI and the API.

PLOVER types and statuses are the output contract; countries are ISO 3166 codes, also
given by English or Arabic name (``Syria``, ``سوريا`` → ``SY``). An unknown value raises
:class:`UnknownChoice` with the valid choices, so that a typo never silently means
"no events match".
"""

from __future__ import annotations

import difflib

from marsad.errors import MarsadError

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STATUSES = ("asserted", "claimed", "denied", "planned", "hypothetical")


class UnknownChoice(MarsadError, ValueError):
    """A filter value outside its vocabulary; ``choices`` lists the valid ones (empty for countries,
    which are too many to list: the message says how to give one)."""

    def __init__(self, option: str, value: str, message: str, choices: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.option, self.value, self.choices = option, value, choices


def _unknown(option: str, value: str, choices: tuple[str, ...], *, suggest: bool = True) -> UnknownChoice:
    close = difflib.get_close_matches(value.upper(), [c.upper() for c in choices], n=1) if suggest else []
    hint = f" (did you mean {next(c for c in choices if c.upper() == close[0])}?)" if close else ""
    return UnknownChoice(option, value, f"{value!r} is not a known {option}{hint}; valid: {', '.join(choices)}",
                         choices)


def event_type(value: str) -> str:
    """A PLOVER event type in any case, as the store keeps it (upper case)."""
    if value.strip().upper() not in EVENT_TYPES:
        raise _unknown("event type", value, EVENT_TYPES)
    return value.strip().upper()


def status(value: str) -> str:
    """An event status the pipeline gives (lower case)."""
    if value.strip().lower() not in STATUSES:
        # No spelling hint: a near spelling is not a near meaning ("confirmed" is not "claimed").
        raise _unknown("status", value, STATUSES, suggest=False)
    return value.strip().lower()


def country_code(value: str) -> str:
    """The ISO 3166 code of a country given by code (SY, sy), English name (Syria) or Arabic name (سوريا)."""
    from marsad.ner.actors import countries
    from marsad.text.normalize import normalize

    wanted = value.strip()
    folded = normalize(wanted).casefold()
    for country in countries():
        names = (country.id, country.canonical, *country.names)
        if any(normalize(name).casefold() == folded for name in names):
            return country.id
    by_name = {c.canonical: c.id for c in countries()}
    close = difflib.get_close_matches(wanted.title(), list(by_name), n=3)
    hint = f" (did you mean {', '.join(f'{name} ({by_name[name]})' for name in close)}?)" if close else ""
    raise UnknownChoice("country", value,
                        f"{value!r} is not a known country{hint}; give an ISO 3166 code (SY) or a name (Syria, سوريا)")
