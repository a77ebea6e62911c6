"""The cooperative's own space: journey, what comes next, tasks, kit with new items."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from monitoring.models import PeriodicReport
from odco.notifications.models import Notification, Seen
from odco.notifications.services import notify
from odco.roles import Role
from prizes.models import Candidacy
from tests.factories import CooperativeFactory, make_user, region
from tests.i18n import fr
from tests.monitoring.factories import make_report
from tests.prizes.factories import make_candidacy, make_edition

from .factories import PDF, coached_action, kit_for

pytestmark = pytest.mark.django_db


def _member(cooperative):
    return make_user(Role.COOPERATIVE, cooperative=cooperative)


def test_the_journey_lists_candidacy_training_certificate_and_reports_with_what_comes_next(client):
    cooperative = CooperativeFactory(region=region("09"))
    item, certificate = kit_for(cooperative)
    today = timezone.localdate()
    due = make_report(cooperative, status=PeriodicReport.Status.DRAFT)
    PeriodicReport.objects.filter(pk=due.pk).update(due_on=today + timedelta(days=5))
    client.force_login(_member(cooperative))

    response = client.get(reverse("me"))

    html = response.content.decode()
    kinds = [step.kind for step in response.context["journey"]]
    assert response.status_code == 200
    assert "candidacy" in kinds
    assert "training" in kinds
    assert "certificate" in kinds
    nxt = response.context["next_steps"]
    assert [(s.kind, s.on) for s in nxt if s.kind == "report"] == [("report", today + timedelta(days=5))]
    assert nxt == sorted(nxt, key=lambda s: (s.on, s.kind))
    assert html.index('id="next-steps"') < html.index('id="my-journey"')
    assert [r.pk for r in response.context["reports_to_submit"]] == [due.pk]
    assert reverse("reports:edit", args=[due.pk]) in html
    assert " style=" not in html


def test_an_open_coaching_action_comes_next_and_is_marked_done_from_the_space(client):
    cooperative = CooperativeFactory(region=region("09"))
    action = coached_action(cooperative)
    client.force_login(_member(cooperative))

    before = client.get(reverse("me"))
    done = client.post(reverse("coaching:action_done", args=[action.pk]), {"next": reverse("me")})
    after = client.get(reverse("me"))

    assert [(s.kind, s.title) for s in before.context["next_steps"]] == [("action", "Chiffrer les coûts")]
    assert "coaching" in [s.kind for s in before.context["journey"]]
    assert done.status_code == 302
    assert [s.kind for s in after.context["next_steps"]] == []
    action.refresh_from_db()
    assert action.done_at is not None


def test_the_kit_marks_new_items_until_the_member_downloads_them(client):
    cooperative = CooperativeFactory(region=region("09"))
    item, certificate = kit_for(cooperative)
    member = _member(cooperative)
    client.force_login(member)

    before = {e.key: e.is_new for e in client.get(reverse("me")).context["kit_entries"]}
    download = client.get(reverse("me_kit_download", args=["item", item.pk]))
    file = client.get(download["Location"])
    after = {e.key: e.is_new for e in client.get(reverse("me")).context["kit_entries"]}

    assert before == {f"kititem:{item.pk}": True, f"certificate:{certificate.pk}": True}
    assert download.status_code == 302
    assert download["Location"] == reverse("training:kit_item_download", args=[item.pk])
    assert b"".join(file.streaming_content) == PDF
    assert after == {f"kititem:{item.pk}": False, f"certificate:{certificate.pk}": True}


def test_the_certificate_downloads_from_the_space(client):
    cooperative = CooperativeFactory(region=region("09"))
    _item, certificate = kit_for(cooperative)
    client.force_login(_member(cooperative))

    download = client.get(reverse("me_kit_download", args=["certificate", certificate.pk]))
    pdf = client.get(download["Location"])

    assert download["Location"] == reverse("training:certificate_pdf", args=[certificate.pk])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content) == b"%PDF-1.4 certificate"


def test_a_cooperative_never_reaches_another_ones_kit_or_certificate(client):
    mine = CooperativeFactory(region=region("09"))
    other = CooperativeFactory(region=region("09"))
    item, certificate = kit_for(other)
    member = _member(mine)
    client.force_login(member)

    through_space = client.get(reverse("me_kit_download", args=["item", item.pk]))
    certificate_space = client.get(reverse("me_kit_download", args=["certificate", certificate.pk]))
    direct_file = client.get(reverse("training:kit_item_download", args=[item.pk]))
    direct_pdf = client.get(reverse("training:certificate_pdf", args=[certificate.pk]))
    page = client.get(reverse("me")).content.decode()

    assert through_space.status_code == 404
    assert certificate_space.status_code == 404
    assert direct_file.status_code == 404
    assert direct_pdf.status_code == 404
    assert Seen.objects.filter(user=member).count() == 0
    assert item.title not in page
    assert certificate.holder_name not in page


def test_notifications_show_on_the_space_with_the_unread_count_and_only_ones_own(client):
    cooperative = CooperativeFactory(region=region("09"))
    member = _member(cooperative)
    stranger = _member(CooperativeFactory(region=region("09")))
    notify(user=member, kind="test", message=lambda: ("Votre candidature avance", "Corps"), email=False)
    notify(user=stranger, kind="test", message=lambda: ("Secret d'une autre", "Corps"), email=False)
    client.force_login(member)

    page = client.get(reverse("me"))
    listing = client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:read"), {"next": reverse("me")})
    after = client.get(reverse("me"))

    assert page.context["unread_count"] == 1
    assert "Votre candidature avance" in page.content.decode()
    assert "Secret d'une autre" not in listing
    assert after.context["unread_count"] == 0
    assert Notification.objects.get(user=stranger).read_at is None


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_an_overdue_report_is_marked_overdue_at_the_top(client):
    cooperative = CooperativeFactory(region=region("09"))
    report = make_report(cooperative)
    PeriodicReport.objects.filter(pk=report.pk).update(due_on=date(2026, 3, 1))
    client.force_login(_member(cooperative))

    html = client.get(reverse("me")).content.decode()

    top = html[html.index('id="next-steps"') : html.index('id="my-tasks"')]
    assert 'data-next="report"' in top
    assert fr("overdue") in top


def test_a_laureate_sees_its_jury_result_in_the_journey(client):
    cooperative = CooperativeFactory(region=region("09"))
    make_candidacy(make_edition(year=2024), status=Candidacy.Status.LAUREATE, cooperative=cooperative)
    client.force_login(_member(cooperative))

    steps = client.get(reverse("me")).context["journey"]

    assert [s.kind for s in steps if s.kind == "candidacy"] == ["candidacy"]
