from django.urls import path

from progress import badge_views

app_name = "badges"

urlpatterns = [
    path("issuer.json", badge_views.issuer, name="issuer"),
    path("achievements/<str:kind>/<uuid:key>/<str:language>.json", badge_views.achievement_json, name="achievement"),
    path("achievements/<str:kind>/<uuid:key>/<str:language>.png", badge_views.achievement_image,
         name="achievement-image"),
    path("status/<int:number>.json", badge_views.status_list, name="status-list"),
]
