from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("impact.csv", views.export_csv, name="csv"),
]
