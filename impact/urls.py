from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("impact.csv", views.export_csv, name="csv"),
    path("impact.h5", views.export_hdf5, name="hdf5"),
    path("learning-records.h5", views.export_learning_records, name="learning-records"),
]
