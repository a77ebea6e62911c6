"""Forms parse input; services decide. Service errors land on the named field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from odco.forms import add_service_errors  # noqa: F401 - the apps import it from here
from odco.uploads import check_upload

from .models import ConceptNoteVersion


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class OverrideForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Eligible")), ("0", _("Ineligible"))],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    justification = forms.CharField(
        label=_("Written justification"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("A written justification is required to override eligibility.")},
    )


class ConceptNoteForm(forms.ModelForm):
    class Meta:
        model = ConceptNoteVersion
        fields = list(ConceptNoteVersion.CONTENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4, "class": "form-control"})
            for name in ConceptNoteVersion.CONTENT_FIELDS
        }


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Nature of the conflict of interest"),
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        error_messages={"required": _("Describe the conflict of interest.")},
    )


class ScoreForm(forms.Form):
    """One number field per criterion, named `criterion-<id>`, and an optional comment."""

    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        scores = scores or {}
        self.criteria = criteria
        for criterion in criteria:
            given = scores.get(criterion.pk)
            self.fields[f"criterion-{criterion.pk}"] = forms.DecimalField(
                label=criterion.name,
                min_value=0,
                max_value=criterion.max_points,
                max_digits=5,
                decimal_places=2,
                initial=given.points if given else None,
                error_messages={
                    "required": _("Give a score for this criterion."),
                    "min_value": _("Enter a score between 0 and %(max)s.") % {"max": criterion.max_points},
                    "max_value": _("Enter a score between 0 and %(max)s.") % {"max": criterion.max_points},
                },
                widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": criterion.max_points}),
            )
            self.fields[f"comment-{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                initial=given.comment if given else "",
                widget=forms.TextInput(),
            )

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"criterion-{criterion.pk}"], self[f"comment-{criterion.pk}"]

    def points(self) -> dict:
        return {c.pk: self.cleaned_data[f"criterion-{c.pk}"] for c in self.criteria}

    def comments(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"comment-{c.pk}", "") for c in self.criteria}


class DeliberationForm(forms.Form):
    laureates = forms.TypedMultipleChoiceField(
        label=_("Laureates"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one laureate.")},
    )
    minutes = forms.CharField(
        label=_("Minutes of the deliberation"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
        error_messages={"required": _("Record the minutes of the deliberation.")},
    )

    def __init__(self, *args, finalists=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laureates"].choices = [(c.pk, c.candidate_name) for c in finalists]


# -- settings of an edition (staff; phases also the coordinator) --------------------------------

TEXT = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}
DATE = {"class": "form-control form-control-sm", "type": "date"}


def formset_errors(formsets: dict, error: ValidationError) -> list:
    """Put `<prefix>-<index>-<field>` errors of a service on the formsets' forms; the rest is returned."""
    rest = []
    for key, messages in getattr(error, "message_dict", {"__all__": error.messages}).items():
        prefix, _sep, tail = key.partition("-")
        index, _sep, field = tail.partition("-")
        formset = formsets.get(prefix)
        if formset is not None and index.isdigit() and int(index) < len(formset.forms):
            form = formset.forms[int(index)]
            form.add_error(field if field in form.fields else None, messages)
        else:
            rest.extend(messages)
    return rest


def rows(formset) -> list[dict]:
    """The formset's filled rows as dicts for a service (`delete` set for removed rows)."""
    result = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data:
            continue
        result.append(
            {**{k: v for k, v in data.items() if k != "DELETE"}, "delete": data.get("DELETE", False)}
        )
    return result


class EditionForm(forms.ModelForm):
    class Meta:
        from .models import Edition

        model = Edition
        fields = [
            "prize",
            "year",
            "number",
            "stage",
            "call_opens_on",
            "call_closes_on",
            "award_amount",
            "laureates_planned",
        ]
        widgets = {
            "prize": forms.Select(attrs=SELECT),
            "stage": forms.Select(attrs=SELECT),
            "call_opens_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "call_closes_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "year": forms.NumberInput(attrs=TEXT),
            "number": forms.NumberInput(attrs=TEXT),
            "award_amount": forms.NumberInput(attrs=TEXT),
            "laureates_planned": forms.NumberInput(attrs=TEXT),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # an edition keeps its prize and year
            del self.fields["prize"]
            del self.fields["year"]
        else:
            self.fields["number"].required = False

    def validate_unique(self):
        pass  # the service validates (and names the field)


class CategoryRowForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.SlugField(label=_("Code"), max_length=40, widget=forms.TextInput(attrs=TEXT))
    name_fr = forms.CharField(label=_("Name (French)"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    requires_cooperative = forms.BooleanField(label=_("Requires a registered cooperative"), required=False)


class RuleRowForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(label=_("Category"), required=False, widget=forms.Select(attrs=SELECT))
    kind = forms.ChoiceField(label=_("Rule"), widget=forms.Select(attrs=SELECT))
    value = forms.DecimalField(
        label=_("Value"), required=False, max_digits=8, decimal_places=3, widget=forms.NumberInput(attrs=TEXT)
    )

    def __init__(self, *args, categories=(), **kwargs):
        from .models import EligibilityRule

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Every category")), *[(c.code, c.name) for c in categories]]
        self.fields["kind"].choices = EligibilityRule.Kind.choices

    def clean_category(self):
        return self.cleaned_data["category"] or None


CategoryFormSet = forms.formset_factory(CategoryRowForm, extra=1, can_delete=True)
RuleFormSet = forms.formset_factory(RuleRowForm, extra=1, can_delete=True)


class PhaseForm(forms.Form):
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    ends_on = forms.DateField(
        label=_("Ends on"),
        required=False,
        help_text=_("Empty: 45 days after the start."),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    scheduling = forms.ChoiceField(label=_("Scheduling"), widget=forms.Select(attrs=SELECT))
    follows = forms.ModelChoiceField(
        label=_("Runs after"), queryset=None, required=False, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, edition, **kwargs):
        from .models import Phase

        super().__init__(*args, **kwargs)
        self.fields["scheduling"].choices = Phase.Scheduling.choices
        self.fields["follows"].queryset = (
            Phase.objects.exclude(edition=edition).select_related("edition__prize").order_by("-starts_on")
        )


class MilestoneRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), widget=forms.Select(attrs=SELECT))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )

    def __init__(self, *args, **kwargs):
        from .models import Milestone

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Milestone.Kind.choices


MilestoneFormSet = forms.formset_factory(MilestoneRowForm, extra=1, can_delete=True)


class CriterionRowForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    position = forms.IntegerField(label=_("Position"), min_value=0, widget=forms.NumberInput(attrs=TEXT))
    code = forms.SlugField(label=_("Code"), max_length=40, widget=forms.TextInput(attrs=TEXT))
    name_fr = forms.CharField(label=_("Name (French)"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    name_ar = forms.CharField(label=_("Name (Arabic)"), max_length=150, widget=forms.TextInput(attrs=TEXT))
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0.01,
        max_digits=5,
        decimal_places=2,
        widget=forms.NumberInput(attrs=TEXT),
    )
    max_points = forms.IntegerField(
        label=_("Maximum points"), min_value=1, widget=forms.NumberInput(attrs=TEXT)
    )


CriterionFormSet = forms.formset_factory(CriterionRowForm, extra=1, can_delete=True)


class JuryAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Jury member"), queryset=None, widget=forms.Select(attrs=SELECT))
    is_president = forms.BooleanField(label=_("Jury president"), required=False)

    def __init__(self, *args, **kwargs):
        from django.contrib.auth import get_user_model

        from odco.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(role_assignments__role=Role.JURY, is_active=True)
            .distinct()
            .order_by("email")
        )


# -- registering a candidacy --------------------------------------------------------------------


class CandidacyRegisterForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=None, widget=forms.Select(attrs=SELECT))
    category = forms.ChoiceField(label=_("Category"), widget=forms.Select(attrs=SELECT))
    registration_number = forms.CharField(
        label=_("Registration number of the cooperative"),
        required=False,
        help_text=_("Empty for a project holder without a cooperative yet."),
        widget=forms.TextInput(attrs=TEXT),
    )
    holder_name = forms.CharField(
        label=_("Project holder"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    planned_cooperative_name = forms.CharField(
        label=_("Planned cooperative"), required=False, max_length=255, widget=forms.TextInput(attrs=TEXT)
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=None, required=False, widget=forms.Select(attrs=SELECT)
    )
    applicant_name = forms.CharField(
        label=_("Applicant"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    applicant_birth_date = forms.DateField(
        label=_("Applicant's birth date"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
    )
    project_title = forms.CharField(label=_("Project"), max_length=255, widget=forms.TextInput(attrs=TEXT))
    project_summary = forms.CharField(
        label=_("Project summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, editions, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions
        self.fields["region"].queryset = regions
        self.region_ids = {r.pk for r in regions}
        from .models import Category

        self.fields["category"].choices = [
            (c.pk, f"{c.edition} · {c.name}")
            for c in Category.objects.filter(edition__in=editions).select_related("edition__prize")
        ]

    def clean(self):
        from cooperatives.models import Cooperative

        from .models import Category

        data = super().clean()
        category = Category.objects.filter(pk=data.get("category") or 0).first()
        if data.get("edition") and category and category.edition_id != data["edition"].pk:
            self.add_error("category", _("This category belongs to another edition."))
        data["category"] = category
        number = (data.get("registration_number") or "").strip()
        data["cooperative"] = None
        if number:
            cooperative = (
                Cooperative.objects.filter(registration_number=number).select_related("region").first()
            )
            if cooperative is None or cooperative.region_id not in self.region_ids:
                self.add_error(
                    "registration_number", _("No cooperative of the registry you may see has this number.")
                )
            data["cooperative"] = cooperative
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            name: data.get(name)
            for name in (
                "edition",
                "category",
                "cooperative",
                "region",
                "holder_name",
                "planned_cooperative_name",
                "applicant_name",
                "applicant_birth_date",
                "project_title",
                "project_summary",
            )
        }


class CandidacyImportForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=None, widget=forms.Select(attrs=SELECT))
    file = forms.FileField(
        label=_("File (CSV, XLSX or ODS)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.txt,.tsv,.xlsx,.ods"}
        ),
    )

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Choose a .csv, .xlsx or .ods file."), code="extension")
        self.shape = check_upload(upload)  # size and cell limits, by streaming (odco/uploads.py)
        return upload
