"""Settings of the training app, with their defaults (override them in Django settings)."""

from django.conf import settings


def min_attendance_percent() -> int:
    """Default attendance rule of a phase: share (%) of its sessions a participant attended."""
    return int(getattr(settings, "TRAINING_CERTIFICATE_MIN_ATTENDANCE_PERCENT", 75))


def checkin_period_seconds() -> int:
    """How long one self check-in code is shown before the next one replaces it."""
    return int(getattr(settings, "TRAINING_CHECKIN_PERIOD_SECONDS", 60))


def late_after_minutes() -> int:
    """A self check-in this many minutes after the start is recorded as late."""
    return int(getattr(settings, "TRAINING_LATE_AFTER_MINUTES", 15))


def kit_file_max_bytes() -> int:
    """The largest kit file accepted (the platform's limit for uploaded evidence)."""
    return int(getattr(settings, "ODCO_EVIDENCE_MAX_BYTES", 5 * 1024 * 1024))
