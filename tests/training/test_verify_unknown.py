"""/verify/<unknown>/: the platform's own 404 page, in the visitor's language, saying that no
certificate has this code (Django's generic not-found page before), revealing nothing else."""


import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from tests.factories import CooperativeFactory

from .conftest import fr
from .factories import validated_phase
from .test_pages import _certificate as certificate_for

pytestmark = pytest.mark.django_db


def ar(message: str) -> str:
    with translation.override("ar"):
        return translation.gettext(message)


def _certificate():
    return certificate_for(validated_phase(), CooperativeFactory())


def test_an_unknown_code_answers_404_in_french_saying_no_certificate_has_it(client):
    certificate = _certificate()
    response = client.get(reverse("certificate_verify", args=["ZZZZ9999ZZ"]))
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fr" dir="ltr"' in page
    assert 'data-status="unknown"' in page
    assert escape(fr("No certificate has this code.")) in page
    assert fr("No certificate has this code.") == "Aucun certificat ne porte ce code."
    assert '<code id="unknown-code" dir="ltr">ZZZZ9999ZZ</code>' in page
    assert escape(fr("Page not found")) not in page  # not the generic page
    # nothing of any real certificate
    for secret in ("Fatima Ait Ali", certificate.code, certificate.phase.edition.prize.name_fr):
        assert secret not in page


def test_an_unknown_code_answers_in_arabic_right_to_left(client):
    client.cookies["django_language"] = "ar"
    response = client.get(reverse("certificate_verify", args=["ZZZZ9999ZZ"]))
    page = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl"' in page
    assert escape(ar("No certificate has this code.")) in page
    assert ar("No certificate has this code.") == "لا توجد أي شهادة تحمل هذا الرمز."


def test_the_code_shown_is_escaped(client):
    response = client.get("/verify/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_revoked_certificate_still_shows_its_revocation(client):
    from training.services import certificate_revoke

    from .factories import staff

    certificate = _certificate()
    certificate_revoke(actor=staff(), certificate=certificate, reason="Doublon")
    response = client.get(reverse("certificate_verify", args=[certificate.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="revoked"' in page and "Fatima Ait Ali" in page
    assert "Doublon" not in page
