from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Monitoring and steering")

    def ready(self):
        from odco import navigation, seeding
        from odco.roles import Role

        from .permissions import own_regional_dashboard_url
        from .seed import seed_monitoring

        self._register_scopes()
        self._register_beat()
        self._register_committee()
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
        navigation.register(
            "reports",
            _("Reports"),
            "reports:list",
            roles=[Role.STAFF, Role.COMMITTEE, Role.DELEGATION],
            order=12,
            description=_("Periodic follow-up reports: validation, approval, missing reports."),
        )
        seeding.register(80, "monitoring", seed_monitoring)

    @staticmethod
    def _register_scopes():
        from django.db.models import Q

        from odco import scoping
        from odco.roles import Role

        from .models import Evidence, FollowUp, IndicatorRollup, IndicatorTarget, PeriodicReport

        def by_cooperative(prefix: str):
            return {
                Role.COMMITTEE: scoping.everything,
                Role.DELEGATION: lambda user: Q(**{f"{prefix}region_id__in": user.delegation_region_ids}),
                Role.COOPERATIVE: lambda user: Q(
                    **{f"{prefix[: -len('cooperative__')]}cooperative_id__in": user.cooperative_ids}
                ),
            }

        for model, prefix in (
            (PeriodicReport, "cooperative__"),
            (FollowUp, "cooperative__"),
            (IndicatorTarget, "cooperative__"),
            (Evidence, "report__cooperative__"),
        ):
            scoping.register(model, by_cooperative(prefix))
        scoping.register(
            IndicatorRollup,
            {
                Role.COMMITTEE: scoping.everything,
                Role.DELEGATION: lambda user: Q(region_id__in=user.delegation_region_ids),
                Role.COOPERATIVE: lambda user: Q(cooperative_id__in=user.cooperative_ids),
            },
        )

    @staticmethod
    def _register_beat():
        from celery.schedules import crontab

        from odco.celery import app

        schedule = dict(app.conf.beat_schedule or {})
        schedule["monitoring.reports_daily"] = {
            "task": "monitoring.reports_daily",
            "schedule": crontab(hour=6, minute=30),
        }
        app.conf.beat_schedule = schedule

    @staticmethod
    def _register_committee():
        """The steering committee: scopes, navigation, the monthly report's beat entry, demo data."""
        from celery.schedules import crontab
        from django.db.models import Q

        from odco import navigation, scoping, seeding
        from odco.celery import app
        from odco.roles import Role

        from . import tasks_committee  # noqa: F401 - registers the committee's tasks
        from .models import (
            ActionItem,
            CommitteeMember,
            Decision,
            Meeting,
            MeetingAttendance,
            MonthlyReport,
            Partner,
            RegionalNote,
            SteeringCommittee,
        )
        from .seed_committee import seed_committee

        for model in (
            SteeringCommittee,
            CommitteeMember,
            Meeting,
            MeetingAttendance,
            Decision,
            ActionItem,
            MonthlyReport,
            Partner,
        ):
            scoping.register(model, {Role.COMMITTEE: scoping.everything})
        scoping.register(
            RegionalNote,
            {
                Role.COMMITTEE: scoping.everything,
                Role.DELEGATION: lambda user: Q(region_id__in=user.delegation_region_ids),
            },
        )
        schedule = dict(app.conf.beat_schedule or {})
        schedule["monitoring.committee_monthly_report"] = {
            "task": "monitoring.committee_monthly_report",
            "schedule": crontab(day_of_month=1, hour=6, minute=0),
        }
        app.conf.beat_schedule = schedule
        navigation.register(
            "committee",
            _("Steering committee"),
            "committee:home",
            roles=[Role.STAFF, Role.COMMITTEE],
            order=13,
            description=_("Monthly meetings, decisions, action items and monthly reports."),
        )
        navigation.register(
            "regional_note",
            _("Monthly regional note"),
            "committee:notes",
            roles=[Role.DELEGATION],
            order=14,
            description=_("Your region's note for the steering committee's monthly report."),
        )
        seeding.register(85, "committee", seed_committee)
