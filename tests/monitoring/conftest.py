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
