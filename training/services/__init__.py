"""Every write of the training app."""

from .attendance import attendance_check_in, attendance_record, evaluation_record
from .certificates import (
    certificate_batch_issue,
    certificate_batch_start,
    certificate_revoke,
    certificates_zip,
)
from .errors import TrainingRefused
from .kit import calendar_feed_rotate, kit_deliver, kit_item_add, kit_item_remove
from .replies import enrolment_reply
from .sessions import (
    enrolment_enrol_region,
    enrolment_remove,
    module_save,
    phase_training,
    phase_training_close,
    phase_training_set_rule,
    regions_without_session,
    session_schedule,
    session_transition,
    session_update,
)

__all__ = [
    "calendar_feed_rotate",
    "TrainingRefused",
    "attendance_check_in",
    "attendance_record",
    "certificate_batch_issue",
    "certificate_batch_start",
    "certificate_revoke",
    "certificates_zip",
    "enrolment_enrol_region",
    "enrolment_remove",
    "enrolment_reply",
    "evaluation_record",
    "kit_deliver",
    "kit_item_add",
    "kit_item_remove",
    "module_save",
    "phase_training",
    "phase_training_close",
    "phase_training_set_rule",
    "regions_without_session",
    "session_schedule",
    "session_transition",
    "session_update",
]
