import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _queue_folders():
    """The embedded Celery result store is a folder that nothing creates before a worker runs;
    eager tasks in these tests need it (reported to the core: see the issue-4 report)."""
    for name in ("results", "messages", "processed"):
        (settings.QUEUE_DIR / name).mkdir(parents=True, exist_ok=True)
