"""Every write of the prizes app. Other apps call these (e.g. `phase_assert_schedulable`)."""

from .candidacies import (
    candidacy_check_eligibility,
    candidacy_create,
    candidacy_override_eligibility,
    candidacy_transition,
)
from .concept_notes import (
    concept_note_request_changes,
    concept_note_save,
    concept_note_submit,
    concept_note_validate,
)
from .editions import edition_create, phase_set
from .errors import PhaseNotSchedulable, TransitionRefused
from .jury import (
    conflict_declare,
    deliberation_confirm,
    jury_member_add,
    ranking_for_edition,
    scores_record,
)
from .phases import phase_assert_schedulable, phase_is_schedulable
from .settings import edition_rules_set, edition_update, jury_member_remove, milestones_set, rubric_set

__all__ = [
    "PhaseNotSchedulable",
    "TransitionRefused",
    "candidacy_check_eligibility",
    "candidacy_create",
    "candidacy_override_eligibility",
    "candidacy_transition",
    "concept_note_request_changes",
    "concept_note_save",
    "concept_note_submit",
    "concept_note_validate",
    "conflict_declare",
    "deliberation_confirm",
    "edition_create",
    "edition_rules_set",
    "edition_update",
    "jury_member_remove",
    "milestones_set",
    "rubric_set",
    "jury_member_add",
    "phase_assert_schedulable",
    "phase_is_schedulable",
    "phase_set",
    "ranking_for_edition",
    "scores_record",
]
