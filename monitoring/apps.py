from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and steering")

    def ready(self):
        from odco import navigation
        from odco.roles import Role

        from .permissions import own_regional_dashboard_url

        navigation.register(
            "dashboard",
            _("National dashboard"),
            "dashboard",
            roles=[Role.STAFF, Role.COMMITTEE],
            order=10,
            description=_("The programme across the 12 regions."),
        )
        navigation.register(
            "regional_dashboard",
            _("Regional dashboard"),
            own_regional_dashboard_url,
            roles=[Role.DELEGATION],
            order=11,
            description=_("Your region's cooperatives, sessions and reports."),
        )
        navigation.register(
            "me",
            _("My cooperative"),
            "me",
            roles=[Role.COOPERATIVE],
            order=5,
            description=_("Your kit, your progress and your reports."),
        )
