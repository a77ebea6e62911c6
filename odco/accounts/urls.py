from django.urls import path

from . import views

app_name = "invitations"
urlpatterns = [
    path("cooperatives/<int:pk>/", views.invitation_create_view, name="create"),
    path("<int:pk>/", views.invitation_confirm_view, name="confirm"),
    path("accept/<str:uidb64>/<str:token>/", views.invitation_accept_view, name="accept"),
]
