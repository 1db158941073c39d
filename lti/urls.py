from django.urls import path

from lti import views

app_name = "lti"

urlpatterns = [
    path("jwks.json", views.jwks, name="jwks"),
    path("login/", views.login_initiation, name="login"),
    path("launch/", views.launch, name="launch"),
    path("deep-link/", views.deep_link_answer, name="deep-link"),
    path("classes/<int:classroom>/sync/", views.sync_class_roster, name="sync-roster"),
]
