"""django-import-export resources for the admin: the candidacy export staff expect.

The same columns as the candidacy list's Excel export (`prizes.exporting`); no personal
data (law 09-08): the applicant's birth date is left out.
"""

from import_export import fields, resources

from .exporting import CANDIDACY_COLUMNS, candidacy_row
from .models import Candidacy


class CandidacyResource(resources.ModelResource):
    class Meta:
        model = Candidacy
        fields = ()

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for index, (name, _label) in enumerate(CANDIDACY_COLUMNS):
            self.fields[name] = fields.Field(attribute=name, column_name=name, readonly=True)
            self.fields[name].index = index

    def get_export_order(self):
        return [name for name, _label in CANDIDACY_COLUMNS]

    def get_queryset(self):
        return Candidacy.objects.select_related("edition__prize", "category", "cooperative", "region")

    def export_resource(self, instance, selected_fields=None, **kwargs):
        return candidacy_row(instance)

    def get_export_headers(self, selected_fields=None, **kwargs):
        return [name for name, _label in CANDIDACY_COLUMNS]
