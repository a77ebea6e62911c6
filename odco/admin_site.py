from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class OdcoAdminSite(admin.AdminSite):
    site_header = _("ODCO: accompaniment programme administration")
    site_title = _("ODCO administration")
    index_title = _("Administration")
