from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class BootstrapMixin:
    """Bootstrap classes on every widget (labels come from the shared fields template)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class InvitationForm(BootstrapMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language of the messages"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
