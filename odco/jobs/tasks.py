from celery import shared_task

from .services import jobs_send_pending


@shared_task(name="odco.jobs.send_pending", ignore_result=True)
def send_pending_jobs() -> int:
    """The outbox sweep (beat, every minute): send jobs asked for while the broker was down."""
    return jobs_send_pending()
