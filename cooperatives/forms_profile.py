from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Cooperative
from .profile_changes import PROFILE_FIELDS


class ProfileProposalForm(forms.ModelForm):
    """The cooperative's proposal: its current values, to change where they are wrong."""

    comment = forms.CharField(
        label=_("Comment for the delegation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    class Meta:
        model = Cooperative
        fields = PROFILE_FIELDS
        widgets = {
            "products": forms.Textarea(attrs={"rows": 2}),
            "certifications": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def _post_clean(self):
        # Values are validated by the service against the registry, not saved by the form.
        pass


class CorrectionRequestForm(forms.Form):
    note = forms.CharField(
        label=_("What should the cooperative correct?"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=2000,
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the cooperative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        max_length=2000,
    )
