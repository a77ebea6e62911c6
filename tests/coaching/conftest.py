import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _queue_folders():
    """Eager tasks scheduled by prizes services need the embedded result store's folders."""
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def in_window():
    """Time frozen on 20 May 2025, inside the coaching window of the factories' phase."""
    import time_machine

    from .factories import IN_WINDOW

    with time_machine.travel(IN_WINDOW, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _english_messages():
    """Services speak English source strings here, whatever catalogues are compiled later;
    pages answer in the user's language (French by default): compare them with `fr()`."""
    from django.utils import translation

    with translation.override("en"):
        yield


def fr(message: str) -> str:
    """`message` as a French page shows it (the msgid itself until it is translated)."""
    from django.utils import translation

    with translation.override("fr"):
        return translation.gettext(message)
