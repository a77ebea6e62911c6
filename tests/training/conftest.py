import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _queue_folders():
    """The embedded Celery result store is a folder that nothing creates before a worker runs;
    eager tasks in these tests need it (reported to the core: see the issue-4 report)."""
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)


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
