from django.urls import path

from datasets import views

app_name = "datasets"

urlpatterns = [
    path("", views.dataset_list, name="list"),
    path("<slug:slug>/", views.dataset_detail, name="detail"),
    path("<slug:slug>/download.h5", views.download_hdf5, name="download-hdf5"),
    path("<slug:slug>/download.csv", views.download_csv, name="download-csv"),
    path("<slug:slug>/chart.png", views.chart_png, name="chart-png"),
]
