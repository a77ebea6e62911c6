"""Thin tasks: ids in, a service out."""

from celery import shared_task


@shared_task(
    name="notifications.send_email",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def notification_send_email(notification_id: int) -> int:
    from .services import notification_email

    return notification_email(notification_id=notification_id)
