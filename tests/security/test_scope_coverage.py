"""The permission table covers scope: every page of the resolver that takes an object has a
row where some role gets 404 (the object outside its scope), so a new page cannot escape.

`NOT_YET_SCOPED` lists the object pages without such a row when this test was written
(mostly national pages of staff, the committee and the coordinator, where no role holds a
partial scope); shrink it by adding out-of-scope rows, never grow it. A new page that
takes an object needs an out-of-scope row.
"""

import importlib
from pathlib import Path

from django.urls import resolve

from tests.permission_table import ROWS
from tests.security.test_url_walk import ALL

for path in sorted(Path(__file__).parent.parent.rglob("permission_rows.py")):
    importlib.import_module(
        ".".join(path.relative_to(Path(__file__).parent.parent.parent).with_suffix("").parts)
    )

NOT_YET_SCOPED = {
    "coaching:assign",
    "coaching:assignment_end",
    "coaching:rubric",
    "committee:action_create",
    "committee:action_status",
    "committee:decision_create",
    "committee:meeting",
    "committee:meeting_edit",
    "committee:meeting_ics",
    "committee:meeting_step",
    "committee:report_pdf",
    "mentoring:match",
    "mentoring:mentor_edit",
    "prizes:candidacy_check",
    "prizes:candidacy_override",
    "prizes:concept_note",
    "prizes:concept_note_action",
    "prizes:deliberation",
    "prizes:jury_edit",
    "prizes:phase_edit",
    "prizes:ranking",
    "prizes:ranking_pdf",
    "prizes:showcase_review",
    "prizes:showcase_step",
    "prizes:showcase_withdraw",
    "training:certificate_revoke",
    "training:certificates",
    "training:certificates_batch",
    "training:certificates_zip",
    "training:coverage",
    "training:kit",
    "training:kit_deliver",
    "training:kit_deliveries",
    "training:kit_item_remove",
    "training:module_edit",
    "training:phase_close",
    "training:phase_rule",
    "training:session_edit",
    "training:session_enrol",
    "training:session_step",
}


# Object pages that answer every id the same on purpose, so no role gets a 404 from them.
SAME_FOR_EVERY_ID = {"training:check_in"}  # tests/security/test_public_pages.py


def object_pages() -> set[str]:
    return {resolve(path).view_name for route, _name, path in ALL if "<" in route}


def scoped_pages() -> set[str]:
    return {row.url_name for row in ROWS if 404 in row.expect.values()}


def test_every_new_object_page_has_an_out_of_scope_row():
    missing = sorted(object_pages() - scoped_pages() - NOT_YET_SCOPED - SAME_FOR_EVERY_ID)
    assert missing == [], f"pages without an out-of-scope row in tests/**/permission_rows.py: {missing}"
