from django.core.exceptions import PermissionDenied


class ReportRefused(PermissionDenied):
    """A report action the user's role or the report's state does not allow (403 with reason)."""
