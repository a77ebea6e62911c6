import pytest


@pytest.fixture(autouse=True)
def _english_messages():
    """Services speak English source strings here, whatever catalogues are compiled later."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _queue_folders(settings):
    """Eager tasks scheduled after commit need the embedded result store's folders."""
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)
