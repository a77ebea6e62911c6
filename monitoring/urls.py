from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.national_dashboard, name="dashboard"),
    path("dashboard/regions/<str:code>/", views.regional_dashboard, name="regional_dashboard"),
    path("me/", views.cooperative_space, name="me"),
]
