from django.urls import path

from . import views_reports, views_targets

app_name = "reports"

urlpatterns = [
    path("", views_reports.report_list, name="list"),
    path("open/", views_reports.report_open_view, name="open"),
    path("validation/", views_reports.validation_queue, name="validation_queue"),
    path("approval/", views_reports.approval_queue, name="approval_queue"),
    path("missing/", views_reports.missing_reports, name="missing"),
    path("targets/<int:cooperative_pk>/", views_targets.targets, name="targets"),
    path("<int:pk>/", views_reports.report_detail, name="detail"),
    path("<int:pk>/edit/", views_reports.report_edit, name="edit"),
    path("<int:pk>/steps/<slug:name>/", views_reports.report_transition_view, name="transition"),
    path("<int:pk>/evidence/", views_reports.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views_reports.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views_reports.evidence_delete, name="evidence_delete"),
]
