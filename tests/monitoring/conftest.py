import pytest

from tests.i18n import english_messages, fr  # noqa: F401 - autouse fixture and helper


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def indicators(db):
    from .factories import indicators as load

    return load()
