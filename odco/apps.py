from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class OdcoConfig(AppConfig):
    name = "odco"
    verbose_name = _("Platform")

    def ready(self):
        from . import seeding
        from .seed import seed_core

        seeding.register(10, "core", seed_core)


class OdcoAdminConfig(AdminConfig):
    default_site = "odco.admin_site.OdcoAdminSite"
