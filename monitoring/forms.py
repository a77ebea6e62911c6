"""Forms parse input; services decide. Service errors land on the named field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from odco.forms import add_service_errors  # noqa: F401 - the apps import it from here

from .checks import field_name, input_text
from .models import Breakdown, Indicator, PeriodicReport

BREAKDOWN_LABELS = dict(Breakdown.choices)


class ReportForm(forms.Form):
    """One field per indicator and breakdown, a confirmation box per indicator, comments."""

    comments = forms.CharField(
        label=_("Comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, indicators: list[Indicator], jumps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.jumps = set(jumps)
        for indicator in indicators:
            for breakdown in indicator.entered_breakdowns:
                name = field_name(indicator.code, breakdown)
                label = indicator.name if breakdown == Breakdown.TOTAL else BREAKDOWN_LABELS[breakdown]
                self.fields[name] = self._value_field(indicator, label)
            self.fields[f"confirm__{indicator.code}"] = forms.BooleanField(
                label=_("I confirm this change from the previous period"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    @staticmethod
    def _value_field(indicator: Indicator, label) -> forms.Field:
        if indicator.kind == Indicator.Kind.YES_NO:
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "—"), ("1", _("yes")), ("0", _("no"))],
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        return forms.CharField(
            label=label,
            required=False,
            max_length=30,
            widget=forms.TextInput(
                attrs={
                    "class": "form-control",
                    "inputmode": "decimal" if indicator.decimals else "numeric",
                    "autocomplete": "off",
                }
            ),
        )

    def groups(self):
        """For the template: each indicator with its bound fields and its confirmation box."""
        for indicator in self.indicators:
            yield {
                "indicator": indicator,
                "fields": [self[field_name(indicator.code, b)] for b in indicator.entered_breakdowns],
                "confirm": self[f"confirm__{indicator.code}"],
                "needs_confirmation": indicator.code in self.jumps,
            }

    def values(self) -> dict[str, str]:
        data = self.data
        return {
            field_name(i.code, b): data.get(field_name(i.code, b), "")
            for i in self.indicators
            for b in i.entered_breakdowns
        }

    def confirmed(self) -> set[str]:
        return {i.code for i in self.indicators if self.data.get(f"confirm__{i.code}") in ("on", "1", "true")}


def initial_values(report: PeriodicReport, indicators: list[Indicator]) -> dict:
    by_key = {(v.indicator_id, v.breakdown): v.value for v in report.values.all()}
    initial = {"comments": report.comments}
    for indicator in indicators:
        for breakdown in indicator.entered_breakdowns:
            value = by_key.get((indicator.pk, breakdown))
            if value is not None:
                initial[field_name(indicator.code, breakdown)] = input_text(value)
    return initial


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file (PDF, PNG, JPEG, XLSX or DOCX, at most 5 MB)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(PeriodicReport.Status.choices),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    period = forms.CharField(
        label=_("Period"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "2025-Q3"}),
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=5,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "09"}),
    )
