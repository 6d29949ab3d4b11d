"""Country adjectives (``data/geo_nisba.tsv``: تركي, التركية …), read once for every layer that needs them.

The places stage reads them to tell a town's country (``سروج التركية``) from a club's (``توتنهام
الإنجليزي``), the entity stage to leave a club's country out of its name before a score
(``إشبيلية الإسباني 3 - صفر``): one reading here, below both.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.resources import read_tsv_dicts
from marsad.text.normalize import normalize


@lru_cache(maxsize=1)
def nisba_words() -> dict[str, str]:
    """Country adjective (normalised; masculine, feminine, with and without the article) → ISO code."""
    found: dict[str, str] = {}
    for row in read_tsv_dicts("geo_nisba.tsv"):
        for adjective in row["adjectives"].split("|"):
            base = normalize(adjective)
            for form in (base, base + "ه"):
                found[form] = found["ال" + form] = row["iso2"]
    return found
