"""The cooperative's own project pages, mounted at `/me/project/`."""

from django.urls import path

from .views import projects

app_name = "projects"
urlpatterns = [
    path("", projects.home, name="home"),
    path("canvas/", projects.canvas, name="canvas"),
    path("canvas/history/", projects.canvas_history, name="canvas_history"),
    path("plan/", projects.plan, name="plan"),
    path("deck/", projects.deck_new, name="deck_new"),
    path("photos/", projects.photos, name="photos"),
    path("photos/<int:pk>/delete/", projects.photo_delete, name="photo_delete"),
    path("public/", projects.public_page, name="public_page"),
    path("public/<slug:name>/", projects.public_page_step, name="public_page_step"),
]
