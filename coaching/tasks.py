"""Thin tasks: ids in, a service out. Safe to run twice."""

from celery import shared_task


@shared_task(name="coaching.flag_overdue_actions", ignore_result=True)
def flag_overdue_actions() -> int:
    """Daily (beat, see `CoachingConfig`): flag open actions past their due date, once each.

    The coach's dashboard and the coordinator's overview show the flagged actions.
    """
    from .services import actions_flag_overdue

    return len(actions_flag_overdue())
