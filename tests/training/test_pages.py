"""Pages: the public verification, coverage, lists at two sizes (query counts), the cooperative's kit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from cooperatives.models import Member
from odco.roles import Role
from tests.calendar_parsing import read_all
from tests.factories import CooperativeFactory, make_user, region
from tests.querycount import assert_same_query_count
from training.models import Attendance, Certificate, Enrolment, KitItem, TrainingSession
from training.services import certificate_revoke

from .conftest import fr
from .factories import accompanied, at, coordinator, make_session, modules, staff, validated_phase

pytestmark = pytest.mark.django_db


def _certificate(phase, cooperative, *, name="Fatima Ait Ali"):
    first, last = name.split(" ", 1)
    person = Member.objects.create(
        cooperative=cooperative, kind="participant", first_name=first, last_name=last, gender="f"
    )
    certificate = Certificate.objects.create(
        phase=phase,
        participant=person,
        cooperative=cooperative,
        region=cooperative.region,
        holder_name=name,
        first_day=phase.starts_on,
        last_day=phase.starts_on,
        hours=Decimal("6"),
        issued_at=timezone.now(),
    )
    certificate.pdf.save(certificate.file_name, ContentFile(b"%PDF-1.4 test"))
    return certificate


def test_verify_a_valid_certificate_without_login(client):
    phase = validated_phase()
    certificate = _certificate(phase, CooperativeFactory())
    response = client.get(reverse("certificate_verify", args=[certificate.code.lower()]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="valid"' in page
    assert "Fatima Ait Ali" in page
    assert phase.edition.prize.name_fr in page
    assert "2025" in page


def test_verify_a_revoked_certificate(client):
    phase = validated_phase()
    certificate = _certificate(phase, CooperativeFactory())
    certificate_revoke(actor=staff(), certificate=certificate, reason="Doublon")
    page = client.get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert 'data-status="revoked"' in page
    assert "Doublon" not in page  # the reason stays internal


def test_verify_an_unknown_code_answers_404(client):
    assert client.get(reverse("certificate_verify", args=["ZZZZZZZZZZ"])).status_code == 404


def test_coverage_page_shows_the_missing_regions_and_refuses_to_close_without_reason(client):
    phase = validated_phase()
    make_session(phase, region_code="09", status="held")
    client.force_login(staff())
    page = client.get(reverse("training:coverage", args=[phase.pk])).content.decode()
    assert 'data-region="01"' in page
    assert page.count('class="region-missing"') == 11
    response = client.post(reverse("training:phase_close", args=[phase.pk]), {"reason": ""})
    assert response.status_code == 400
    assert escape(fr("Some regions have no session: record why before closing the phase.")) in (
        response.content.decode()
    )
    assert TrainingSession.objects.get().phase.training.closed_at is None


def test_planning_form_reports_errors_on_fields(client):
    phase = validated_phase()
    client.force_login(coordinator())
    response = client.post(
        reverse("training:session_create"),
        {
            "phase": phase.pk,
            "region": region("09").pk,
            "modules": [modules()[0].pk],
            "starts_at": "2025-09-01T09:00",
            "ends_at": "2025-09-01T17:00",
            "venue": "Agadir",
            "capacity": "30",
        },
    )
    assert response.status_code == 400
    assert escape(fr("The session must take place during the phase.")) in response.content.decode()
    assert TrainingSession.objects.count() == 0


def test_planning_form_creates_a_session(client):
    phase = validated_phase()
    client.force_login(coordinator())
    response = client.post(
        reverse("training:session_create"),
        {
            "phase": phase.pk,
            "region": region("09").pk,
            "modules": [m.pk for m in modules()[:2]],
            "starts_at": "2025-05-05T09:00",
            "ends_at": "2025-05-05T17:00",
            "venue": "Agadir",
            "capacity": "25",
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302
    assert (session.capacity, session.hours, session.starts_at) == (25, Decimal("12.0"), at(5, 9))


# -- query counts: the same number of queries at two sizes ---------------------------------


def _grow_sessions(phase, trainer):
    mods = modules()[:2]

    def grow(n):
        have = TrainingSession.objects.count()
        created = TrainingSession.objects.bulk_create(
            [
                TrainingSession(
                    phase=phase,
                    region=region(f"{i % 12 + 1:02d}"),
                    starts_at=at(5, 9) + timedelta(hours=i),
                    ends_at=at(5, 17) + timedelta(hours=i),
                    hours=Decimal("8"),
                    venue="Salle",
                )
                for i in range(have, n)
            ]
        )
        for session in created:
            session.modules.set(mods)
            session.trainers.set([trainer])

    return grow


def test_session_list_query_count(client):
    phase = validated_phase()
    trainer = make_user(Role.TRAINER)
    client.force_login(staff())
    assert_same_query_count(
        client, reverse("training:session_list"), _grow_sessions(phase, trainer), large=60
    )


def test_my_sessions_query_count(client):
    phase = validated_phase()
    trainer = make_user(Role.TRAINER)
    client.force_login(trainer)
    assert_same_query_count(client, reverse("training:my_sessions"), _grow_sessions(phase, trainer), large=60)


def test_coverage_query_count(client):
    phase = validated_phase()
    trainer = make_user(Role.TRAINER)
    client.force_login(make_user(Role.DELEGATION, region_code="09"))
    assert_same_query_count(
        client, reverse("training:coverage", args=[phase.pk]), _grow_sessions(phase, trainer), large=60
    )


def _grow_enrolments(session):
    cooperative = CooperativeFactory()

    def grow(n):
        have = session.enrolments.count()
        people = Member.objects.bulk_create(
            [
                Member(
                    cooperative=cooperative, kind="participant", first_name=f"P{i}", last_name="X", gender="f"
                )
                for i in range(have, n)
            ]
        )
        enrolments = Enrolment.objects.bulk_create(
            [Enrolment(session=session, participant=p, cooperative=cooperative) for p in people]
        )
        Attendance.objects.bulk_create(
            [Attendance(enrolment=e, status="present", recorded_at=timezone.now()) for e in enrolments]
        )

    return grow


def test_session_detail_and_roll_call_query_counts(client):
    phase = validated_phase()
    trainer = make_user(Role.TRAINER)
    session = make_session(phase, status="open", trainers=[trainer])
    client.force_login(trainer)
    grow = _grow_enrolments(session)
    assert_same_query_count(client, reverse("training:session_detail", args=[session.pk]), grow, large=60)
    assert_same_query_count(
        client, reverse("training:roll_call", args=[session.pk]), grow, small=70, large=120
    )


def test_certificate_list_query_count(client):
    phase = validated_phase()
    cooperative = CooperativeFactory()

    def grow(n):
        have = Certificate.objects.count()
        people = Member.objects.bulk_create(
            [
                Member(
                    cooperative=cooperative, kind="participant", first_name=f"P{i}", last_name="X", gender="f"
                )
                for i in range(have, n)
            ]
        )
        Certificate.objects.bulk_create(
            [
                Certificate(
                    phase=phase,
                    participant=p,
                    cooperative=cooperative,
                    region=cooperative.region,
                    holder_name=str(p),
                    first_day=phase.starts_on,
                    last_day=phase.starts_on,
                    hours=6,
                    issued_at=timezone.now(),
                )
                for p in people
            ]
        )

    client.force_login(coordinator())
    assert_same_query_count(client, reverse("training:certificates", args=[phase.pk]), grow, large=60)


def test_kit_page_query_count(client):
    phase = validated_phase()

    def grow(n):
        have = KitItem.objects.count()
        KitItem.objects.bulk_create(
            [
                KitItem(phase=phase, kind="link", title=f"Ressource {i}", url="https://example.ma")
                for i in range(have, n)
            ]
        )

    client.force_login(coordinator())
    assert_same_query_count(client, reverse("training:kit", args=[phase.pk]), grow, large=60)


def test_the_cooperative_downloads_its_kit_and_certificate_from_its_space(client):
    phase = validated_phase()
    cooperative = accompanied(phase, participants=1)
    session = make_session(phase, status="open", enrol=True)
    item = KitItem(phase=phase, kind="file", title="Guide du financement")
    item.file.save("guide.pdf", ContentFile(b"%PDF-1.4 guide"), save=False)
    item.save()
    certificate = _certificate(phase, cooperative)
    client.force_login(make_user(Role.COOPERATIVE, cooperative=cooperative))
    page = client.get(reverse("me")).content.decode()
    assert "Guide du financement" in page
    assert reverse("training:certificate_pdf", args=[certificate.pk]) in page
    download = client.get(reverse("training:kit_item_download", args=[item.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 guide"
    assert session.enrolments.count() == 1


def test_the_personal_feed_lists_the_cooperatives_sessions(client):
    from training.selectors import feed_for

    phase = validated_phase()
    cooperative = accompanied(phase, participants=1)
    mine = make_session(phase, day=6, status="open", enrol=True)
    make_session(phase, region_code="01", day=7, status="open")  # another region: not in the feed
    user = make_user(Role.COOPERATIVE, cooperative=cooperative)
    response = client.get(reverse("training:feed", args=[feed_for(user).token]))
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    events = read_all(text)
    assert [(f.method, f.uid) for f in events] == [("PUBLISH", f"training-session-{mine.pk}@127.0.0.1")]


def test_a_kit_file_over_the_limit_is_refused_on_its_field(client, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.template.defaultfilters import filesizeformat

    settings.ODCO_EVIDENCE_MAX_BYTES = 10
    phase = validated_phase()
    client.force_login(coordinator())
    response = client.post(
        reverse("training:kit", args=[phase.pk]),
        {
            "kind": "file",
            "title": "Guide",
            "position": "1",
            "file": SimpleUploadedFile("g.pdf", b"%PDF-1.4 too big"),
        },
    )
    assert response.status_code == 400
    with translation.override("fr"):  # sizes as a French page writes them
        too_large = fr("The file is too large (%(size)s); the limit is %(limit)s.") % {
            "size": filesizeformat(len(b"%PDF-1.4 too big")),
            "limit": filesizeformat(10),
        }
    assert escape(too_large) in response.content.decode()
    assert KitItem.objects.count() == 0
