"""Forms parse input; services decide. Service errors land on the named field."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from odco.forms import add_service_errors  # noqa: F401 - the apps import it from here
from odco.regions.models import Region
from odco.roles import Role

from .models import KitItem, TrainingModule


def _styled(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
        widget.attrs.setdefault("class", css)


class ModuleForm(forms.ModelForm):
    class Meta:
        model = TrainingModule
        fields = [
            "code",
            "topic",
            "title_fr",
            "title_ar",
            "objectives",
            "duration_hours",
            "materials",
            "is_active",
        ]
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 3}),
            "title_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _styled(self)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SessionForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=None)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("code"))
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules"),
        queryset=TrainingModule.objects.filter(is_active=True).order_by("position"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one module.")},
    )
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput())
    hours = forms.DecimalField(
        label=_("Training hours"),
        required=False,
        min_value=0.5,
        max_digits=5,
        decimal_places=1,
        help_text=_("Empty: the modules' durations added up."),
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=255)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500, initial=30)

    def __init__(self, *args, phases, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = phases
        self.fields["trainers"].queryset = (
            get_user_model().objects.filter(role_assignments__role=Role.TRAINER, is_active=True).distinct()
        )
        if editing:
            del self.fields["phase"]
            del self.fields["region"]
        _styled(self)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code shown in the room"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg", "inputmode": "tel"}),
    )


_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0",)
# Kit files accepted, by extension, with the first bytes their content must start with.
KIT_FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "pptx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "odp": _ZIP,
    "zip": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "ppt": _OLE,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "mp4": (),  # checked below: "ftyp" at offset 4
}


def kit_file_content_ok(upload) -> bool:
    """The upload's extension is accepted and its first bytes are that type's (not, e.g., a
    program or an HTML page renamed .pdf)."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in KIT_FILE_SIGNATURES:
        return False
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if extension == "mp4":
        return head[4:8] == b"ftyp"
    return head.startswith(KIT_FILE_SIGNATURES[extension])


class KitItemForm(forms.ModelForm):
    class Meta:
        model = KitItem
        fields = ["kind", "title", "file", "url", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (value, label) for value, label in KitItem.Kind.choices if value != KitItem.Kind.CERTIFICATE
        ]
        self.fields["url"].assume_scheme = "https"
        _styled(self)

    def clean_file(self):
        from django.template.defaultfilters import filesizeformat

        from .conf import kit_file_max_bytes

        upload = self.cleaned_data.get("file")
        if upload and upload.size > kit_file_max_bytes():
            raise ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(kit_file_max_bytes())}
            )
        if upload and not kit_file_content_ok(upload):
            raise ValidationError(
                _("This file's content does not match its type; accepted: %(types)s.")
                % {"types": ", ".join(sorted(KIT_FILE_SIGNATURES))}
            )
        return upload


class RuleForm(forms.Form):
    min_attendance_percent = forms.IntegerField(
        label=_("Minimum attendance for a certificate (%)"),
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


def roll_call_marks(data, enrolments) -> tuple[dict[int, str], dict[int, str]]:
    """The roll call's radio buttons (`status-<enrolment id>`): marks, and errors by enrolment."""
    from .models import Attendance

    marks, errors = {}, {}
    for enrolment in enrolments:
        value = data.get(f"status-{enrolment.pk}", "")
        if not value:
            continue
        if value not in Attendance.Status.values:
            errors[enrolment.pk] = str(_("Choose present, late or absent."))
        else:
            marks[enrolment.pk] = value
    return marks, errors


def evaluation_rows(data, enrolments) -> tuple[dict[int, dict], dict[str, str]]:
    """Quiz scores and satisfaction fields (`pre-<id>`, `post-<id>`, `satisfaction-<id>`)."""
    rows, errors = {}, {}
    bounds = {"pre": (0, 100), "post": (0, 100), "satisfaction": (1, 5)}
    names = {"pre": "pre_score", "post": "post_score", "satisfaction": "satisfaction"}
    for enrolment in enrolments:
        row = {}
        for prefix, (low, high) in bounds.items():
            raw = str(data.get(f"{prefix}-{enrolment.pk}", "")).strip()
            if raw == "":
                row[names[prefix]] = None
                continue
            try:
                value = int(raw)
            except ValueError:
                value = None
            if value is None or not low <= value <= high:
                errors[f"{prefix}-{enrolment.pk}"] = str(
                    _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
                )
            else:
                row[names[prefix]] = value
        current = getattr(enrolment, "evaluation", None)
        before = (
            {n: getattr(current, n, None) for n in names.values()}
            if current
            else dict.fromkeys(names.values())
        )
        if row != before:
            rows[enrolment.pk] = row
    return rows, errors
