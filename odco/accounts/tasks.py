"""Thin tasks: ids in, a service out."""

from celery import shared_task


@shared_task(
    name="accounts.invitation_send",
    ignore_result=True,
    autoretry_for=(ConnectionError,),
    retry_backoff=True,
    max_retries=5,
)
def invitation_send_task(invitation_id: int, set_password: bool = True) -> int:
    """Safe to run twice: an accepted invitation is not sent again (a resent link is a fresh one)."""
    from .invitations import invitation_send

    return invitation_send(invitation_id=invitation_id, set_password=set_password)
