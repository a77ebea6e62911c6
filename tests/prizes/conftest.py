import pytest


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
