from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The daily check of overdue actions (06:00, Africa/Casablanca).
OVERDUE_BEAT_KEY = "coaching.flag_overdue_actions"


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = _("Coaching")

    def ready(self):
        self._register_scopes()
        self._register_navigation()
        self._register_beat()
        from odco import seeding

        from .seed import seed_coaching

        seeding.register(45, "coaching", seed_coaching)
        self._register_projects()

    @staticmethod
    def _register_projects():
        """Projects that convince: the jury sees the current canvas; coaches see their
        cooperatives' photos; demo data after coaching's."""
        from django.db.models import Q

        from odco import scoping, seeding
        from odco.roles import Role
        from prizes import extensions
        from prizes.models import CooperativePhoto

        from .models import Assignment
        from .seed_projects import seed_projects
        from .selectors_projects import jury_canvas_panel

        extensions.register_jury_panel(
            "coaching.canvas", "coaching/projects/_jury_canvas.html", jury_canvas_panel
        )
        scoping.register(
            CooperativePhoto,
            {
                Role.COACH: lambda user: Q(
                    cooperative_id__in=Assignment.objects.filter(
                        coach__user_id=user.pk, is_active=True
                    ).values("candidacy__cooperative_id")
                )
            },
        )
        seeding.register(46, "projects", seed_projects)
        from . import admin_projects  # noqa: F401 - registers the project models in the admin

    @staticmethod
    def _register_scopes():
        from django.db.models import Q

        from cooperatives.models import Cooperative
        from odco import scoping
        from odco.roles import Role

        from .models import Action, Assignment, CoachingSession, CoachProfile, PitchSimulation, Rubric

        def coached(user, prefix=""):
            # Candidacies the coach follows now (ended assignments no longer open the file).
            return Q(
                **{
                    f"{prefix}candidacy_id__in": Assignment.objects.filter(
                        coach__user_id=user.pk, is_active=True
                    ).values("candidacy_id")
                }
            )

        def by_candidacy(prefix):
            return {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.DELEGATION: lambda user: Q(
                    **{f"{prefix}candidacy__region_id__in": user.delegation_region_ids}
                ),
                Role.COOPERATIVE: lambda user: Q(
                    **{f"{prefix}candidacy__cooperative_id__in": user.cooperative_ids}
                ),
                Role.COACH: lambda user: coached(user, prefix),
            }

        scoping.register(Assignment, by_candidacy(""))
        scoping.register(Action, by_candidacy(""))
        scoping.register(PitchSimulation, by_candidacy(""))
        # A coach sees only the sessions they led (their private notes are theirs).
        scoping.register(
            CoachingSession,
            {
                **by_candidacy("assignment__"),
                Role.COACH: lambda user: Q(assignment__coach__user_id=user.pk, assignment__is_active=True),
            },
        )
        scoping.register(
            CoachProfile,
            {
                Role.COMMITTEE: scoping.everything,
                Role.COORDINATOR: scoping.everything,
                Role.COACH: lambda user: Q(user_id=user.pk),
            },
        )
        scoping.register(
            Rubric,
            dict.fromkeys((Role.COMMITTEE, Role.COORDINATOR, Role.COACH), scoping.everything),
        )
        # Coaches open the cooperatives they are assigned to, nothing else.
        scoping.register(
            Cooperative,
            {
                Role.COACH: lambda user: Q(
                    pk__in=Assignment.objects.filter(coach__user_id=user.pk, is_active=True).values(
                        "candidacy__cooperative_id"
                    )
                )
            },
        )

    @staticmethod
    def _register_navigation():
        from odco import navigation
        from odco.roles import Role

        navigation.register(
            "coaching.dashboard",
            _("My coaching"),
            "coaching:dashboard",
            roles=[Role.COACH],
            order=40,
            description=_("Your cooperatives, upcoming sessions, overdue actions and hours."),
        )
        navigation.register(
            "coaching.overview",
            _("Coaching"),
            "coaching:overview",
            roles=[Role.STAFF, Role.COMMITTEE, Role.COORDINATOR, Role.DELEGATION],
            order=40,
            description=_("Who coaches whom, for how long, with what progress."),
        )

    @staticmethod
    def _register_beat():
        from celery.schedules import crontab

        from odco.celery import app

        schedule = dict(app.conf.beat_schedule or {})
        schedule[OVERDUE_BEAT_KEY] = {
            "task": "coaching.flag_overdue_actions",
            "schedule": crontab(hour=6, minute=0),
        }
        app.conf.beat_schedule = schedule
