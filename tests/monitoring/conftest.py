import pytest


@pytest.fixture(autouse=True)
def _queue_folders(settings):
    """Eager tasks write to the embedded result store: make sure its folders exist."""
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def indicators(db):
    from .factories import indicators as load

    return load()


@pytest.fixture(autouse=True)
def _english_messages():
    """Services speak English source strings here, whatever catalogues are compiled;
    pages answer in the user's language (French by default): compare them with `fr()`."""
    from django.utils import translation

    with translation.override("en"):
        yield


def fr(message: str) -> str:
    """`message` as a French page shows it (the msgid itself until it is translated)."""
    from django.utils import translation

    with translation.override("fr"):
        return translation.gettext(message)
