"""Log in through the form, switch to Arabic, and read a right-to-left page on a phone."""

import pytest

from tests.factories import PASSWORD, CooperativeFactory, make_user

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_login_switch_to_arabic_and_read_rtl_on_a_phone(live_server, phone_page):
    page = phone_page
    make_user("delegation", region_code="09", email="delegation@test.odco.ma")

    log_in(page, live_server, "delegation@test.odco.ma", PASSWORD)
    # A delegation lands on its own region's dashboard.
    assert page.url == f"{live_server.url}/dashboard/regions/09/"
    assert page.get_attribute("html", "lang") == "fr"

    # The navigation is collapsed on a phone: open it, then choose Arabic.
    page.click(".navbar-toggler")
    page.select_option("#language-select", "ar")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector('html[dir="rtl"]')

    assert page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "bootstrap.rtl.min.css" in page.content()
    assert has_no_horizontal_scroll(page)
    screenshot(page, "home-ar-375")

    # The language is remembered on the next page too.
    page.goto(f"{live_server.url}/dashboard/regions/09/")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "جهة سوس ماسة" in page.inner_text("h1")
    assert has_no_horizontal_scroll(page)
    screenshot(page, "regional-ar-375")


def test_anonymous_visitor_is_sent_to_login_and_cooperative_lands_on_its_space(live_server, desktop_page):
    page = desktop_page
    coop = CooperativeFactory(name_fr="Coopérative Tifawine")
    make_user("cooperative", cooperative=coop, email="coop@test.odco.ma")

    page.goto(f"{live_server.url}/me/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=login]", "coop@test.odco.ma")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url == f"{live_server.url}/me/"
    assert "Coopérative Tifawine" in page.inner_text("h1")


def test_wrong_password_shows_an_error_in_the_form(live_server, desktop_page):
    page = desktop_page
    make_user("coach", email="coach@test.odco.ma")
    log_in(page, live_server, "coach@test.odco.ma", "not-the-password")
    assert "/accounts/login/" in page.url
    assert page.locator(".alert-danger").is_visible()
