"""A cooperative edits its business model canvas in Arabic on a 375-px phone: two saves make
two versions, the coach's comment sits next to its block, and nothing scrolls sideways."""

import pytest

from coaching.models import CanvasVersion
from coaching.services_projects import canvas_save, comment_add, plan_save
from tests.factories import PASSWORD, CooperativeFactory, make_user, region
from tests.projects.factories import coach_for, worked_example

from .conftest import has_no_horizontal_scroll, log_in, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_cooperative_edits_its_canvas_in_arabic_on_a_phone(live_server, phone_page):
    cooperative = CooperativeFactory(
        region=region("09"), name_fr="Coopérative Tifawine", name_ar="تعاونية تيفاوين"
    )
    member = make_user("cooperative", cooperative=cooperative, email="coop@test.odco.ma")
    coach = coach_for(cooperative).coach.user
    canvas_save(actor=member, cooperative=cooperative, language="ar", blocks={"channels": "المعارض"})
    comment_add(
        actor=coach, cooperative=cooperative, subject="canvas", block="channels", body="أي معارض بالضبط؟"
    )

    page = phone_page
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    log_in(page, live_server, "coop@test.odco.ma", PASSWORD)

    page.goto(f"{live_server.url}/me/")
    page.click("#open-my-project")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "dir") == "rtl"
    assert has_no_horizontal_scroll(page)

    page.goto(f"{live_server.url}/me/project/canvas/")
    assert has_no_horizontal_scroll(page)
    assert "أي معارض بالضبط؟" in page.inner_text("[data-block=channels]")
    page.select_option("#id_language", "ar")
    page.fill("#id_customer_segments", "السياح في أكادير ومحلات البقالة الراقية")
    page.fill("#id_channels", "المعارض والمتجر الإلكتروني")
    page.fill("#id_value_propositions", "زيت أركان معصور على البارد وقابل للتتبع")
    screenshot(page, "projects-canvas-ar-375")
    page.click("#save-canvas")
    page.wait_for_load_state("networkidle")
    assert has_no_horizontal_scroll(page)

    versions = list(CanvasVersion.objects.filter(cooperative=cooperative).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].language == "ar"
    assert versions[1].blocks["channels"] == "المعارض والمتجر الإلكتروني"
    assert versions[1].blocks["customer_segments"] == "السياح في أكادير ومحلات البقالة الراقية"
    # The page shows the saved text back, and the history keeps both versions.
    assert page.input_value("#id_channels") == "المعارض والمتجر الإلكتروني"
    page.goto(f"{live_server.url}/me/project/canvas/history/")
    assert page.locator("[data-version]").count() == 2
    assert has_no_horizontal_scroll(page)
    screenshot(page, "projects-canvas-history-ar-375")

    # The plan, its table and charts fit the phone too.
    plan_save(actor=member, cooperative=cooperative, inputs=worked_example())
    page.goto(f"{live_server.url}/me/project/plan/")
    assert page.locator("#plan-figures [data-cash='3']").count() == 1
    assert page.locator("figure.chart svg").count() == 2
    assert has_no_horizontal_scroll(page)
    screenshot(page, "projects-plan-ar-375")


def test_the_public_showcase_in_arabic_on_a_phone(live_server, phone_page):
    from prizes.services.showcase import photo_add, public_profile_save, public_profile_transition
    from tests.projects.factories import image_upload, make_laureate

    cooperative = make_laureate(name_fr="Coopérative Tifawine", name_ar="تعاونية تيفاوين")
    member = make_user("cooperative", cooperative=cooperative)
    photo = photo_add(actor=member, cooperative=cooperative, upload=image_upload(), caption="Atelier")
    profile = public_profile_save(
        actor=member,
        cooperative=cooperative,
        photo_ids=[photo.pk],
        summary_fr="Huile d'argan traçable",
        summary_ar="زيت أركان قابل للتتبع",
        contact_email="contact@tifawine.ma",
    )
    public_profile_transition(actor=member, profile=profile, name="submit")
    public_profile_transition(actor=make_user("coordinator"), profile=profile, name="approve")

    page = phone_page
    page.goto(f"{live_server.url}/laureats/?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "تعاونية تيفاوين" in page.inner_text("#laureates")
    assert has_no_horizontal_scroll(page)
    screenshot(page, "showcase-list-ar-375")
    page.click(f"[data-laureate='{profile.slug}'] h2 a")
    page.wait_for_load_state("networkidle")
    assert "زيت أركان قابل للتتبع" in page.inner_text("#laureate")
    assert "contact@tifawine.ma" in page.inner_text("#contact")
    assert page.evaluate("document.querySelector('#laureate img').naturalWidth") > 0  # served by the view
    assert has_no_horizontal_scroll(page)
    screenshot(page, "showcase-detail-ar-375")
