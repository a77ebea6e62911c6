"""The prizes in Django's admin, for ODCO staff's daily work.

Statuses move only through the services: the admin shows them read-only and offers actions
(check eligibility, workflow steps, overrides) that call the same services as the pages, so
the table, the permissions and the audit trail are the same. A batch action is one
transaction: if the service refuses any selected candidacy, nothing is written and every
refusal is shown.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ExportMixin

from odco.admin_tools import apply_all_or_nothing
from odco.audit.services import audit_record

from .models import (
    Candidacy,
    Category,
    ConceptNote,
    ConceptNoteReview,
    ConceptNoteVersion,
    ConflictOfInterest,
    Criterion,
    Deliberation,
    Edition,
    EligibilityRule,
    JuryMember,
    Milestone,
    Phase,
    Prize,
    Score,
)
from .resources import CandidacyResource
from .services import (
    candidacy_check_eligibility,
    candidacy_override_eligibility,
    candidacy_transition,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Direct edits in the admin (settings of an edition) leave an audit entry too."""

    audit_action = ""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action=f"{self.audit_action}.admin_{'change' if change else 'add'}",
            obj=obj,
            changes={"fields": sorted(form.changed_data)},
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        touched = [*formset.new_objects, *formset.changed_objects, *formset.deleted_objects]
        if touched:
            audit_record(
                actor=request.user,
                action=f"{self.audit_action}.admin_{formset.model._meta.model_name}",
                obj=form.instance,
                changes={
                    "added": len(formset.new_objects),
                    "changed": len(formset.changed_objects),
                    "deleted": len(formset.deleted_objects),
                },
            )

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=f"{self.audit_action}.admin_delete", obj=obj)
        super().delete_model(request, obj)


@admin.register(Prize)
class PrizeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "since_year"]
    search_fields = ["code", "name_fr", "name_ar"]


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["code", "name_fr", "name_ar", "requires_cooperative"]


class EligibilityRuleInline(admin.TabularInline):
    model = EligibilityRule
    extra = 0
    fields = ["category", "kind", "value"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "category":
            edition_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Category.objects.filter(edition_id=edition_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class JuryMemberInline(admin.TabularInline):
    model = JuryMember
    extra = 0
    fields = ["user", "is_president"]
    autocomplete_fields = ["user"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "name_fr", "name_ar", "weight", "max_points"]


@admin.register(Edition)
class EditionAdmin(AuditedAdmin):
    audit_action = "edition"
    list_display = [
        "__str__",
        "prize",
        "year",
        "number",
        "stage",
        "call_opens_on",
        "call_closes_on",
        "laureates_planned",
        "award_amount",
    ]
    list_filter = ["prize", "stage", "year"]
    search_fields = ["prize__name_fr", "prize__name_ar", "year"]
    list_select_related = ["prize"]
    readonly_fields = ["created_at"]
    inlines = [CategoryInline, EligibilityRuleInline, CriterionInline, JuryMemberInline]

    def get_inlines(self, request, obj):
        # A new edition copies its categories, rules and rubric from the previous one
        # (`edition_create`); they are edited once it exists.
        return self.inlines if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        from .services import edition_create

        data = form.cleaned_data
        created = edition_create(
            actor=request.user,
            prize=data["prize"],
            year=data["year"],
            call_opens_on=data["call_opens_on"],
            call_closes_on=data["call_closes_on"],
            number=data.get("number"),
            award_amount=data["award_amount"],
            laureates_planned=data["laureates_planned"],
            stage=data["stage"],
        )
        obj.pk, obj.created_at = created.pk, created.created_at
        obj._state.adding = False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "starts_on", "ends_on"]


@admin.register(Phase)
class PhaseAdmin(AuditedAdmin):
    audit_action = "phase"
    list_display = ["edition", "starts_on", "ends_on", "scheduling", "follows", "note_status"]
    list_filter = ["scheduling", "edition__prize", "edition__year"]
    search_fields = ["edition__prize__name_fr", "edition__year"]
    list_select_related = ["edition__prize", "follows__edition__prize", "concept_note"]
    inlines = [MilestoneInline]

    @admin.display(description=gettext_lazy("concept note"))
    def note_status(self, phase):
        note = getattr(phase, "concept_note", None)
        return note.get_status_display() if note else "—"


@admin.register(Milestone)
class MilestoneAdmin(AuditedAdmin):
    audit_action = "milestone"
    list_display = ["kind", "phase", "starts_on", "ends_on"]
    list_filter = ["kind", "phase__edition__year"]
    list_select_related = ["phase__edition__prize"]


class ConceptNoteVersionInline(ReadOnlyInline):
    model = ConceptNoteVersion
    fields = ["number", "author", "created_at", "submitted_at", "priority_axes", "calendar"]
    readonly_fields = fields


class ConceptNoteReviewInline(ReadOnlyInline):
    model = ConceptNoteReview
    fields = ["decision", "comment", "reviewer", "created_at"]
    readonly_fields = fields


@admin.register(ConceptNote)
class ConceptNoteAdmin(admin.ModelAdmin):
    """Read-only: the note is written and reviewed on its page, through the services."""

    list_display = ["__str__", "status", "validated_at", "validated_by"]
    list_filter = ["status", "phase__edition__prize", "phase__edition__year"]
    list_select_related = ["phase__edition__prize", "validated_by"]
    readonly_fields = ["phase", "status", "validated_at", "validated_by", "created_at"]
    inlines = [ConceptNoteVersionInline]

    def has_add_permission(self, request):
        return False


@admin.register(ConceptNoteReview)
class ConceptNoteReviewAdmin(admin.ModelAdmin):
    """Reviews are recorded by `concept_note_validate` / `concept_note_request_changes`."""

    list_display = ["version", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    list_select_related = ["version__note__phase__edition__prize", "reviewer"]
    readonly_fields = ["version", "decision", "comment", "reviewer", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ConceptNoteVersion)
class ConceptNoteVersionAdmin(admin.ModelAdmin):
    list_display = ["note", "number", "author", "created_at", "submitted_at"]
    list_select_related = ["note__phase__edition__prize", "author"]
    readonly_fields = [
        "note",
        "number",
        *ConceptNoteVersion.CONTENT_FIELDS,
        "author",
        "created_at",
        "submitted_at",
    ]
    inlines = [ConceptNoteReviewInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CandidacyActionForm(admin.helpers.ActionForm):
    comment = forms.CharField(label=gettext_lazy("Justification (for steps that need one)"), required=False)


class ScoreInline(ReadOnlyInline):
    model = Score
    fields = ["juror", "criterion", "points", "comment", "updated_at"]
    readonly_fields = fields


def _run_batch(modeladmin, request, queryset, apply, done_message):
    """Apply `apply(candidacy)` to each selected candidacy in one transaction."""
    apply_all_or_nothing(
        modeladmin,
        request,
        queryset.select_related("cooperative").order_by("pk"),
        apply,
        refused_message=_("Nothing was changed: fix or deselect the refused candidacies."),
        done_message=done_message,
    )


def _step_action(name: str, label):
    def action(modeladmin, request, queryset):
        comment = request.POST.get("comment", "")

        def apply(candidacy):
            step = name
            if name == "withdraw":
                step = f"withdraw_{candidacy.status}"
            candidacy_transition(actor=request.user, candidacy=candidacy, name=step, comment=comment)

        _run_batch(
            modeladmin,
            request,
            queryset,
            apply,
            lambda n: (
                ngettext("Step applied to %(count)s candidacy.", "Step applied to %(count)s candidacies.", n)
                % {"count": n}
            ),
        )

    action.__name__ = f"step_{name}"
    action.short_description = label
    action.allowed_permissions = ("change",)
    return action


STEP_ACTIONS = [
    _step_action("submit", gettext_lazy("Workflow: submit")),
    _step_action("admit", gettext_lazy("Workflow: admit to the accompaniment")),
    _step_action("shortlist", gettext_lazy("Workflow: shortlist as finalist")),
    _step_action("leave_out", gettext_lazy("Workflow: not shortlisted (justification required)")),
    _step_action("withdraw", gettext_lazy("Workflow: withdraw")),
]


@admin.register(Candidacy)
class CandidacyAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [CandidacyResource]
    action_form = CandidacyActionForm
    list_display = [
        "__str__",
        "project_title",
        "edition",
        "category",
        "region",
        "status",
        "eligibility_passed",
        "submitted_at",
    ]
    list_filter = [
        "status",
        "edition__prize",
        "edition__year",
        "category__code",
        "region",
        "eligibility_passed",
    ]
    search_fields = [
        "cooperative__registration_number",
        "cooperative__name_fr",
        "cooperative__name_ar",
        "holder_name",
        "planned_cooperative_name",
        "project_title",
    ]
    list_select_related = ["edition__prize", "category", "cooperative", "region"]
    raw_id_fields = ["cooperative"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "status",
        "eligibility_passed",
        "eligibility_checked_at",
        "eligibility_reasons",
        "override_justification",
        "overridden_by",
        "submitted_at",
        "created_at",
        "updated_at",
    ]
    exclude = ["eligibility_results"]
    inlines = [ScoreInline]
    actions = ["check_eligibility", *STEP_ACTIONS, "override_eligible", "override_ineligible"]

    def has_add_permission(self, request):
        # Candidacies are registered on the site (`candidacy_create`) or imported.
        return False

    @admin.display(description=gettext_lazy("eligibility check"))
    def eligibility_reasons(self, candidacy):
        from django.utils.html import format_html_join

        return (
            format_html_join(
                "",
                "<div>{} {}</div>",
                ((("✔" if r["passed"] else "✘"), r["reason"]) for r in candidacy.eligibility_results),
            )
            or "—"
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="candidacy.admin_change",
            obj=obj,
            changes={"fields": sorted(form.changed_data)},
        )

    @admin.action(
        description=gettext_lazy("Check eligibility of the selected candidacies"), permissions=["change"]
    )
    def check_eligibility(self, request, queryset):
        _run_batch(
            self,
            request,
            queryset,
            lambda c: candidacy_check_eligibility(actor=request.user, candidacy=c),
            lambda n: (
                ngettext(
                    "Eligibility checked for %(count)s candidacy.",
                    "Eligibility checked for %(count)s candidacies.",
                    n,
                )
                % {"count": n}
            ),
        )

    def _override(self, request, queryset, eligible: bool):
        justification = request.POST.get("comment", "")
        _run_batch(
            self,
            request,
            queryset,
            lambda c: candidacy_override_eligibility(
                actor=request.user, candidacy=c, eligible=eligible, justification=justification
            ),
            lambda n: (
                ngettext(
                    "Override recorded for %(count)s candidacy.",
                    "Override recorded for %(count)s candidacies.",
                    n,
                )
                % {"count": n}
            ),
        )

    @admin.action(
        description=gettext_lazy("Override: eligible (justification required)"), permissions=["change"]
    )
    def override_eligible(self, request, queryset):
        self._override(request, queryset, True)

    @admin.action(
        description=gettext_lazy("Override: ineligible (justification required)"), permissions=["change"]
    )
    def override_ineligible(self, request, queryset):
        self._override(request, queryset, False)


@admin.register(JuryMember)
class JuryMemberAdmin(AuditedAdmin):
    audit_action = "jury_member"
    list_display = ["user", "edition", "is_president"]
    list_filter = ["edition__prize", "edition__year", "is_president"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    list_select_related = ["user", "edition__prize"]
    autocomplete_fields = ["user"]


@admin.register(Criterion)
class CriterionAdmin(AuditedAdmin):
    audit_action = "criterion"
    list_display = ["name_fr", "name_ar", "edition", "weight", "max_points", "position"]
    list_filter = ["edition__prize", "edition__year"]
    search_fields = ["code", "name_fr", "name_ar"]
    list_select_related = ["edition__prize"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    audit_action = "category"
    list_display = ["name_fr", "name_ar", "code", "edition", "requires_cooperative"]
    list_filter = ["edition__prize", "edition__year", "requires_cooperative"]
    search_fields = ["code", "name_fr", "name_ar"]
    list_select_related = ["edition__prize"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(AuditedAdmin):
    audit_action = "eligibility_rule"
    list_display = ["kind", "value", "edition", "category"]
    list_filter = ["kind", "edition__prize", "edition__year"]
    list_select_related = ["edition__prize", "category"]


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    """Declared by the jurors themselves (`conflict_declare`): read-only here."""

    list_display = ["juror", "candidacy", "created_at"]
    list_filter = ["candidacy__edition__prize", "candidacy__edition__year"]
    search_fields = ["juror__email", "reason"]
    list_select_related = ["juror", "candidacy__edition__prize", "candidacy__cooperative"]
    readonly_fields = ["juror", "candidacy", "reason", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """Given by the jurors (`scores_record`): read-only here."""

    list_display = ["candidacy", "juror", "criterion", "points", "updated_at"]
    list_filter = ["candidacy__edition__prize", "candidacy__edition__year", "criterion__code"]
    search_fields = ["juror__email", "candidacy__cooperative__name_fr"]
    list_select_related = ["juror", "criterion", "candidacy__edition__prize", "candidacy__cooperative"]
    readonly_fields = ["juror", "candidacy", "criterion", "points", "comment", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Deliberation)
class DeliberationAdmin(admin.ModelAdmin):
    """Confirmed on the ranking page (`deliberation_confirm`): read-only here."""

    list_display = ["edition", "confirmed_by", "confirmed_at"]
    list_select_related = ["edition__prize", "confirmed_by"]
    readonly_fields = ["edition", "minutes", "confirmed_by", "confirmed_at", "ranking"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
