from django.urls import path

from offline import views

app_name = "offline"

urlpatterns = [
    path("modules/<int:page_id>/<str:lang>.json", views.module_manifest, name="module"),
]
