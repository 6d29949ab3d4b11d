"""SpanIndex answers as a scan of every span would (it only looks at fewer of them)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marsad.text.spans import SpanIndex

_span = st.tuples(st.integers(0, 60), st.integers(0, 25)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(_span, max_size=30), st.lists(_span, max_size=10), _span)
def test_answers_equal_a_scan_of_every_span(initial: list[tuple[int, int]], added: list[tuple[int, int]],
                                            query: tuple[int, int]) -> None:
    index = SpanIndex(initial)
    for start, end in added:
        index.add(start, end)
    spans = initial + added
    start, end = query
    assert index.overlapping(start, end) == sorted(
        (k for k, (s, e) in enumerate(spans) if s < end and start < e),
        key=lambda k: (spans[k], k),
    )
    assert index.overlaps(start, end) == any(s < end and start < e for s, e in spans)
    assert index.contains(start, end) == any(s <= start and end <= e for s, e in spans)
    assert index.exact(start, end) == (query in spans)
    assert len(index) == len(spans)


def test_a_long_span_is_found_from_far_inside_it() -> None:
    index = SpanIndex([(0, 1000), (5, 6)])
    assert index.contains(900, 950) and index.overlapping(999, 1005) == [0]
    assert not index.overlaps(1000, 2000)
