"""/verify/<unknown>/ in Chromium at 375 and 1366 px, in French and in Arabic (right-to-left):
the platform's 404 page saying that no certificate has this code, whole on the screen even
with a long code."""

import pytest
from django.utils import translation

from .conftest import screenshot
from .test_trust_pages import CUT_OFF, LANGUAGES, WIDTHS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_CODE = "X" * 80  # a pasted code without spaces must not widen the page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("code", ["ZZZZ9999ZZ", LONG_CODE], ids=["short", "long"])
def test_an_unknown_certificate_code(browser, live_server, width, language, code):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        response = page.goto(f"{live_server.url}/verify/{code}/")
        assert response.status == 404
        assert page.evaluate("document.documentElement.lang") == language
        assert page.evaluate("document.documentElement.dir") == ("rtl" if language == "ar" else "ltr")
        with translation.override(language):
            expected = translation.gettext("No certificate has this code.")
        assert page.locator("#verdict[data-status=unknown]").inner_text().strip() == expected
        assert page.locator("#unknown-code").is_visible()
        screenshot(page, f"verify-unknown-{code[:4]}-{language}-{width}")
        assert page.evaluate(CUT_OFF) == [], f"at {width} px in {language}"
    finally:
        context.close()
