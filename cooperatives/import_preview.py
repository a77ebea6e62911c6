"""The import preview as data: what a validated file would do, kept in a job's result.

A small file is previewed inside the request; a large one (more data rows than
`ODCO_IMPORT_INLINE_ROWS`) by `preview_cooperatives_task`, which stores `preview_summary()`
in the job's result. Both pages render `preview_context()` of that summary: the counts and
the first `PREVIEW_ISSUES` errors and warnings by row and column, rebuilt as `Issue`s so
that their messages are in the viewer's language, and what each row to update changes, old
→ new (`import_changes.change_rows`, the first `PREVIEW_CHANGES` rows).
"""

from .import_changes import change_rows
from .import_rows import Issue

PREVIEW_ISSUES = 200  # issues listed on the preview page; the count covers all of them


def _issue_data(issue: Issue) -> list:
    return [issue.row, issue.column, issue.code, dict(issue.params)]


def preview_summary(report, *, file_name: str) -> dict:
    """A JSON-safe summary of an `ImportReport` (what the preview page shows)."""
    errors, warnings = report.errors, report.warnings
    counts = report.counts
    return {
        "file_name": file_name,
        "counts": counts,
        "errors": [_issue_data(i) for i in errors[:PREVIEW_ISSUES]],
        "warnings": [_issue_data(i) for i in warnings[:PREVIEW_ISSUES]],
        "error_count": len(errors),
        "warning_count": len(warnings),
        "changes": change_rows(report),
        "file_errors": bool(report.file_errors),
        "partial": report.has_errors,
        "can_confirm": not report.file_errors and (counts["create"] + counts["update"]) > 0,
    }


class _Report:
    """What the template reads of a report (`report.file_errors`)."""

    def __init__(self, file_errors: bool):
        self.file_errors = file_errors

    def __bool__(self) -> bool:
        return True


def preview_context(summary: dict) -> dict:
    """The template context of a preview summary."""
    return {
        "report": _Report(summary["file_errors"]),
        "counts": summary["counts"],
        "errors": [Issue(row, column, code, params) for row, column, code, params in summary["errors"]],
        "warnings": [Issue(row, column, code, params) for row, column, code, params in summary["warnings"]],
        "error_count": summary["error_count"],
        "warning_count": summary["warning_count"],
        "file_name": summary["file_name"],
        "can_confirm": summary["can_confirm"],
        "changes": [
            {"row": row, "number": number, "fields": [{"column": c, "old": o, "new": n} for c, o, n in pairs]}
            for row, number, pairs in summary.get("changes", [])
        ],
    }
