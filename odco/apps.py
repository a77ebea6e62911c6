from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class OdcoConfig(AppConfig):
    name = "odco"
    verbose_name = _("Platform")

    def ready(self):
        from django.core import checks

        from . import seeding
        from .checks import site_url_check
        from .seed import seed_core

        seeding.register(10, "core", seed_core)
        checks.register(site_url_check, checks.Tags.security, deploy=True)


class OdcoAdminConfig(AdminConfig):
    default_site = "odco.admin_site.OdcoAdminSite"
