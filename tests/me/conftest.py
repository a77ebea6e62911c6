import pytest

from tests.i18n import english_messages  # noqa: F401  (autouse: services speak English)


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
