from tests.i18n import english_messages, fr  # noqa: F401 - autouse fixture and helper
