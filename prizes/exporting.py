"""Spreadsheet and PDF exports of the prizes: candidacy lists and an edition's results.

Cells go through `odco.tabular.write_xlsx`, which neutralises anything a spreadsheet
would run as a formula (a leading =, +, -, @). They are written for people, in the
requester's language: headers, categories, regions, statuses are labels (never codes such as
`womens_cooperative`), the submission date a date cell, scores numbers, the sheet named and
right-to-left in Arabic.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from odco.tabular import write_xlsx

from .models import Candidacy, Edition

# Column name (stable, for code) and its label for people: the file's header.
CANDIDACY_COLUMNS = (
    ("id", gettext_lazy("Candidacy")),
    ("edition", gettext_lazy("Edition")),
    ("categorie", gettext_lazy("Category")),
    ("numero_immatriculation", gettext_lazy("Registration number")),
    ("candidat", gettext_lazy("Candidate")),
    ("region", gettext_lazy("Region")),
    ("projet", gettext_lazy("Project")),
    ("statut", gettext_lazy("Status")),
    ("eligibilite", gettext_lazy("Meets the rules")),
    ("soumise_le", gettext_lazy("Submitted at")),
)


def _yes_no(value) -> str:
    if value is None:
        return ""
    return _("yes") if value else _("no")


def candidacy_row(c: Candidacy) -> list:
    return [
        c.pk,
        str(c.edition),
        c.category.name,
        c.cooperative.registration_number if c.cooperative_id else "",
        c.candidate_name,
        c.region.name,
        c.project_title,
        c.get_status_display(),
        _yes_no(c.eligibility_passed),
        timezone.localdate(c.submitted_at) if c.submitted_at else None,
    ]


def candidacies_xlsx(queryset) -> bytes:
    header = [str(label) for _name, label in CANDIDACY_COLUMNS]
    return write_xlsx(
        header,
        (candidacy_row(c) for c in queryset.iterator(chunk_size=2000)),
        sheet_title=_("Candidacies"),
    )


def ranking_rows(edition: Edition, ranking, criteria) -> tuple[list, list]:
    header = [
        _("Rank"),
        _("Tie"),
        _("Candidate"),
        _("Registration number"),
        _("Region"),
        _("Category"),
        *(str(c.name) for c in criteria),
        _("Total"),
        _("Jurors"),
        _("Status"),
    ]
    rows = []
    for entry in ranking:
        c = entry.candidacy
        rows.append(
            [
                entry.rank,
                _yes_no(entry.tied),
                c.candidate_name,
                c.cooperative.registration_number if c.cooperative_id else "",
                c.region.name,
                c.category.name,
                *(
                    float(entry.by_criterion[k.pk]) if entry.by_criterion.get(k.pk) is not None else None
                    for k in criteria
                ),
                float(entry.total),
                entry.jurors,
                c.get_status_display(),
            ]
        )
    return header, rows


def ranking_xlsx(edition: Edition, ranking, criteria) -> bytes:
    header, rows = ranking_rows(edition, ranking, criteria)
    return write_xlsx(header, rows, sheet_title=_("Results %(year)s") % {"year": edition.year})
