from django.urls import include, path

from . import views

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
    path("me/kit/<str:kind>/<int:pk>/", views.cooperative_kit_download, name="me_kit_download"),
    path("reports/", include("monitoring.urls_reports")),
]
