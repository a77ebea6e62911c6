"""The public showcase: only approved, public content; never personal data; the workflow;
query counts of every new page at two data sizes."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from coaching.services_projects import canvas_save, comment_add, plan_save
from cooperatives.models import Member
from odco.links import site_url
from prizes.models import PublicProfile
from prizes.services.showcase import (
    photo_add,
    public_profile_save,
    public_profile_transition,
    public_profile_withdraw,
)
from tests.factories import CooperativeFactory, make_user
from tests.querycount import assert_same_query_count

from .factories import coach_for, image_upload, make_laureate, worked_example

pytestmark = pytest.mark.django_db

PERSONAL = (
    "Fatima Zahra Amrani",
    "0661234567",
    "+212661234567",
    "JB123456",
    "Khadija Ait Brahim",
    "president@coop.ma",
)


@pytest.fixture
def laureate():
    cooperative = make_laureate(
        name_fr="Coopérative Argan Tifawin",
        president="Fatima Zahra Amrani",
        phone="+212661234567",
        email="president@coop.ma",
    )
    Member.objects.create(
        cooperative=cooperative,
        first_name="Khadija",
        last_name="Ait Brahim",
        gender="F",
        phone="+212661234567",
        national_id="JB123456",
    )
    return cooperative


@pytest.fixture
def member(laureate):
    return make_user("cooperative", cooperative=laureate)


@pytest.fixture
def reviewer():
    return make_user("coordinator")


def _publish(member, reviewer, cooperative, **fields):
    photo = photo_add(actor=member, cooperative=cooperative, upload=image_upload(), caption="Presse")
    fields = {"summary_fr": "Huile d'argan du Souss", "summary_ar": "زيت أركان من سوس", **fields}
    profile = public_profile_save(actor=member, cooperative=cooperative, photo_ids=[photo.pk], **fields)
    public_profile_transition(actor=member, profile=profile, name="submit")
    return public_profile_transition(actor=reviewer, profile=profile, name="approve"), photo


def test_only_approved_pages_appear_and_never_personal_data(client, laureate, member, reviewer):
    profile = public_profile_save(actor=member, cooperative=laureate, summary_fr="Brouillon secret")
    page = client.get(reverse("showcase:list")).content.decode()
    assert "Brouillon secret" not in page and laureate.name_fr not in page
    assert client.get(reverse("showcase:detail", args=[profile.slug])).status_code == 404

    profile, photo = _publish(member, reviewer, laureate, products_fr="Huile, savon")
    cache.clear()
    listing = client.get(reverse("showcase:list")).content.decode()
    detail = client.get(reverse("showcase:detail", args=[profile.slug])).content.decode()
    assert (
        laureate.name_fr in listing and "Huile d&#x27;argan du Souss" in detail and "Huile, savon" in detail
    )
    for text in PERSONAL:
        assert text not in listing and text not in detail, text
    assert client.get(reverse("showcase:photo", args=[photo.pk]))["Content-Type"] == "image/jpeg"
    # canonical links are built from the public address (odco.links), not the request's host
    assert f'<link rel="canonical" href="{site_url()}/laureats/{profile.slug}/?lang=fr">' in detail
    assert '<meta name="description" content="Huile d&#x27;argan du Souss">' in detail


def test_the_page_shows_arabic_with_lang_ar(client, laureate, member, reviewer):
    profile, _photo = _publish(member, reviewer, laureate)
    page = client.get(reverse("showcase:detail", args=[profile.slug]) + "?lang=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in page and "زيت أركان من سوس" in page
    assert "Huile d&#x27;argan du Souss" not in page


def _article(client, slug) -> str:
    page = client.get(reverse("showcase:detail", args=[slug])).content.decode()
    return page[page.index('<article id="laureate"') : page.index("</article>")]


def test_changes_after_approval_wait_for_a_new_approval(
    client, laureate, member, reviewer, django_capture_on_commit_callbacks
):
    profile, _photo = _publish(member, reviewer, laureate)
    profile = public_profile_save(actor=member, cooperative=laureate, summary_fr="Nouveau texte non approuvé")
    assert profile.status == PublicProfile.Status.DRAFT
    cache.clear()
    article = _article(client, profile.slug)
    assert "Nouveau texte non approuvé" not in article and "Huile d&#x27;argan du Souss" in article
    public_profile_transition(actor=member, profile=profile, name="submit")
    with django_capture_on_commit_callbacks(execute=True):
        public_profile_transition(actor=reviewer, profile=profile, name="approve")
    article = _article(client, profile.slug)
    # The approval started a new cache generation: the new text is served at once.
    assert "Nouveau texte non approuvé" in article and "Huile d&#x27;argan du Souss" not in article


def test_photos_not_chosen_stay_private(client, laureate, member, reviewer):
    _profile, _chosen = _publish(member, reviewer, laureate)
    private = photo_add(actor=member, cooperative=laureate, upload=image_upload(), caption="Privée")
    assert client.get(reverse("showcase:photo", args=[private.pk])).status_code == 404
    assert private.image.url.startswith("/media/prizes/photos/")  # never linked: no MEDIA view is mounted
    assert client.get(private.image.url).status_code == 404


def test_workflow_refusals_change_nothing(laureate, member, reviewer):
    profile = public_profile_save(actor=member, cooperative=laureate, summary_fr="Texte")
    with pytest.raises(PermissionDenied):
        public_profile_transition(actor=reviewer, profile=profile, name="approve")  # not submitted yet
    with pytest.raises(PermissionDenied):
        public_profile_transition(actor=make_user("coach"), profile=profile, name="submit")
    public_profile_transition(actor=member, profile=profile, name="submit")
    with pytest.raises(PermissionDenied):
        public_profile_transition(actor=member, profile=profile, name="approve")
    with pytest.raises(ValidationError) as caught:
        public_profile_transition(actor=reviewer, profile=profile, name="return")
    assert caught.value.message_dict == {"note": ["Say what the cooperative should change."]}
    profile.refresh_from_db()
    assert (profile.status, profile.published) == ("submitted", None)
    public_profile_transition(actor=reviewer, profile=profile, name="return", note="Ajoutez l'arabe")
    profile.refresh_from_db()
    assert (profile.status, profile.review_note) == ("returned", "Ajoutez l'arabe")


def test_only_laureates_may_submit(member):
    other = CooperativeFactory()
    owner = make_user("cooperative", cooperative=other)
    profile = public_profile_save(actor=owner, cooperative=other, summary_fr="Texte")
    with pytest.raises(ValidationError) as caught:
        public_profile_transition(actor=owner, profile=profile, name="submit")
    assert caught.value.messages == ["Only laureates of a prize appear on the public showcase."]
    profile.refresh_from_db()
    assert profile.status == "draft"


def test_withdraw_takes_the_page_offline(client, laureate, member, reviewer):
    profile, _photo = _publish(member, reviewer, laureate)
    public_profile_withdraw(actor=member, profile=profile)
    assert client.get(reverse("showcase:detail", args=[profile.slug])).status_code == 404


def test_filters_by_region_and_sector(client, reviewer):
    north = make_laureate(region_code="01", name_fr="Coop Nord")
    south = make_laureate(region_code="09", name_fr="Coop Sud")
    for cooperative in (north, south):
        _publish(make_user("cooperative", cooperative=cooperative), reviewer, cooperative)
    page = client.get(reverse("showcase:list") + "?region=01").content.decode()
    assert "Coop Nord" in page and "Coop Sud" not in page
    page = client.get(reverse("showcase:list") + "?sector=nope").content.decode()
    assert "Coop Nord" not in page and 'id="no-laureates"' in page


def _grow_laureates(reviewer):
    def grow(n):
        while PublicProfile.objects.filter(published__isnull=False).count() < n:
            cooperative = make_laureate()
            _publish(make_user("cooperative", cooperative=cooperative), reviewer, cooperative)
        cache.clear()

    return grow


def test_showcase_query_counts(client, reviewer):
    grow = _grow_laureates(reviewer)
    assert_same_query_count(client, reverse("showcase:list"), grow, small=2, large=6)
    cache_hit_count = None
    from tests.querycount import count_queries

    count_queries(client, reverse("showcase:list"))
    cache_hit_count, _response = count_queries(client, reverse("showcase:list"))
    assert cache_hit_count <= 2  # the content comes from the cache
    slug = PublicProfile.objects.first().slug
    assert_same_query_count(client, reverse("showcase:detail", args=[slug]), grow, small=6, large=8)
    assert_same_query_count(client, reverse("showcase:sitemap"), grow, small=8, large=10)


def test_review_list_query_count(client, reviewer):
    client.force_login(reviewer)
    assert_same_query_count(
        client, reverse("prizes:showcase_review_list"), _grow_laureates(reviewer), small=2, large=6
    )


def test_project_pages_query_counts(client, laureate, member):
    assignment = coach_for(laureate)
    coach = assignment.coach.user
    plan_save(actor=member, cooperative=laureate, inputs=worked_example())

    def grow(n):
        from coaching.models import CanvasVersion

        while CanvasVersion.objects.filter(cooperative=laureate).count() < n:
            number = CanvasVersion.objects.filter(cooperative=laureate).count()
            canvas_save(
                actor=member, cooperative=laureate, language="fr", blocks={"channels": f"Salons {number}"}
            )
            comment_add(
                actor=coach, cooperative=laureate, subject="canvas", block="channels", body=f"c{number}"
            )
            comment_add(actor=coach, cooperative=laureate, subject="plan", block="costs", body=f"p{number}")
            photo_add(actor=member, cooperative=laureate, upload=image_upload(size=(20, 20)))

    client.force_login(member)
    for name in ("home", "canvas", "canvas_history", "plan", "photos", "public_page"):
        assert_same_query_count(client, reverse(f"projects:{name}"), grow, small=2, large=4)
    client.force_login(coach)
    for name in ("coaching:project", "coaching:project_history"):
        assert_same_query_count(client, reverse(name, args=[laureate.pk]), grow, small=4, large=6)
    client.force_login(member)
    assert_same_query_count(client, reverse("me"), grow, small=4, large=6)


def test_the_list_is_paginated(client, reviewer, settings):
    settings.ODCO_PAGE_SIZE = 2
    _grow_laureates(reviewer)(3)
    first = client.get(reverse("showcase:list")).content.decode()
    second = client.get(reverse("showcase:list") + "?page=2").content.decode()
    assert (first.count("data-laureate="), second.count("data-laureate=")) == (2, 1)
    assert 'rel="next" href="?lang=fr&amp;page=2"' in first
    assert f'<link rel="canonical" href="{site_url()}/laureats/?lang=fr&amp;page=2">' in second
