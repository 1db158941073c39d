from django.urls import path

from offline import module_views, views

app_name = "offline"

urlpatterns = [
    path("modules/<int:page_id>/<str:lang>.json", module_views.module_manifest, name="module"),
    path("quizzes/<int:quiz_page_id>/draw/", views.draw, name="draw"),
    path("sync/", views.sync, name="sync"),
]
