import pytest

from tests.i18n import english_messages, fr  # noqa: F401 - autouse fixture and helper


@pytest.fixture
def in_window():
    """Time frozen on 20 May 2025, inside the coaching window of the factories' phase."""
    import time_machine

    from .factories import IN_WINDOW

    with time_machine.travel(IN_WINDOW, tick=False) as traveller:
        yield traveller
