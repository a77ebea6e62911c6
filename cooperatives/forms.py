from django import forms
from django.utils.translation import gettext_lazy as _

from odco.regions.models import Province, Region
from odco.uploads import check_upload

from .models import Cooperative, Member, Sector
from .normalize import phone_to_e164
from .selectors import SORTS

PHONE_ERROR = _("Enter a Moroccan phone number, e.g. 06 61 23 45 67 or +212 5 22 12 34 56.")


class CooperativeForm(forms.ModelForm):
    """Create and edit a cooperative; the view hands `cleaned_data` to a service."""

    class Meta:
        model = Cooperative
        fields = [
            "registration_number",
            "name_fr",
            "name_ar",
            "sector",
            "region",
            "province",
            "commune",
            "address",
            "founded_on",
            "members_total",
            "members_women",
            "members_young",
            "president",
            "phone",
            "email",
            "status",
            "products",
            "certifications",
            "annual_revenue",
        ]
        widgets = {
            "founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "name_ar": forms.TextInput(attrs={"dir": "rtl", "lang": "ar"}),
            "products": forms.Textarea(attrs={"rows": 2}),
            "certifications": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
        }

    def __init__(self, *args, region_ids=None, **kwargs):
        """`region_ids`: the regions the user may write (None: all)."""
        super().__init__(*args, **kwargs)
        regions = Region.objects.order_by("code")
        provinces = Province.objects.select_related("region").order_by("region__code", "name_fr")
        if region_ids is not None:
            regions = regions.filter(pk__in=region_ids)
            provinces = provinces.filter(region_id__in=region_ids)
        self.fields["region"].queryset = regions
        self.fields["province"].queryset = provinces
        self.fields["sector"].queryset = Sector.objects.order_by("name_fr")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_registration_number(self):
        return (self.cleaned_data.get("registration_number") or "").strip()

    def clean_phone(self):
        try:
            return phone_to_e164(self.cleaned_data.get("phone"))
        except ValueError:
            raise forms.ValidationError(PHONE_ERROR, code="phone") from None


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["kind", "first_name", "last_name", "gender", "birth_year", "role", "phone", "national_id"]
        widgets = {"phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_phone(self):
        try:
            return phone_to_e164(self.cleaned_data.get("phone"))
        except ValueError:
            raise forms.ValidationError(PHONE_ERROR, code="phone") from None

    def clean_national_id(self):
        return (self.cleaned_data.get("national_id") or "").strip().upper()


class CooperativeFilterForm(forms.Form):
    """The list's filters, read from the query string (all optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    # a CharField shown as a list: "MA-09" and "9" are read as "09" (DESIGN.md §5)
    region = forms.CharField(label=_("Region"), required=False, widget=forms.Select)
    province = forms.ChoiceField(label=_("Prefecture or province"), required=False)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    womens = forms.BooleanField(label=_("Women's cooperatives"), required=False)
    youth = forms.BooleanField(label=_("Youth cooperatives"), required=False)
    participation = forms.ChoiceField(label=_("Prize participation"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    SORT_LABELS = {
        "name": _("Name (A to Z)"),
        "-name": _("Name (Z to A)"),
        "number": _("Registration number"),
        "-number": _("Registration number (descending)"),
        "founded": _("Oldest first"),
        "-founded": _("Newest first"),
        "members": _("Fewest members"),
        "-members": _("Most members"),
        "region": _("Region"),
        "-region": _("Region (descending)"),
    }

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["region"].widget.choices = everything + [
            (r.code, f"{r.code} · {r.name}") for r in choices["regions"]
        ]
        self.fields["province"].choices = everything + [(str(p.pk), p.name) for p in choices["provinces"]]
        self.fields["sector"].choices = everything + [(s.code, s.name) for s in choices["sectors"]]
        self.fields["participation"].choices = everything + [
            (f.key, f.label) for f in choices["participation"]
        ]
        if not choices["participation"]:
            del self.fields["participation"]  # filled by the prizes once they register
        self.fields["sort"].choices = [(key, self.SORT_LABELS[key]) for key in SORTS]
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-select form-select-sm" if name != "q" else "form-control"

    def clean_region(self):
        value = self.cleaned_data.get("region") or ""
        return Region.normalize_code(value) or ""

    def filters(self) -> dict:
        """The valid filters (an invalid value is dropped, never an error page)."""
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV, XLSX or ODS)"),
        widget=forms.ClearableFileInput(
            attrs={"id": "import-file", "class": "form-control", "accept": ".csv,.txt,.tsv,.xlsx,.ods"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".tsv", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Choose a .csv, .xlsx or .ods file."), code="extension")
        self.shape = check_upload(upload)  # size and cell limits, by streaming (odco/uploads.py)
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    partial = forms.BooleanField(required=False, widget=forms.HiddenInput)
