"""Every absolute link is built from ODCO_SITE_URL (odco/links.py), never from the host a
request came in on: account invitations, allauth's password reset, notifications, the
committee's report, calendar files, the check-in QR code and the certificate's printed
address and QR code (decoded from the rendered page with zbarimg)."""

import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from odco.links import absolute_url, site_host, site_url
from odco.roles import Role
from tests.factories import CooperativeFactory, make_user, region

SITE = "https://accompagnement.odco.gov.ma"
LOCAL = ("127.0.0.1", "testserver", "localhost", "intranet.local")

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_site(settings):
    settings.ODCO_SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "intranet.local"]


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def _only_public(text: str) -> list[str]:
    links = _links(text)
    assert links, text
    assert all(link.startswith(SITE + "/") for link in links), links
    assert not any(host in text for host in LOCAL), text
    return links


def test_absolute_url_takes_a_path_a_url_name_or_an_absolute_address(public_site):
    assert site_url() == SITE and site_host() == "accompagnement.odco.gov.ma"
    assert absolute_url("/verify/ABC/") == f"{SITE}/verify/ABC/"
    assert absolute_url("certificate_verify", "ABC") == f"{SITE}/verify/ABC/"
    assert absolute_url("committee:meeting", 7) == f"{SITE}/committee/meetings/7/"
    assert absolute_url("/laureats/", query={"lang": "ar", "page": ""}) == f"{SITE}/laureats/?lang=ar"
    assert absolute_url("https://www.odco.gov.ma/") == "https://www.odco.gov.ma/"
    assert absolute_url("") == ""


def test_development_links_point_to_this_machine(settings):
    settings.ODCO_SITE_URL = ""
    assert absolute_url("/me/") == "http://127.0.0.1:8000/me/"


def test_the_account_invitation_links_to_the_public_address(public_site, django_capture_on_commit_callbacks):
    from odco.accounts.invitations import invitation_create

    cooperative = CooperativeFactory(region=region("09"))
    delegation = make_user(Role.DELEGATION, region_code="09")
    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(actor=delegation, cooperative=cooperative, email="fatima@tifawine.ma")
    (link,) = _only_public(mail.outbox[0].body)
    assert link.startswith(f"{SITE}/invitations/accept/")


def test_the_password_reset_mail_links_to_the_public_address_whatever_the_host(public_site, client):
    user = make_user(Role.COORDINATOR, email="coord@test.odco.ma")
    response = client.post(
        reverse("account_reset_password"), {"email": user.email}, HTTP_HOST="intranet.local"
    )
    assert response.status_code == 302
    body = mail.outbox[-1].body
    links = _only_public(body)
    assert any(link.startswith(f"{SITE}/accounts/password/reset/key/") for link in links)
    assert "accompagnement.odco.gov.ma" in body.split(links[-1])[-1]  # the signature's domain
    # and the link works
    path = links[0][len(SITE) :]
    assert client.get(path).status_code == 302


def test_a_notification_mail_links_to_the_public_address(public_site, django_capture_on_commit_callbacks):
    from odco.notifications.services import notify

    user = make_user(Role.COOPERATIVE, cooperative=CooperativeFactory(), email="coop@test.odco.ma")
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, kind="test", message=lambda: ("Sujet", "Texte"), url="/me/")
    assert _only_public(mail.outbox[0].body) == [f"{SITE}/me/"]


def test_the_committee_report_and_meeting_files_link_to_the_public_address(public_site, world, login):
    from monitoring.services.committee_report import monthly_report_send
    from tests.calendar_parsing import read
    from tests.monitoring.committee_factories import make_committee, make_meeting, make_monthly_report

    committee = make_committee(chair=world.users["committee"])
    sent = monthly_report_send(report=make_monthly_report(date(2026, 10, 1)))
    assert sent == len(mail.outbox) > 0
    assert f"{SITE}/committee/reports/" in _only_public(mail.outbox[0].body)
    meeting = make_meeting(committee)
    client = login(world.users["committee"])
    download = client.get(reverse("committee:meeting_ics", args=[meeting.pk]), HTTP_HOST="intranet.local")
    facts = read(download.content)
    assert facts.url == f"{SITE}/committee/meetings/{meeting.pk}/"
    assert facts.uid == f"committee-meeting-{meeting.pk}@accompagnement.odco.gov.ma"
    assert not any(host in download.content.decode() for host in LOCAL)


def test_the_calendar_page_gives_the_feed_at_the_public_address(public_site, client):
    from training.selectors import feed_for

    user = make_user(Role.COOPERATIVE, cooperative=CooperativeFactory())
    client.force_login(user)
    page = client.get(reverse("training:calendar"), HTTP_HOST="intranet.local").content.decode()
    assert f"{SITE}/training/feed/{feed_for(user).token}.ics" in page
    assert "intranet.local" not in page


@pytest.mark.skipif(
    not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="needs zbar and poppler"
)
def test_the_certificate_prints_and_encodes_the_public_verification_address(public_site, tmp_path):
    from tests.training.factories import accompanied, coordinator, make_session, mark, validated_phase
    from training.models import Certificate
    from training.services import certificate_batch_issue, session_transition

    phase = validated_phase()
    accompanied(phase, participants=1)
    session = make_session(phase, status="open", enrol=True)
    mark(session, {session.enrolments.get().participant_id: "present"})
    session_transition(actor=coordinator(), session=session, name="hold")
    certificate_batch_issue(actor=coordinator(), phase=phase)
    certificate = Certificate.objects.get()
    pdf = tmp_path / "certificate.pdf"
    with certificate.pdf.open("rb") as stored:
        pdf.write_bytes(stored.read())
    expected = f"{SITE}/verify/{certificate.code}/"
    # the printed address
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert expected in text
    assert "127.0.0.1" not in text
    # the QR code, as a phone's camera reads it
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    (image,) = tmp_path.glob("page*.png")
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True)
    assert decoded.stdout.split() == [expected], decoded.stderr
