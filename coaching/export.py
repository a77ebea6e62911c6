"""The hours report as an Excel workbook (the provider invoices from it).

Text cells that a spreadsheet would run as a formula (= + - @) get a leading apostrophe.
Written in the requester's language: regions by name, numbers as numbers, every sheet
right-to-left in Arabic.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from odco.i18n import is_arabic, localized
from odco.tabular import neutralise


def _sheet(workbook, title, header, rows, *, first=False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = is_arabic()
    sheet.append([neutralise(str(h)) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    sheet.freeze_panes = "A2"
    return sheet


def hours_workbook(report: dict) -> bytes:
    workbook = Workbook()
    period = f"{report['start']:%d/%m/%Y} – {report['end']:%d/%m/%Y}"
    _sheet(
        workbook,
        _("Hours per coach"),
        [_("Coach"), _("E-mail"), _("Sessions"), _("Cooperatives"), _("Minutes"), _("Hours")],
        (
            [
                " ".join(
                    filter(
                        None,
                        [r["assignment__coach__user__first_name"], r["assignment__coach__user__last_name"]],
                    )
                ),
                r["assignment__coach__user__email"],
                r["sessions"],
                r["cooperatives"],
                r["minutes"],
                float(r["hours"]),
            ]
            for r in report["by_coach"]
        ),
        first=True,
    )
    _sheet(
        workbook,
        _("Hours per cooperative"),
        [
            _("Region"),
            _("Registration number"),
            _("Cooperative"),
            _("Sessions"),
            _("Coaches"),
            _("Minutes"),
            _("Hours"),
        ],
        (
            [
                localized(
                    r["assignment__candidacy__region__name_fr"], r["assignment__candidacy__region__name_ar"]
                ),
                r["assignment__candidacy__cooperative__registration_number"] or "",
                r["name"],
                r["sessions"],
                r["coaches"],
                r["minutes"],
                float(r["hours"]),
            ]
            for r in report["by_cooperative"]
        ),
    )
    info = workbook.create_sheet(_("Period"))
    info.sheet_view.rightToLeft = is_arabic()
    info.append([_("Period"), period])
    info.append([_("Total hours"), float(report["total_hours"])])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
