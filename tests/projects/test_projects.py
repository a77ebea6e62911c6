"""Canvas versions and comments, the plan service, the pitch deck PDF and photos."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from coaching.models import CanvasVersion, FinancialPlan, PitchDeck, ProjectComment
from coaching.services_projects import canvas_save, comment_add, deck_request, plan_save
from odco.jobs.models import Job
from prizes.models import CooperativePhoto
from prizes.services.showcase import photo_add
from tests.factories import CooperativeFactory, make_user

from .factories import coach_for, image_upload, worked_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def coop():
    return CooperativeFactory(name_fr="Coopérative Tifawin", name_ar="تعاونية تيفاوين")


@pytest.fixture
def member(coop):
    return make_user("cooperative", cooperative=coop)


def test_each_save_is_a_new_version_and_the_history_keeps_them(coop, member):
    first = canvas_save(
        actor=member, cooperative=coop, language="fr", blocks={"customer_segments": "Touristes"}
    )
    same = canvas_save(
        actor=member, cooperative=coop, language="fr", blocks={"customer_segments": " Touristes "}
    )
    second = canvas_save(
        actor=member,
        cooperative=coop,
        language="ar",
        blocks={"customer_segments": "السياح", "channels": "المعارض"},
    )
    assert (first.number, same.pk, second.number) == (1, first.pk, 2)
    versions = list(CanvasVersion.objects.filter(cooperative=coop).order_by("number"))
    assert [(v.number, v.language, v.blocks["customer_segments"]) for v in versions] == [
        (1, "fr", "Touristes"),
        (2, "ar", "السياح"),
    ]
    assert versions[1].blocks["channels"] == "المعارض" and versions[1].blocks["key_partners"] == ""


def test_only_the_cooperative_itself_edits_its_canvas(coop):
    other = make_user("cooperative", cooperative=CooperativeFactory())
    for actor in (other, make_user("coach"), make_user("coordinator")):
        with pytest.raises(PermissionDenied):
            canvas_save(actor=actor, cooperative=coop, language="fr", blocks={"channels": "x"})
    assert CanvasVersion.objects.count() == 0


def test_empty_or_too_long_canvas_is_refused(coop, member):
    with pytest.raises(ValidationError) as caught:
        canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "x" * 1501})
    assert caught.value.message_dict == {"channels": ["At most 1500 characters."]}
    with pytest.raises(ValidationError) as caught:
        canvas_save(actor=member, cooperative=coop, language="fr", blocks={})
    assert caught.value.messages == ["Fill in at least one block of the canvas."]
    assert CanvasVersion.objects.count() == 0


def test_the_coach_comments_block_by_block_on_the_current_version(coop, member):
    assignment = coach_for(coop)
    canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "Salons"})
    v2 = canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "Salons, en ligne"})
    comment = comment_add(
        actor=assignment.coach.user,
        cooperative=coop,
        subject="canvas",
        block="channels",
        body="Quels salons ?",
    )
    assert (comment.canvas_version_id, comment.block, comment.author_id) == (
        v2.pk,
        "channels",
        assignment.coach.user.pk,
    )
    plan_comment = comment_add(
        actor=make_user("coordinator"),
        cooperative=coop,
        subject="plan",
        block="funding",
        body="Le prix est acquis.",
    )
    assert plan_comment.canvas_version_id is None


def test_comments_are_refused_to_other_coaches_and_to_the_cooperative(coop, member):
    canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "Salons"})
    for actor in (member, make_user("coach"), make_user("delegation", region_code="09")):
        with pytest.raises(PermissionDenied):
            comment_add(actor=actor, cooperative=coop, subject="canvas", block="channels", body="x")
    with pytest.raises(ValidationError) as caught:
        comment_add(actor=make_user("coordinator"), cooperative=coop, subject="canvas", block="nope", body="")
    assert caught.value.message_dict == {
        "block": ["Choose a block of the canvas or a part of the plan."],
        "body": ["Write your comment."],
    }
    assert ProjectComment.objects.count() == 0


def test_plan_save_stores_a_balanced_plan_and_refuses_an_unbalanced_one(coop, member):
    plan = plan_save(actor=member, cooperative=coop, inputs=worked_example(), assumptions="Prix 2025")
    assert plan.products[0]["price"] == "150.00" and plan.funding[0]["kind"] == "prize"
    inputs = worked_example()
    unbalanced = type(inputs)(**{**inputs.__dict__, "funding": inputs.funding[:1], "start_year": 2030})
    with pytest.raises(ValidationError):
        plan_save(actor=member, cooperative=coop, inputs=unbalanced)
    plan.refresh_from_db()
    assert (plan.start_year, len(plan.funding)) == (2026, 2)


def _pdf_text(deck) -> str:
    with deck.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_deck_pdf_holds_the_canvas_and_the_figures_in_both_languages(
    coop, member, django_capture_on_commit_callbacks
):
    canvas_save(
        actor=member,
        cooperative=coop,
        language="fr",
        blocks={"value_propositions": "Huile pressée à froid traçable", "channels": "Salons"},
    )
    plan_save(actor=member, cooperative=coop, inputs=worked_example())
    photo_add(actor=member, cooperative=coop, upload=image_upload(), caption="Atelier")
    with django_capture_on_commit_callbacks(execute=True):
        job = deck_request(actor=member, cooperative=coop)
    job.refresh_from_db()
    deck = PitchDeck.objects.get(job_id=job.pk)
    assert (job.status, deck.status, deck.number) == (Job.Status.SUCCEEDED, "ready", 1)
    assert job.result_url == reverse("coaching:deck_download", args=[deck.pk])
    text = _pdf_text(deck)
    # The canvas and the figures appear twice: once in the French part, once in the Arabic part.
    assert text.count("Huile pressée à froid traçable") == 2
    assert text.count("175000.00") == 2 and text.count("117250.00") == 2
    assert text.count("187324") == 2
    assert text.count("-7500.00") == 2  # negative figures read left to right in the Arabic part too
    # The French part names the cooperative and its region in French, the Arabic part in Arabic.
    assert "Coopérative Tifawin" in text and "Souss-Massa" in text
    assert "تعاونية تيفاوين" in text and "سوس ماسة" in text


def test_deck_render_twice_changes_nothing(coop, member, django_capture_on_commit_callbacks):
    from coaching.services_projects import deck_render
    from coaching.tasks import pitch_deck_task

    canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "Salons"})
    with django_capture_on_commit_callbacks(execute=True):
        job = deck_request(actor=member, cooperative=coop)
    deck = PitchDeck.objects.get(job_id=job.pk)
    name = deck.file.name
    deck_render(deck_id=deck.pk)
    pitch_deck_task(str(job.pk))
    deck.refresh_from_db()
    assert (deck.file.name, PitchDeck.objects.count()) == (name, 1)


def test_no_deck_without_a_canvas(coop, member):
    with pytest.raises(ValidationError):
        deck_request(actor=member, cooperative=coop)
    assert (PitchDeck.objects.count(), Job.objects.count()) == (0, 0)


def test_photos_are_checked_by_content_resized_and_size_limited(coop, member, settings):
    photo = photo_add(
        actor=member, cooperative=coop, upload=image_upload(size=(3200, 1600)), caption="Presse"
    )
    assert (photo.width, photo.height) == (1600, 800)
    with photo.image.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"  # stored as a web-size JPEG
    assert (
        photo.image.name.startswith(f"prizes/photos/{coop.pk}/")
        and "photo" not in photo.image.name.split("/")[-1]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "fake.jpg", b"\xff\xd8\xff\xe0 not really a jpeg" * 10, content_type="image/jpeg"
    )
    with pytest.raises(ValidationError) as caught:
        photo_add(actor=member, cooperative=coop, upload=fake)
    assert caught.value.message_dict == {"image": ["Send a photo (JPEG, PNG or WebP)."]}
    settings.ODCO_PHOTO_MAX_BYTES = 100
    with pytest.raises(ValidationError) as caught:
        photo_add(actor=member, cooperative=coop, upload=image_upload())
    assert caught.value.message_dict["image"][0].startswith("This file is too large")
    with pytest.raises(PermissionDenied):
        photo_add(
            actor=make_user("cooperative", cooperative=CooperativeFactory()),
            cooperative=coop,
            upload=image_upload(),
        )
    assert CooperativePhoto.objects.count() == 1


def test_plan_model_is_one_per_cooperative(coop, member):
    plan_save(actor=member, cooperative=coop, inputs=worked_example())
    plan_save(actor=member, cooperative=coop, inputs=worked_example(2027))
    assert list(FinancialPlan.objects.values_list("start_year", flat=True)) == [2027]


def test_simulation_records_the_deck_rehearsed_and_refuses_another_cooperatives(
    coop, member, django_capture_on_commit_callbacks
):
    import time_machine

    from coaching.scoring import simulation_record
    from tests.coaching.factories import IN_WINDOW, scores_for

    assignment = coach_for(coop)
    canvas_save(actor=member, cooperative=coop, language="fr", blocks={"channels": "Salons"})
    with django_capture_on_commit_callbacks(execute=True):
        deck_request(actor=member, cooperative=coop)
    deck = PitchDeck.objects.get(cooperative=coop)
    other = PitchDeck.objects.create(cooperative=CooperativeFactory(), number=1, status="ready")
    phase = assignment.candidacy.edition.phase
    with time_machine.travel(IN_WINDOW, tick=False):
        from datetime import date

        kwargs = {
            "actor": assignment.coach.user,
            "assignment": assignment,
            "held_on": date(2025, 5, 19),
            "points": scores_for(phase, 5, 5, 5, 5, 5),
            "feedback": "Bien",
        }
        with pytest.raises(ValidationError) as caught:
            simulation_record(**kwargs, deck=other)
        assert caught.value.message_dict == {"deck": ["Choose a pitch deck of this cooperative."]}
        simulation = simulation_record(**kwargs, deck=deck)
    assert simulation.deck_id == deck.pk
    assert list(deck.simulations.all()) == [simulation]
