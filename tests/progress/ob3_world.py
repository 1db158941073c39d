"""A small world of Open Badges 3.0 certificates, shared by the badge tests: one learner takes
a track in English, another a module in Spanish, a third has a certificate from before OB 3.0."""

import uuid
from dataclasses import dataclass

from curriculum.models import ModulePage, TrackModule, TrackPage
from lessons.models import LessonPage
from progress import lesson_progress
from progress import enrolment as progress_enrolment
from progress.models import Certificate
from tests.factories import OutcomeFactory, UserFactory, make_module, publish

BASE = "https://aula.example.org"


@dataclass
class World:
    track_en: TrackPage
    module_es: ModulePage
    english: object  # the learner who took the track in English
    spanish: object


def _track(parent, module, title, key=None):
    track = TrackPage(title=title, slug="teacher-training", summary=f"{title}: summary.", locale=parent.locale,
                      minimum_hours=0, pass_mark=70, **({"translation_key": key} if key else {}))
    track.track_modules.add(TrackModule(module=module, sort_order=0))
    return publish(parent, track)


def _complete(user, module):
    for lesson in LessonPage.objects.child_of(module).live().specific():
        lesson_progress.complete_lesson(user, lesson, seconds=2 * 3600)


def make_world(site_pages) -> World:
    es, en = site_pages["catalog"]["es"], site_pages["catalog"]["en"]
    outcome_es = OutcomeFactory(locale=es.locale, code="CM-SEC-01", statement="Explica el ciclo del agua en la mina.")
    OutcomeFactory(locale=en.locale, code="CM-SEC-01", statement="Explains the water cycle of a mine.",
                   translation_key=outcome_es.translation_key)
    module_es = make_module(es, title="Agua y minería", lessons=1, outcomes=[outcome_es])
    module_en = make_module(en, title="Water and mining", lessons=1, outcomes=[outcome_es])
    ModulePage.objects.filter(pk=module_en.pk).update(translation_key=module_es.translation_key)
    lesson_es = LessonPage.objects.child_of(module_es).get()
    LessonPage.objects.child_of(module_en).update(translation_key=lesson_es.translation_key)
    module_en.refresh_from_db()
    track_es = _track(es, module_es, "Formación docente")
    track_en = _track(en, module_en, "Teacher training", key=track_es.translation_key)
    english, spanish = UserFactory(email="Rosa@Example.org"), UserFactory(email="")
    progress_enrolment.enrol_track(english, track_en)
    _complete(english, module_en)
    _complete(spanish, module_es)
    # A certificate issued before Open Badges 3.0: no status bit, no signed credential.
    Certificate.objects.create(user=UserFactory(), kind="module", achievement_key=uuid.uuid4(),
                               achievement_title="Minerales críticos", learner_name="Ana Quispe", language="es")
    return World(track_en, module_es, english, spanish)


def fetch(client, url: str):
    """GET an absolute URL of the site through the test client."""
    assert url.startswith(BASE), url
    return client.get(url[len(BASE):])
