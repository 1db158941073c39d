from django.urls import path

from offline import views

app_name = "offline"

urlpatterns = [
    path("quizzes/<int:quiz_page_id>/draw/", views.draw, name="draw"),
    path("sync/", views.sync, name="sync"),
]
