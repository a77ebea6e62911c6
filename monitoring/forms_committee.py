"""Forms of the steering committee pages. They parse input; the services decide."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ActionItem

TEXT = {"class": "form-control"}


class MeetingCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, widget=forms.TextInput(attrs=TEXT))
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=15,
        max_value=600,
        initial=120,
        widget=forms.NumberInput(attrs=TEXT),
    )
    location = forms.CharField(
        label=_("Place or link"), max_length=250, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 5})
    )
    invite = forms.BooleanField(label=_("E-mail the invitation to the members"), required=False, initial=True)


class MeetingEditForm(forms.Form):
    location = forms.CharField(
        label=_("Place or link"), max_length=250, required=False, widget=forms.TextInput(attrs=TEXT)
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 5})
    )
    minutes = forms.CharField(
        label=_("Minutes of the meeting"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 10})
    )
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.pk), str(m)) for m in members]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=250, widget=forms.TextInput(attrs=TEXT))
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=None, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={**TEXT, "type": "date"})
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        from odco.accounts.models import User

        self.fields["owner"].queryset = owners if owners is not None else User.objects.none()


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)


class RegionalNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={**TEXT, "rows": 8}))


class ReportGenerateForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={**TEXT, "type": "month"}, format="%Y-%m"),
    )
    send = forms.BooleanField(label=_("E-mail it to the committee"), required=False)

    def clean_month(self) -> date:
        return self.cleaned_data["month"].replace(day=1)
