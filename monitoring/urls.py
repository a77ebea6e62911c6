from django.urls import include, path

from . import views, views_reports

report_patterns = [
    path("", views_reports.report_list, name="list"),
    path("open/", views_reports.report_open_view, name="open"),
    path("validation/", views_reports.validation_queue, name="validation_queue"),
    path("approval/", views_reports.approval_queue, name="approval_queue"),
    path("missing/", views_reports.missing_reports, name="missing"),
    path("<int:pk>/", views_reports.report_detail, name="detail"),
    path("<int:pk>/edit/", views_reports.report_edit, name="edit"),
    path("<int:pk>/steps/<slug:name>/", views_reports.report_transition_view, name="transition"),
    path("<int:pk>/evidence/", views_reports.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views_reports.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views_reports.evidence_delete, name="evidence_delete"),
]

urlpatterns = [
    path("dashboard/", views.national_dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.national_dashboard_export, name="dashboard_export"),
    path("dashboard/regions/<str:code>/", views.regional_dashboard, name="regional_dashboard"),
    path(
        "dashboard/regions/<str:code>/export.xlsx",
        views.regional_dashboard_export,
        name="regional_dashboard_export",
    ),
    path("me/", views.cooperative_space, name="me"),
    path("reports/", include((report_patterns, "reports"))),
]
