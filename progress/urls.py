from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("learning/", views.my_learning, name="my-learning"),
    path("learning/enrol/<int:page_id>/", views.enrol, name="enrol"),
    path("learning/complete/<int:page_id>/", views.complete, name="complete-lesson"),
    path("learning/visit/<int:page_id>/", views.visit, name="lesson-visit"),
    path("learning/my-data.json", views.export_my_data, name="export-my-data"),
    path("learning/delete-account/", views.delete_my_account, name="delete-account"),
    path("certificates/<uuid:certificate_id>/", views.certificate_detail, name="certificate"),
    path("certificates/<uuid:certificate_id>.png", views.certificate_png, name="certificate-png"),
    path("certificates/<uuid:certificate_id>.pdf", views.certificate_pdf, name="certificate-pdf"),
    path("verify/<uuid:verification_key>/", views.verify, name="certificate-verify"),
    path("verify/<uuid:verification_key>/badge.json", views.certificate_badge, name="certificate-badge"),
    path("verify/<uuid:verification_key>/badge.png", views.certificate_badge_png, name="certificate-badge-png"),
]
