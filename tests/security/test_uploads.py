"""Uploads are checked by content, not by name: a program or a web page renamed as a
document is refused and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.training.factories import coordinator, validated_phase
from training.models import KitItem

pytestmark = pytest.mark.django_db

DISGUISED = [
    ("guide.pdf", b"MZ\x90\x00\x03 a Windows program"),
    ("guide.pdf", b"<html><script>alert(1)</script></html>"),
    ("slides.pptx", b"%PDF-1.4 a PDF named pptx"),
    ("photo.png", b"\x7fELF a Linux program"),
    ("page.html", b"<html></html>"),
    ("tool.exe", b"MZ\x90\x00"),
    ("video.mp4", b"not a video at all"),
]
GENUINE = [
    ("guide.pdf", b"%PDF-1.4 a guide"),
    ("slides.pptx", b"PK\x03\x04 slides"),
    ("photo.png", b"\x89PNG\r\n\x1a\n image"),
    ("video.mp4", b"\x00\x00\x00\x18ftypmp42 video"),
]


def post_kit_file(client, phase, name, content):
    return client.post(
        reverse("training:kit", args=[phase.pk]),
        {"kind": "file", "title": "Guide", "position": "1", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize(("name", "content"), DISGUISED)
def test_a_disguised_kit_file_is_refused_and_nothing_is_stored(client, name, content):
    phase = validated_phase()
    client.force_login(coordinator())

    response = post_kit_file(client, phase, name, content)

    assert response.status_code == 400
    assert KitItem.objects.count() == 0


@pytest.mark.parametrize(("name", "content"), GENUINE)
def test_a_genuine_kit_file_is_accepted(client, name, content):
    phase = validated_phase()
    client.force_login(coordinator())

    response = post_kit_file(client, phase, name, content)

    assert response.status_code == 302
    item = KitItem.objects.get()
    item.file.delete(save=False)
