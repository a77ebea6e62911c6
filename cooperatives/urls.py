from django.urls import path

from . import views, views_profile

app_name = "cooperatives"
urlpatterns = [
    path("", views.cooperative_list_view, name="list"),
    path("new/", views.cooperative_create_view, name="create"),
    path("import/", views.import_view, name="import"),
    path("import/confirm/", views.import_confirm_view, name="import_confirm"),
    path("import/preview/<uuid:pk>/", views.import_preview_view, name="import_preview"),
    path("export/", views.export_view, name="export"),
    path("<int:pk>/", views.cooperative_detail_view, name="detail"),
    path("<int:pk>/edit/", views.cooperative_edit_view, name="edit"),
    path("<int:pk>/people/new/", views.member_create_view, name="member_create"),
    path("<int:pk>/profile/propose/", views_profile.profile_propose_view, name="profile_propose"),
    path("<int:pk>/profile/request/", views_profile.profile_correction_request_view, name="profile_request"),
    path("profile-changes/", views_profile.profile_change_list_view, name="profile_changes"),
    path("profile-changes/<int:pk>/", views_profile.profile_change_detail_view, name="profile_change"),
]
