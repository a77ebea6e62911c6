"""Shared pieces of the apps' admin pages: audited direct edits, and admin actions that run a
service on each selected object (the same services as the pages, refusals reported by row)."""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from import_export.forms import ImportForm

from odco.audit.services import audit_record


class AuditedAdmin(admin.ModelAdmin):
    """Direct edits by staff are audited as `<app>.<model>_created|changed_in_admin` (the pages
    go through the services, which audit themselves)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        meta = obj._meta
        audit_record(
            actor=request.user,
            action=f"{meta.app_label}.{meta.model_name}_{'changed' if change else 'created'}_in_admin",
            obj=obj,
            changes={name: str(form.cleaned_data.get(name)) for name in form.changed_data},
        )


def apply_each(
    modeladmin, request, objects: Iterable, act: Callable, done_message: Callable[[int], str]
) -> int:
    """Call `act(obj)` on each object; a refusal (PermissionDenied, ValidationError) is shown
    with the object's name and the others go on; then `done_message(count)` if any succeeded."""
    done = 0
    for obj in objects:
        try:
            act(obj)
        except (PermissionDenied, ValidationError) as refused:
            text = refused.messages[0] if isinstance(refused, ValidationError) else str(refused)
            modeladmin.message_user(request, f"{obj}: {text}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    return done


class _Refused(Exception):
    pass


def apply_all_or_nothing(
    modeladmin,
    request,
    objects: Iterable,
    act: Callable,
    *,
    refused_message: str,
    done_message: Callable[[int], str],
) -> int:
    """Call `act(obj)` on every object in one transaction: if any is refused, each refusal is
    shown with the object's name, then `refused_message`, and nothing is changed."""
    refusals, done = [], 0
    try:
        with transaction.atomic():
            for obj in objects:
                try:
                    act(obj)
                    done += 1
                except (PermissionDenied, ValidationError) as error:
                    reason = "; ".join(getattr(error, "messages", None) or [str(error)])
                    refusals.append(f"{obj}: {reason}")
            if refusals:
                raise _Refused
    except _Refused:
        for refusal in refusals:
            modeladmin.message_user(request, refusal, messages.ERROR)
        modeladmin.message_user(request, refused_message, messages.WARNING)
        return 0
    modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    return done


class LimitedImportForm(ImportForm):
    """django-import-export's import form with the platform's upload limits (odco/uploads.py):
    the size for every format; zip expansion and ratio for zipped ones (XLSX, ODS); cells for
    tables (CSV, TSV, XLSX), measured by streaming before the library reads the file. Every
    admin with an import page uses it (`import_form_class`; tests/security/test_uploads.py)."""

    TABLES = (".csv", ".tsv", ".txt", ".xlsx", ".ods")

    def clean_import_file(self):
        from odco.uploads import check_size, check_upload

        upload = self.cleaned_data["import_file"]
        check_size(upload.size)
        upload.seek(0)
        zipped = upload.read(4) == b"PK\x03\x04"
        upload.seek(0)
        if zipped or upload.name.lower().endswith(self.TABLES):
            check_upload(upload)
        return upload
