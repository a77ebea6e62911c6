from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.core import context, ratelimit
from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
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


class SecondFactorAuthenticateForm(AuthenticateForm):
    """allauth's code step at login, with a daily cap on wrong codes per account on top of
    allauth's own limit (ACCOUNT_RATE_LIMITS["login_failed"]: 5 per 5 minutes per account, 10
    a minute per address, cleared by the right code), which alone would let someone who has
    the password try 5 codes every 5 minutes all day long. The right code does not count."""

    def clean_code(self):
        key = f"mfa-code-failed-user-{self.user.pk}"
        if not ratelimit.consume(context.request, action="mfa_code_failed", key=key, dry_run=True):
            raise get_account_adapter().validation_error("too_many_login_attempts")
        try:
            return super().clean_code()
        except ValidationError:
            ratelimit.consume(context.request, action="mfa_code_failed", key=key)
            raise
