"""Pages: what each role sees, the forms' errors, and query counts at two data sizes."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from odco.audit.models import AuditEntry
from odco.roles import Role
from prizes.models import Candidacy, Score
from tests.factories import CooperativeFactory, make_user, region
from tests.querycount import assert_same_query_count

from .conftest import fr
from .factories import GS, LAM, make_candidacy, make_edition, seat

pytestmark = pytest.mark.django_db
S = Candidacy.Status


def grow_candidacies(edition, status=S.SUBMITTED):
    def grow(n):
        regions = [region(code) for code in ("01", "09", "06")]
        for i in range(n - Candidacy.objects.filter(edition=edition).count()):
            coop = CooperativeFactory(region=regions[i % 3], members_total=10, members_women=8)
            make_candidacy(edition, status=status, cooperative=coop)

    return grow


def test_candidacy_list_filters_by_region_status_and_category(client):
    edition = make_edition(GS)
    in_09 = make_candidacy(edition, status=S.SUBMITTED, cooperative=CooperativeFactory(region=region("09")))
    make_candidacy(edition, status=S.SUBMITTED, cooperative=CooperativeFactory(region=region("01")))
    make_candidacy(edition, status=S.DRAFT, cooperative=CooperativeFactory(region=region("09")))
    holder = make_candidacy(edition, status=S.SUBMITTED, category_code="project_holder", region=region("09"))
    client.force_login(make_user(Role.STAFF))

    response = client.get(reverse("prizes:candidacy_list"), {"region": "09", "status": "submitted"})
    assert {c.pk for c in response.context["page"].object_list} == {in_09.pk, holder.pk}

    response = client.get(reverse("prizes:candidacy_list"), {"region": "MA-09", "category": "project_holder"})
    assert [c.pk for c in response.context["page"].object_list] == [holder.pk]


def test_a_delegation_sees_only_its_regions_candidacies(client, world):
    edition = make_edition()
    mine = make_candidacy(edition, cooperative=world.coop_in)
    make_candidacy(edition, cooperative=world.coop_out)
    client.force_login(world.user(Role.DELEGATION))

    response = client.get(reverse("prizes:candidacy_list"))

    assert [c.pk for c in response.context["page"].object_list] == [mine.pk]
    assert [r.code for r in response.context["choices"]["regions"]] == ["09"]


def test_the_candidacy_page_shows_reasons_history_and_hides_the_birth_date_from_the_coordinator(
    client, world
):
    edition = make_edition(GS)
    candidacy = make_candidacy(
        edition,
        status=S.SUBMITTED,
        category_code="project_holder",
        applicant_birth_date=date(2010, 1, 1),
        region=region("09"),
    )
    client.force_login(world.user(Role.STAFF))
    client.post(reverse("prizes:candidacy_check", args=[candidacy.pk]))

    staff_page = client.get(reverse("prizes:candidacy_detail", args=[candidacy.pk])).content.decode()
    client.force_login(world.user(Role.COORDINATOR))
    coordinator_page = client.get(reverse("prizes:candidacy_detail", args=[candidacy.pk])).content.decode()

    assert (
        escape(
            fr("The applicant is %(age)s when the call closes (at least %(bound)s required).")
            % {"age": 15, "bound": 18}
        )
        in staff_page
    )
    assert "candidacy.eligibility_check" in staff_page  # the audit trail
    assert "01/01/2010" in staff_page and "01/01/2010" not in coordinator_page


def test_an_override_without_justification_shows_the_field_error(client, world):
    candidacy = make_candidacy(status=S.INELIGIBLE, cooperative=world.coop_in)
    client.force_login(world.user(Role.STAFF))

    response = client.post(reverse("prizes:candidacy_override", args=[candidacy.pk]), {"eligible": "1"})

    assert response.status_code == 400
    assert response.context["override_form"].errors == {
        "justification": [fr("A written justification is required to override eligibility.")]
    }
    candidacy.refresh_from_db()
    assert candidacy.status == S.INELIGIBLE


def test_an_override_through_the_page_is_recorded(client, world):
    candidacy = make_candidacy(status=S.INELIGIBLE, cooperative=world.coop_in)
    client.force_login(world.user(Role.STAFF))

    response = client.post(
        reverse("prizes:candidacy_override", args=[candidacy.pk]),
        {"eligible": "1", "justification": "Vu le dossier."},
    )

    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert (candidacy.status, candidacy.override_justification) == (S.ELIGIBLE, "Vu le dossier.")


def test_the_cooperative_withdraws_its_candidacy_from_its_page(client, world):
    candidacy = make_candidacy(status=S.SUBMITTED, cooperative=world.coop_in)
    client.force_login(world.user(Role.COOPERATIVE))

    page = client.get(reverse("prizes:candidacy_detail", args=[candidacy.pk]))
    assert [a.name for a in page.context["actions"]] == ["withdraw_submitted"]
    response = client.post(reverse("prizes:candidacy_step", args=[candidacy.pk, "withdraw_submitted"]))

    assert response.status_code == 302
    candidacy.refresh_from_db()
    assert candidacy.status == S.WITHDRAWN


def test_a_juror_sees_only_the_finalists_of_their_editions(client, world):
    edition = make_edition()
    seat(edition, world.user(Role.JURY))
    finalist = make_candidacy(edition, status=S.FINALIST)
    make_candidacy(edition, status=S.ACCOMPANIED)
    make_candidacy(make_edition(GS), status=S.FINALIST, category_code="youth_cooperative")
    client.force_login(world.user(Role.JURY))

    response = client.get(reverse("prizes:jury_home"))

    assert [c.pk for c in response.context["candidacies"]] == [finalist.pk]
    assert client.get(reverse("prizes:candidacy_list")).status_code == 403


def test_a_juror_scores_through_the_form(client, world):
    edition = make_edition()
    juror = world.user(Role.JURY)
    seat(edition, juror)
    finalist = make_candidacy(edition, status=S.FINALIST)
    client.force_login(juror)
    page = client.get(reverse("prizes:jury_score", args=[finalist.pk])).content.decode()
    assert 'id="score-form"' in page
    criteria = list(edition.criteria.all())
    for criterion in criteria:
        assert f'name="criterion-{criterion.pk}"' in page

    data = {f"criterion-{c.pk}": "7.5" for c in criteria}
    data[f"criterion-{criteria[0].pk}"] = "12"
    response = client.post(reverse("prizes:jury_score", args=[finalist.pk]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        f"criterion-{criteria[0].pk}": [fr("Enter a score between 0 and %(max)s.") % {"max": 10}]
    }
    assert not Score.objects.exists()

    data[f"criterion-{criteria[0].pk}"] = "9"
    response = client.post(reverse("prizes:jury_score", args=[finalist.pk]), data)
    assert response.status_code == 302
    assert Score.objects.filter(juror=juror, candidacy=finalist).count() == len(criteria)
    assert Score.objects.get(criterion=criteria[0]).points == Decimal("9")


def test_after_a_conflict_the_scoring_form_is_gone(client, world):
    edition = make_edition()
    juror = world.user(Role.JURY)
    seat(edition, juror)
    finalist = make_candidacy(edition, status=S.FINALIST)
    client.force_login(juror)

    client.post(reverse("prizes:jury_conflict", args=[finalist.pk]), {"reason": "Ancien employeur"})
    page = client.get(reverse("prizes:jury_score", args=[finalist.pk]))
    posted = client.post(reverse("prizes:jury_score", args=[finalist.pk]), {})

    assert page.context["may_score"] is False and b'id="score-form"' not in page.content
    assert posted.status_code == 403
    assert AuditEntry.objects.filter(action="jury.conflict_declare", actor=juror).count() == 1


def test_the_deliberation_page_confirms_laureates(client, world):
    edition = make_edition(laureates_planned=1)
    a, b = (make_candidacy(edition, status=S.FINALIST) for _ in range(2))
    client.force_login(world.user(Role.STAFF))

    response = client.post(
        reverse("prizes:deliberation", args=[edition.pk]), {"laureates": [a.pk], "minutes": "PV"}
    )

    assert response.status_code == 302
    assert dict(Candidacy.objects.values_list("pk", "status")) == {a.pk: S.LAUREATE, b.pk: S.NOT_SELECTED}


def test_the_timeline_shows_both_prizes_phases_and_milestones(client, world):
    make_edition(LAM)
    make_edition(GS)
    client.force_login(world.user(Role.COORDINATOR))

    response = client.get(reverse("prizes:timeline"), {"year": 2025})

    rows = response.context["timeline"]["rows"]
    assert [r["phase"].edition.prize.code for r in rows] == [LAM, GS]
    assert [b.kind for b in rows[0]["bars"]][:2] == ["phase", "concept_note"]
    assert "style=" not in response.content.decode()


def test_the_timeline_pdf_is_a_pdf(client, world):
    make_edition(LAM)
    client.force_login(world.user(Role.STAFF))

    response = client.get(reverse("prizes:timeline_pdf"), {"year": 2025})

    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_pages_render_in_arabic(client, world):
    edition = make_edition()
    candidacy = make_candidacy(edition, cooperative=world.coop_in)
    client.force_login(world.user(Role.STAFF))
    client.cookies["django_language"] = "ar"

    for url in (
        reverse("prizes:edition_list"),
        reverse("prizes:edition_detail", args=[edition.pk]),
        reverse("prizes:candidacy_detail", args=[candidacy.pk]),
        reverse("prizes:timeline"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and b'dir="rtl"' in response.content


# -- query counts ------------------------------------------------------------------------


def test_candidacy_list_queries_do_not_grow(client):
    edition = make_edition()
    client.force_login(make_user(Role.STAFF))
    assert_same_query_count(client, reverse("prizes:candidacy_list"), grow_candidacies(edition))


def test_delegation_candidacy_list_queries_do_not_grow(client):
    edition = make_edition()
    client.force_login(make_user(Role.DELEGATION, region_code="09"))
    assert_same_query_count(
        client, reverse("prizes:candidacy_list") + "?status=submitted", grow_candidacies(edition)
    )


def test_edition_list_queries_do_not_grow(client):
    client.force_login(make_user(Role.COMMITTEE))

    def grow(n):
        from prizes.models import Edition

        for i in range(Edition.objects.count(), n):
            make_edition(LAM if i % 2 else GS, year=2030 + i, with_phase=i % 3 == 0)

    assert_same_query_count(client, reverse("prizes:edition_list"), grow, small=4, large=30)


def test_edition_detail_and_ranking_queries_do_not_grow(client):
    edition, other = make_edition(), make_edition(year=2024)
    client.force_login(make_user(Role.STAFF))
    url = reverse("prizes:edition_detail", args=[edition.pk])
    assert_same_query_count(client, url, grow_candidacies(edition, status=S.FINALIST))
    url = reverse("prizes:ranking", args=[other.pk])
    assert_same_query_count(client, url, grow_candidacies(other, status=S.FINALIST))


def test_candidacy_detail_queries_do_not_grow(client):
    edition = make_edition()
    candidacy = make_candidacy(edition, status=S.SUBMITTED)
    client.force_login(make_user(Role.STAFF))
    assert_same_query_count(
        client, reverse("prizes:candidacy_detail", args=[candidacy.pk]), grow_candidacies(edition)
    )


def test_jury_home_queries_do_not_grow(client):
    edition = make_edition()
    juror = make_user(Role.JURY)
    seat(edition, juror)
    client.force_login(juror)
    assert_same_query_count(client, reverse("prizes:jury_home"), grow_candidacies(edition, status=S.FINALIST))


def test_timeline_queries_do_not_grow(client):
    client.force_login(make_user(Role.COORDINATOR))

    def grow(n):
        from prizes.models import Edition

        for i in range(Edition.objects.count(), n):
            make_edition(LAM, year=2030 + i)

    assert_same_query_count(client, reverse("prizes:timeline"), grow, small=3, large=20)


def test_the_cooperative_sees_its_candidacy_status_in_its_space(client, world):
    candidacy = make_candidacy(make_edition(), status=S.ACCOMPANIED, cooperative=world.coop_in)
    make_candidacy(make_edition(year=2024), status=S.ELIGIBLE, cooperative=world.coop_out)
    client.force_login(world.user(Role.COOPERATIVE))

    response = client.get(reverse("me"))

    assert [c.pk for c in response.context["candidacies"]] == [candidacy.pk]
    assert 'data-status="accompanied"' in response.content.decode()
