from django.core.exceptions import PermissionDenied, ValidationError


class TransitionRefused(PermissionDenied):
    """The workflow table or the permission refuses a step; the message says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PhaseNotSchedulable(ValidationError):
    """Training sessions and coaching of a phase need its concept note to be validated."""
