"""Teachers' and students' landing and header links: "My classes", "My assignments",
and the teacher-training track (see accounts/landing.py)."""

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.landing import NavItem
from alma.page_cache import content_version, store
from curriculum.models import Level, TrackPage
from teachers import learner
from teachers.membership import is_teacher


def my_classes_landing(user):
    return reverse("teachers:classes") if is_teacher(user) else None


def my_assignments_link(request):
    user = request.user
    if not user.is_authenticated or is_teacher(user):
        return None
    if not learner.memberships(request):
        return None
    url = reverse("teachers:my-assignments")
    return NavItem(_("My assignments"), url, "check", request.path == url)


def my_classes_link(request):
    if not is_teacher(request.user):
        return None
    url = reverse("teachers:classes")
    return NavItem(_("My classes"), url, "chalkboard", request.path.startswith(url))


def teacher_training_track(language_code: str) -> TrackPage | None:
    """The teacher-training track in this language (else in any language)."""
    tracks = list(TrackPage.objects.live().public().filter(track_modules__module__level=Level.TEACHER_TRAINING)
                  .select_related("locale").distinct().order_by("path"))
    return next((t for t in tracks if t.locale.language_code == language_code), tracks[0] if tracks else None)


def teacher_training_url(request, language_code: str) -> str:
    """The track's address, cached until published content changes: no query on a teacher's every page."""
    key = f"alma:teacher-training-url:{content_version()}:{language_code}"
    url = cache.get(key)
    if url is None:
        track = teacher_training_track(language_code)
        url = track.get_url(request) if track else ""
        store(key, url, 3600)
    return url


def teacher_training_link(request):
    if not is_teacher(request.user):
        return None
    url = teacher_training_url(request, get_language())
    if not url:
        return None
    return NavItem(_("Teacher training"), url, "level-teacher-training", request.path == url)

