from django.urls import path

from contributions import views

app_name = "contributions"

urlpatterns = [
    path("packages/<slug:slug>.zip", views.download_package, name="download"),
]
