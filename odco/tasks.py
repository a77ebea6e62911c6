from celery import shared_task


@shared_task(name="odco.ping")
def ping(value: int) -> dict:
    """A task with no side effect, used to check a live worker end to end."""
    return {"pong": value + 1}
