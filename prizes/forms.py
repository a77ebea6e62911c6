"""Forms parse input; services decide. Service errors land on the named field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ConceptNoteVersion


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


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
