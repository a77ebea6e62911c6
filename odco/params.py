"""Integers typed into a URL or posted by a form: ids, years.

`str.isdigit()` is not enough: it accepts digits `int()` refuses ("²") and numbers no column
can hold (SQLite's INTEGER and PostgreSQL's bigint stop at 2**63 - 1, and SQLite raises
OverflowError beyond). Such values are invalid input like any other, never a server error.
"""

MAX_ID = 2**63 - 1


def id_param(value) -> int | None:
    """A primary key from a query string or a form: ASCII digits naming a storable id, else None."""
    text = str(value if value is not None else "").strip()
    if text.isascii() and text.isdigit():
        number = int(text)
        if 0 < number <= MAX_ID:
            return number
    return None


def id_params(values) -> list[int]:
    """The valid ids among `values` (e.g. `request.POST.getlist("id")`), in order."""
    return [number for number in map(id_param, values) if number is not None]
