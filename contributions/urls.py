from django.urls import path

from contributions import views

urlpatterns = [
    path("packages/<slug:slug>.zip", views.download_package, name="contributions_download"),
]
