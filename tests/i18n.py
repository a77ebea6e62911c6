"""Language helpers shared by the app test folders.

Services speak English source strings under `english_messages` (autouse in a folder's
conftest), whatever catalogues are compiled; pages answer in the user's language (French by
default): compare them with `fr()`.
"""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def fr(message: str) -> str:
    """`message` as a French page shows it (the msgid itself until it is translated)."""
    with translation.override("fr"):
        return translation.gettext(message)
