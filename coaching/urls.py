from django.urls import path

from .views import coach, coordination, projects

app_name = "coaching"
urlpatterns = [
    path("", coach.dashboard, name="dashboard"),
    path("profile/", coordination.my_profile, name="my_profile"),
    path("overview/", coordination.overview, name="overview"),
    path("cooperatives/<int:pk>/", coach.cooperative_file, name="cooperative"),
    path("candidacies/<int:pk>/", coach.candidacy_file, name="candidacy"),
    path("candidacies/<int:pk>/assign/", coordination.assign, name="assign"),
    path("assignments/<int:pk>/sessions/new/", coach.session_new, name="session_new"),
    path("assignments/<int:pk>/simulations/new/", coach.simulation_new, name="simulation_new"),
    path("assignments/<int:pk>/end/", coordination.end_assignment, name="assignment_end"),
    path("actions/<int:pk>/done/", coach.action_done, name="action_done"),
    path("hours/", coordination.hours, name="hours"),
    path("hours.xlsx", coordination.hours_export, name="hours_export"),
    path("coaches/", coordination.coach_list, name="coach_list"),
    path("coaches/<int:user_pk>/", coordination.coach_edit, name="coach_edit"),
    path("phases/<int:pk>/rubric/", coordination.rubric, name="rubric"),
    path("cooperatives/<int:pk>/project/", projects.coach_project, name="project"),
    path("cooperatives/<int:pk>/project/history/", projects.coach_canvas_history, name="project_history"),
    path("cooperatives/<int:pk>/project/comments/", projects.coach_comment, name="project_comment"),
    path("cooperatives/<int:pk>/project/deck/", projects.coach_deck_new, name="project_deck_new"),
    path("decks/<int:pk>.pdf", projects.deck_download, name="deck_download"),
]
