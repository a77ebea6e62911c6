"""The permission table: every view registers rows of (URL, role) -> expected status.

Rows live next to each area's tests in `tests/**/permission_rows.py`; the test in
`tests/test_permission_table.py` runs each row for every role and for anonymous users.
A URL name that no row covers fails `test_every_url_name_is_in_the_table`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from odco.roles import Role

ANONYMOUS = None
ALL_ROLES = tuple(Role.values)


@dataclass(frozen=True)
class Row:
    name: str
    url_name: str
    url: Callable  # world -> path
    expect: dict = field(hash=False)  # role (None = anonymous) -> status
    method: str = "get"
    data: Callable | None = None  # world -> POST data

    def status_for(self, role):
        return self.expect[role]


ROWS: list[Row] = []


def register(
    name: str,
    url_name: str,
    url: Callable,
    *,
    ok: tuple = (),
    ok_status: int = 200,
    denied: int = 403,
    anonymous: int = 302,
    overrides: dict | None = None,
    method: str = "get",
    data: Callable | None = None,
) -> Row:
    """Add a row: roles in `ok` get `ok_status`, other roles `denied`, anonymous `anonymous`.

    `overrides` sets the status of single roles (e.g. a delegation outside its region: 404).
    """
    expect = {role: (ok_status if role in ok else denied) for role in ALL_ROLES}
    expect[ANONYMOUS] = anonymous
    expect.update(overrides or {})
    row = Row(name=name, url_name=url_name, url=url, expect=expect, method=method, data=data)
    ROWS.append(row)
    return row
