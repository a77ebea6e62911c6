"""The provider's concept note for a phase, its versions and ODCO's reviews."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConceptNote(models.Model):
    """One per phase. Its status moves through `prizes.services.concept_notes`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        VALIDATED = "validated", _("validated")

    phase = models.OneToOneField(
        "prizes.Phase", on_delete=models.CASCADE, related_name="concept_note", verbose_name=_("phase")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("validated by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("concept note")
        verbose_name_plural = _("concept notes")
        ordering = ["phase_id"]

    def __str__(self):
        return str(_("Concept note of %(edition)s") % {"edition": self.phase.edition})


class ConceptNoteVersion(models.Model):
    """A version of the note. Frozen once submitted: a revision after review is a new version."""

    note = models.ForeignKey(
        ConceptNote, on_delete=models.CASCADE, related_name="versions", verbose_name=_("note")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    priority_axes = models.TextField(_("priority axes"))
    training_modules = models.TextField(_("training modules"))
    teaching_tools = models.TextField(_("teaching tools"))
    calendar = models.TextField(_("calendar"))
    kit_contents = models.TextField(_("kit contents"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    CONTENT_FIELDS = ("priority_axes", "training_modules", "teaching_tools", "calendar", "kit_contents")

    class Meta:
        verbose_name = _("concept note version")
        verbose_name_plural = _("concept note versions")
        ordering = ["note_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="concept_note_version_unique")]

    def __str__(self):
        return str(_("Version %(number)s") % {"number": self.number})

    @property
    def is_frozen(self) -> bool:
        return self.submitted_at is not None


class ConceptNoteReview(models.Model):
    """ODCO's decision on a submitted version, with its comments."""

    class Decision(models.TextChoices):
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        VALIDATED = "validated", _("validated")

    version = models.ForeignKey(
        ConceptNoteVersion, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("version")
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comments"), blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("concept note review")
        verbose_name_plural = _("concept note reviews")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.get_decision_display()
