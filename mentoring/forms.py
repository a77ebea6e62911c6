"""Forms parse input; services decide. Field names match the services' error keys."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coaching.forms import DateInput, StyledForm
from coaching.models import Language, Specialty
from cooperatives.models import Sector
from cooperatives.normalize import phone_to_e164
from odco.regions.models import Province, Region
from prizes.models import Edition

from .models import Meeting, Mentor, Need


def _region_choices():
    return [("", _("All regions"))] + [(r.code, f"{r.code} · {r.name}") for r in Region.objects.all()]


class DirectoryFilterForm(StyledForm):
    q = forms.CharField(label=_("Name"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    expertise = forms.ChoiceField(
        label=_("Expertise area"), required=False, choices=[("", _("All areas")), *Specialty.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )
    available = forms.BooleanField(label=_("Available only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _region_choices()
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.code, s.name) for s in Sector.objects.all()
        ]


PRIORITY_CHOICES = [("", _("not needed")), *[(str(v), label) for v, label in Need.Priority.choices]]


class NeedsForm(StyledForm):
    """One priority per expertise area (empty: not needed), the languages, and notes."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in Specialty.choices:
            self.fields[f"need_{code}"] = forms.TypedChoiceField(
                label=label, choices=PRIORITY_CHOICES, required=False, coerce=int, empty_value=None
            )
        self.style_widgets()

    def area_fields(self):
        return [self[f"need_{code}"] for code in Specialty.values]

    def needs(self) -> list[tuple[str, int]]:
        return [
            (code, self.cleaned_data[f"need_{code}"])
            for code in Specialty.values
            if self.cleaned_data.get(f"need_{code}")
        ]


class TransitionForm(forms.Form):
    name = forms.CharField(max_length=40)
    comment = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ObjectiveForm(StyledForm):
    title = forms.CharField(label=_("Objective"), max_length=255)
    target_date = forms.DateField(label=_("Target date"), widget=DateInput())


class MeetingForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    mode = forms.ChoiceField(
        label=_("Mode"), choices=Meeting.Mode.choices, widget=forms.RadioSelect, initial="in_person"
    )
    topics = forms.CharField(label=_("Topics"), max_length=255)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by you and the coordinator, not by the laureate."),
    )

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()
        self.objectives = list(objectives)
        for objective in self.objectives:
            self.fields[f"objective_{objective.pk}"] = forms.IntegerField(
                label=objective.title,
                required=False,
                min_value=0,
                max_value=100,
                initial=objective.progress,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 5}),
                help_text=_("Progress in %"),
            )
        self.style_widgets()

    def objective_fields(self):
        return [self[f"objective_{o.pk}"] for o in self.objectives]

    def progress(self) -> dict[int, int]:
        return {
            o.pk: self.cleaned_data[f"objective_{o.pk}"]
            for o in self.objectives
            if self.cleaned_data.get(f"objective_{o.pk}") is not None
        }


class EvaluationForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(str(i), str(i)) for i in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class CohortForm(StyledForm):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.none(), empty_label=None)
    region = forms.ChoiceField(label=_("Region"), required=False)
    include_remote = forms.BooleanField(label=_("Also propose mentors far from the laureate"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = (
            Edition.objects.select_related("prize")
            .filter(candidacies__status="laureate")
            .distinct()
            .order_by("-year", "prize__code")
        )
        self.fields["region"].choices = _region_choices()


class MentorForm(StyledForm):
    """A mentor's profile as the coordinator records it (`mentor_save` validates the rest)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Mentor.Kind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Presentation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions where they work"),
        queryset=Region.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    provinces = forms.ModelMultipleChoiceField(
        label=_("Prefectures and provinces where they work"),
        queryset=Province.objects.select_related("region").order_by("region__code", "name_fr"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        required=False,
        help_text=_("Only if they work in a few places of a region; each must lie in a chosen region."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.order_by("code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None: every sector."),
    )
    expertise = forms.MultipleChoiceField(
        label=_("Expertise areas"), choices=Specialty.choices, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=50,
        initial=3,
        help_text=_("The most laureates this mentor follows at the same time."),
    )
    is_available = forms.BooleanField(label=_("Available for new mentees"), required=False, initial=True)
    availability_note = forms.CharField(label=_("Availability"), max_length=255, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=30, required=False)

    CHECKBOX_LISTS = ("kind", "regions", "sectors", "expertise", "languages")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinces"].label_from_instance = lambda p: f"{p.region.code} · {p.name}"

    def clean_contact_phone(self):
        try:
            return phone_to_e164(self.cleaned_data["contact_phone"])
        except ValueError:
            raise forms.ValidationError(
                _("Enter a Moroccan phone number, for example 06 61 23 45 67."), code="phone"
            ) from None

    def clean(self):
        data = super().clean()
        regions, provinces = data.get("regions") or [], data.get("provinces") or []
        outside = [p for p in provinces if p.region_id not in {r.pk for r in regions}]
        if outside:
            self.add_error(
                "provinces",
                _("%(names)s: choose its region too, or remove it.")
                % {"names": ", ".join(p.name for p in outside)},
            )
        return data

    @classmethod
    def initial_for(cls, mentor: Mentor) -> dict:
        return {
            "kind": mentor.kind,
            "name": mentor.name,
            "description": mentor.description,
            "regions": list(mentor.regions.all()),
            "provinces": list(mentor.provinces.all()),
            "sectors": list(mentor.sectors.all()),
            "expertise": mentor.expertise,
            "languages": mentor.languages,
            "capacity": mentor.capacity,
            "is_available": mentor.is_available,
            "availability_note": mentor.availability_note,
            "contact_name": mentor.contact_name,
            "contact_email": mentor.contact_email,
            "contact_phone": mentor.contact_phone,
        }
