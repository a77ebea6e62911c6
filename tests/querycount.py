"""Query-count helpers: a page must make the same number of queries at two data sizes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(ctx.captured_queries), response


def assert_same_query_count(client, url, grow, *, small=10, large=200, limit=25):
    """`grow(n)` adds data until there are n rows; the count must not change and stay ≤ limit."""
    grow(small)
    at_small, _ = count_queries(client, url)
    grow(large)
    at_large, _ = count_queries(client, url)
    assert at_small == at_large, f"{url}: {at_small} queries at {small} rows, {at_large} at {large}"
    assert at_large <= limit, f"{url}: {at_large} queries (budget {limit})"
    return at_large
