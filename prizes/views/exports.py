"""Downloads: an edition's results (Excel, PDF) and the candidacy list as filtered (Excel)."""

from django.http import Http404, HttpResponse

from odco.pdf import render_pdf
from odco.permissions import permission_required

from .. import selectors
from ..exporting import candidacies_xlsx, ranking_xlsx
from ..permissions import can_view_candidacies, can_view_ranking
from ..services import ranking_for_edition
from .candidacies import list_filters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _edition(request, pk):
    edition = selectors.edition_get(user=request.user, pk=pk)
    if edition is None:
        raise Http404
    return edition


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{filename}"'
    return response


def _slug(edition) -> str:
    return f"{edition.prize.code}-{edition.year}"


@permission_required(can_view_ranking)
def ranking_xlsx_view(request, pk):
    edition = _edition(request, pk)
    criteria = list(edition.criteria.all())
    content = ranking_xlsx(edition, ranking_for_edition(edition), criteria)
    return _download(content, XLSX, f"results-{_slug(edition)}.xlsx")


@permission_required(can_view_ranking)
def ranking_pdf_view(request, pk):
    edition = _edition(request, pk)
    criteria = list(edition.criteria.all())
    ranking = ranking_for_edition(edition)
    for row in ranking:
        row.values = [row.by_criterion.get(c.pk) for c in criteria]
    pdf = render_pdf(
        "prizes/pdf/ranking.html", {"edition": edition, "ranking": ranking, "criteria": criteria}
    )
    return _download(pdf, "application/pdf", f"results-{_slug(edition)}.pdf", inline=True)


@permission_required(can_view_candidacies)
def candidacy_export(request):
    """The list as the user sees it: same filters, same scope (a delegation gets its region)."""
    queryset = selectors.candidacy_list(user=request.user, filters=list_filters(request))
    return _download(candidacies_xlsx(queryset), XLSX, "candidacies.xlsx")
