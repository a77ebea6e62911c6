"""Forms parse input; services decide. Field names match the services' error keys."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from odco.forms import add_service_errors  # noqa: F401 - the apps import it from here
from odco.regions.models import Region

from .models import Action, CoachingSession, Language, Specialty
from .scoring import CriterionChange
from .services import AgreedAction

ACTION_ROWS = 3


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (checkbox and radio lists are laid out by templates)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css


class SessionForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=480,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
    )
    mode = forms.ChoiceField(
        label=_("Mode"), choices=CoachingSession.Mode.choices, widget=forms.RadioSelect, initial="in_person"
    )
    topics = forms.CharField(label=_("Topics"), max_length=255)
    notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen only by you and the coordinator, never by the cooperative."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        for i in range(ACTION_ROWS):
            self.fields[f"action_{i}_title"] = forms.CharField(
                label=_("Action"), max_length=255, required=False
            )
            self.fields[f"action_{i}_owner"] = forms.ChoiceField(
                label=_("Owner"), choices=Action.Owner.choices, initial=Action.Owner.COOPERATIVE
            )
            self.fields[f"action_{i}_due_on"] = forms.DateField(
                label=_("Due on"), required=False, widget=DateInput()
            )
        self.style_widgets()

    def action_rows(self):
        return [
            (self[f"action_{i}_title"], self[f"action_{i}_owner"], self[f"action_{i}_due_on"])
            for i in range(ACTION_ROWS)
        ]

    def clean(self):
        data = super().clean()
        for i in range(ACTION_ROWS):
            title, due_on = data.get(f"action_{i}_title"), data.get(f"action_{i}_due_on")
            if title and not due_on and f"action_{i}_due_on" not in self.errors:
                self.add_error(f"action_{i}_due_on", _("Give the action a due date."))
            if due_on and not title:
                self.add_error(f"action_{i}_title", _("Describe the action, or clear its date."))
        return data

    def agreed_actions(self) -> list[AgreedAction]:
        data = self.cleaned_data
        return [
            AgreedAction(data[f"action_{i}_title"], data[f"action_{i}_owner"], data[f"action_{i}_due_on"])
            for i in range(ACTION_ROWS)
            if data.get(f"action_{i}_title")
        ]

    def session_data(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("held_on", "duration_minutes", "mode", "topics", "notes")}


class SimulationForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    feedback = forms.CharField(label=_("Written feedback"), widget=forms.Textarea(attrs={"rows": 4}))
    recording_url = forms.URLField(
        label=_("Recording link"), required=False, assume_scheme="https", help_text=_("Optional.")
    )

    deck = forms.TypedChoiceField(
        label=_("Pitch deck rehearsed"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Optional."),
    )

    def __init__(self, *args, rubric, criteria, decks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.decks = {deck.pk: deck for deck in decks}
        self.fields["deck"].choices = [("", "—")] + [(deck.pk, str(deck)) for deck in decks]
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.DecimalField(
                label=criterion.label,
                min_value=Decimal(0),
                max_value=Decimal(rubric.scale),
                decimal_places=1,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
            )
        self.style_widgets()

    def criterion_fields(self):
        return [(c, self[f"criterion_{c.pk}"]) for c in self.criteria]

    def chosen_deck(self):
        return self.decks.get(self.cleaned_data.get("deck"))

    def points(self) -> dict[int, Decimal]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class AssignForm(forms.Form):
    coach = forms.IntegerField(widget=forms.HiddenInput)


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Specialties needed"),
        choices=Specialty.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class HoursForm(StyledForm):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data


class CoachProfileForm(StyledForm):
    specialties = forms.MultipleChoiceField(
        label=_("Specialties"), choices=Specialty.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions served"),
        queryset=Region.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=60, initial=8)
    is_available = forms.BooleanField(label=_("Available for new assignments"), required=False, initial=True)
    availability_note = forms.CharField(label=_("Availability"), max_length=255, required=False)
    bio = forms.CharField(label=_("Profile"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RubricForm(StyledForm):
    scale = forms.IntegerField(label=_("Points per criterion"), min_value=1, max_value=100)
    ready_at = forms.IntegerField(label=_("Ready from (%)"), min_value=1, max_value=100)
    new_name = forms.CharField(label=_("New criterion"), max_length=150, required=False)
    new_weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2, required=False
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"weight_{c.pk}"] = forms.DecimalField(
                label=_("Weight"), min_value=Decimal("0.01"), max_digits=5, decimal_places=2, initial=c.weight
            )
            self.fields[f"remove_{c.pk}"] = forms.BooleanField(label=_("Remove"), required=False)
        self.style_widgets()

    def rows(self):
        return [(c, self[f"weight_{c.pk}"], self[f"remove_{c.pk}"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        if data.get("new_name") and not data.get("new_weight"):
            self.add_error("new_weight", _("Give the new criterion a weight."))
        return data

    def changes(self) -> list[CriterionChange]:
        data = self.cleaned_data
        kept = [
            CriterionChange(c.code, c.name, data[f"weight_{c.pk}"])
            for c in self.criteria
            if not data.get(f"remove_{c.pk}")
        ]
        if data.get("new_name"):
            code = slugify(data["new_name"])[:40] or f"criterion-{len(self.criteria) + 1}"
            kept.append(CriterionChange(code, data["new_name"], data["new_weight"]))
        return kept
