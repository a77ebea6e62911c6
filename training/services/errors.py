from django.core.exceptions import PermissionDenied


class TrainingRefused(PermissionDenied):
    """The workflow table or a permission refuses an action; the message says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def require(verdict) -> None:
    allowed, reason = verdict
    if not allowed:
        raise TrainingRefused(reason)
