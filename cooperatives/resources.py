"""django-import-export resource for the admin: the same columns, spellings and rules as
`import_cooperatives` (headers matched like the importer, values through `normalize`).

Optional columns follow DESIGN.md §5: a bad value is left empty and the row is kept. The
platform's own importer (`cooperatives.importing`) is the fast path for national files; the
admin resource suits small corrections, row by row, and is the baseline of the benchmark.
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from odco.audit.services import audit_record

from .import_changes import TEXT_FIELDS, garbled_cells, hold_back
from .importing import COLUMN_NAMES, EMPTY, Issue, match_header
from .models import Cooperative
from .normalize import ReferenceMaps, cell_text, parse_count, parse_date, phone_to_e164
from .tabular import strip_neutraliser


class _MapsWidget(widgets.Widget):
    def __init__(self, resource, **kwargs):
        super().__init__(**kwargs)
        self.resource = resource

    @property
    def maps(self) -> ReferenceMaps:
        return self.resource.maps


class RegionWidget(_MapsWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return self.maps.region(strip_neutraliser(value))
        except ValueError:
            raise ValueError(_("Unknown region “%(value)s”.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class SectorWidget(_MapsWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return self.maps.sector(strip_neutraliser(value))
        except ValueError:
            raise ValueError(_("Unknown sector “%(value)s”.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class ProvinceWidget(_MapsWidget):
    """Optional: an unknown province in the row's region is left empty."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(strip_neutraliser(value))
        if not text:
            return None
        try:
            region = self.maps.region(strip_neutraliser(row.get("region")))
            return self.maps.province(text, region)
        except ValueError:
            return None

    def render(self, value, obj=None, **kwargs):
        return value.name_fr if value else ""


class FoundingDateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        try:
            return parse_date(strip_neutraliser(value))
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write dd/mm/yyyy or yyyy-mm-dd.") % {"value": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class OptionalWidget(widgets.Widget):
    """Text of an optional column, converted by `convert`; a bad value gives `empty`."""

    def __init__(self, convert=cell_text, empty="", **kwargs):
        super().__init__(**kwargs)
        self.convert, self.empty = convert, empty

    def clean(self, value, row=None, **kwargs):
        value = strip_neutraliser(value)
        if not cell_text(value):
            return self.empty
        try:
            return self.convert(value)
        except ValueError:
            return self.empty

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value


class RequiredTextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(strip_neutraliser(value))
        if not text:
            raise ValueError(_("A value is required."))
        return text


def _email(value) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    text = cell_text(value)
    try:
        validate_email(text)
    except ValidationError:
        raise ValueError(text) from None
    return text


class CooperativeResource(resources.ModelResource):
    audit = True  # the benchmark's baseline turns it off to measure django-import-export alone

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._maps = None
        self.held_back: list = []  # (registration number, Issue) of the Arabic values kept
        self.user = kwargs.get("user")
        self.fields["region"].widget = RegionWidget(self)
        self.fields["secteur"].widget = SectorWidget(self)
        self.fields["province"].widget = ProvinceWidget(self)

    @property
    def maps(self) -> ReferenceMaps:
        if self._maps is None:
            self._maps = ReferenceMaps()
        return self._maps

    numero_immatriculation = fields.Field(
        "registration_number", "numero_immatriculation", RequiredTextWidget()
    )
    nom = fields.Field("name_fr", "nom", RequiredTextWidget())
    nom_ar = fields.Field("name_ar", "nom_ar", OptionalWidget())
    region = fields.Field("region", "region")
    province = fields.Field("province", "province", saves_null_values=True)
    commune = fields.Field("commune", "commune", OptionalWidget())
    secteur = fields.Field("sector", "secteur")
    date_creation = fields.Field("founded_on", "date_creation", FoundingDateWidget())
    adherents = fields.Field("members_total", "adherents", OptionalWidget(parse_count, 0))
    adherents_femmes = fields.Field("members_women", "adherents_femmes", OptionalWidget(parse_count, 0))
    adherents_jeunes = fields.Field("members_young", "adherents_jeunes", OptionalWidget(parse_count, 0))
    president = fields.Field("president", "president", OptionalWidget())
    telephone = fields.Field("phone", "telephone", OptionalWidget(phone_to_e164, EMPTY["phone"]))
    email = fields.Field("email", "email", OptionalWidget(_email))

    class Meta:
        model = Cooperative
        fields = COLUMN_NAMES
        import_id_fields = ("numero_immatriculation",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def after_import(self, dataset, result, **kwargs):
        """The Arabic values kept go with the result, for the admin to show them."""
        super().after_import(dataset, result, **kwargs)
        result.held_back = list(self.held_back)

    def before_import(self, dataset, **kwargs):
        """Rename headers the importer's way (case, accents, spaces, hyphens, underscores),
        and refuse a file whose text was decoded with the wrong character set, as the
        importer does (`import_changes.garbled_cells`)."""
        index = match_header(list(dataset.headers or []))
        headers = list(dataset.headers or [])
        for name, at in index.items():
            headers[at] = name
        dataset.headers = headers
        positions = {name: index[name] for name in TEXT_FIELDS.values() if name in index}
        garbled = garbled_cells(((line, list(r)) for line, r in enumerate(dataset, start=2)), positions)
        if garbled:
            raise ValueError(
                "; ".join(
                    str(Issue(line, column, "garbled", {"value": value})) for line, column, value in garbled
                )
            )

    def import_instance(self, instance, row, **kwargs):
        """The importer's guard (`import_changes.hold_back`): an Arabic value of the registry
        is not replaced by a text without an Arabic letter; `held_back` lists what was kept."""
        old = {name: getattr(instance, name) for name in TEXT_FIELDS} if instance.pk else None
        super().import_instance(instance, row, **kwargs)
        if old is None:
            return
        new = {name: getattr(instance, name) for name in TEXT_FIELDS}
        kept: list = []
        hold_back(0, old, new, kept, Issue)
        for issue in kept:
            field_name = next(f for f, c in TEXT_FIELDS.items() if c == issue.column)
            setattr(instance, field_name, old[field_name])
            self.held_back.append((instance.registration_number, issue))

    def before_save_instance(self, instance, row, **kwargs):
        for name in ("members_women", "members_young"):  # optional: more than the members is left empty
            if getattr(instance, name) > instance.members_total:
                setattr(instance, name, 0)

    def after_save_instance(self, instance, row, **kwargs):
        if self.audit and not kwargs.get("dry_run"):
            audit_record(
                actor=self.user or kwargs.get("user"), action="cooperative.admin_import", obj=instance
            )
