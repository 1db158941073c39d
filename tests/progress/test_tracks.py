"""Tracks: an ordered set of modules with completion rules, its own progress,
certificate, professional-development hours and learning gain."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Revision

from contributions.importer import stable_key
from contributions.loader import load_tree
from contributions.package import PackageInvalid
from curriculum.models import ModulePage, TrackModule, TrackPage
from lessons.models import LessonPage
from progress import dashboard
from progress import enrolment as progress_enrolment
from progress import learning_gain, lesson_progress
from progress.models import Certificate, Enrolment, Statement, Verb
from quizzes import attempts
from tests.factories import OutcomeFactory, UserFactory, make_module, publish
from tests.quizzes.conftest import make_question, make_quiz

CONTENT = Path(__file__).resolve().parents[2] / "content"
SHIPPED_TRACK = CONTENT / "tracks" / "teacher-training"
TRACK_MODULES = ["teaching-mining-with-purpose", "teaching-with-data", "safe-site-visits-community-dialogue"]


@pytest.fixture
def learner(db):
    return UserFactory(username="rosa", display_name="Rosa Mamani")


def make_track(parent, modules, *, minimum_hours=0, pass_mark=70, title="Formación docente", **extra):
    track = TrackPage(title=title, slug="formacion-docente", summary="Itinerario.", locale=parent.locale,
                      minimum_hours=minimum_hours, pass_mark=pass_mark, **extra)
    for order, module in enumerate(modules):
        track.track_modules.add(TrackModule(module=module, sort_order=order))
    return publish(parent, track)


def complete_module(learner, module, seconds=4 * 3600):
    """Every lesson read for ``seconds`` of active time (professional-development hours count time actually spent)."""
    for lesson in LessonPage.objects.child_of(module).live().specific():
        lesson_progress.complete_lesson(learner, lesson, seconds=seconds)


def shipped_tree(tmp_path, site_pages):
    """The shipped track, with its three modules already on the site in es, pt and en
    (made here rather than imported, to keep the test fast)."""
    for slug in TRACK_MODULES:
        key = stable_key("module", slug)
        for language in ("es", "pt", "en"):
            module = make_module(site_pages["catalog"][language], title=f"{slug} {language}", slug=slug, lessons=0)
            ModulePage.objects.filter(pk=module.pk).update(translation_key=key, estimated_hours=4)
    (tmp_path / "tracks").mkdir()
    (tmp_path / "tracks" / "teacher-training").symlink_to(SHIPPED_TRACK)
    return tmp_path


def test_loading_the_shipped_track_creates_it_in_spanish_portuguese_and_english(site_pages, tmp_path):
    root = shipped_tree(tmp_path, site_pages)
    load_tree(root)
    tracks = {t.locale.language_code: t for t in TrackPage.objects.live().select_related("locale")}
    assert set(tracks) == {"es", "pt", "en"}
    assert len({t.translation_key for t in tracks.values()}) == 1
    assert tracks["es"].translation_key == stable_key("track", "teacher-training")
    english = tracks["en"]
    assert english.title.startswith("Teacher training")
    assert english.minimum_hours == 12 and english.pass_mark == 70
    assert english.get_parent().specific_class.__name__ == "CatalogPage"
    modules = english.modules()
    assert [m.slug for m in modules] == TRACK_MODULES
    assert all(m.locale.language_code == "en" for m in modules)
    assert english.total_hours >= english.minimum_hours
    revisions = Revision.objects.count()
    report = load_tree(root)
    assert not [label for label in report.created + report.updated if label.startswith("track")]
    assert Revision.objects.count() == revisions


def test_a_track_naming_an_unknown_module_is_refused_with_the_file_named(site_pages, tmp_path):
    folder = tmp_path / "tracks" / "broken"
    folder.mkdir(parents=True)
    (folder / "track.toml").write_text(
        'slug = "broken"\nlanguages = ["es", "xx"]\nmodules = ["no-such-module"]\nminimum_hours = -1\npass_mark = 170\n'
        'title = { es = "Roto" }\nsummary = { es = "Roto." }\n', encoding="utf-8")
    with pytest.raises(PackageInvalid) as error:
        load_tree(tmp_path)
    text = str(error.value)
    assert "broken/track.toml" in text
    for fragment in ("no-such-module", "'xx'", "minimum_hours", "pass_mark"):
        assert fragment in text
    assert not TrackPage.objects.exists()


def test_the_track_page_renders_modules_rules_and_enrol_button(client, catalog, learner):
    track = make_track(catalog, [make_module(catalog, title="Enseñar con datos", lessons=1)], minimum_hours=1)
    client.force_login(learner)
    html = client.get(track.url).content.decode()
    assert "Enseñar con datos" in html and "70%" in html
    assert "track-progress" not in html
    response = client.post(_enrol_url(track), {"next": track.url})
    assert response.status_code == 302
    assert Enrolment.objects.get(user=learner, object_key=track.translation_key).kind == Enrolment.Kind.TRACK
    assert "track-progress" in client.get(track.url).content.decode()


def _enrol_url(page):
    from django.urls import reverse

    return reverse("progress:enrol", args=[page.pk])


def test_completing_every_module_completes_the_track_and_issues_one_certificate(catalog, learner):
    first = make_module(catalog, title="Enseñar minería", lessons=2)
    second = make_module(catalog, title="Enseñar con datos", lessons=1)
    ModulePage.objects.filter(pk__in=[first.pk, second.pk]).update(estimated_hours=Decimal("4"))
    track = make_track(catalog, [first, second], minimum_hours=8)
    enrolment, created = progress_enrolment.enrol_track(learner, track)
    assert created and enrolment.kind == Enrolment.Kind.TRACK and enrolment.progress == 0
    complete_module(learner, first)
    enrolment.refresh_from_db()
    assert enrolment.progress == 0.5 and enrolment.completed_at is None
    assert dashboard.dashboard(learner, catalog.locale)["pd_hours"] == 4
    complete_module(learner, second)
    complete_module(learner, second)
    enrolment.refresh_from_db()
    assert enrolment.progress == 1 and enrolment.completed_at
    certificate = Certificate.objects.get(user=learner, kind=Enrolment.Kind.TRACK)
    assert certificate.achievement_key == track.translation_key and certificate.hours == 8
    assert certificate.achievement_title == "Formación docente"
    assert Certificate.objects.filter(user=learner).count() == 3  # two modules and the track
    assert Statement.objects.filter(user=learner, verb=Verb.COMPLETED, object_type="track").count() == 1
    assert dashboard.dashboard(learner, catalog.locale)["pd_hours"] == 8


def test_enrolling_after_finishing_the_modules_completes_the_track_at_once(catalog, learner):
    module = make_module(catalog, lessons=1)
    track = make_track(catalog, [module])
    complete_module(learner, module)
    enrolment, _ = progress_enrolment.enrol_track(learner, track)
    assert enrolment.completed_at and Certificate.objects.filter(kind="track").count() == 1


def test_minimum_hours_not_met_leaves_the_track_incomplete(catalog, learner):
    module = make_module(catalog, lessons=1)  # 1 hour by default
    track = make_track(catalog, [module], minimum_hours=12)
    progress_enrolment.enrol_track(learner, track)
    complete_module(learner, module)
    enrolment = Enrolment.objects.get(user=learner, object_key=track.translation_key)
    assert enrolment.progress == 1 and enrolment.completed_at is None
    assert not Certificate.objects.filter(kind="track").exists()


def answer_all(attempt, right: dict):
    """Answer every true/false question: rightly when its outcome is in ``right``."""
    answers = {}
    for aq in attempt.questions.select_related("version"):
        correct = aq.version.definition["answer"]
        answers[aq.position] = correct if any(right.get(code) for code in aq.version.outcome_codes) else not correct
    attempts.save_answers(attempt, answers)
    return attempts.submit_attempt(attempt)[0]


def take(quiz, learner, right):
    attempt, _ = attempts.start_attempt(quiz, learner)
    return answer_all(attempt, right)


def test_a_module_quiz_passed_below_the_track_pass_mark_does_not_complete_the_track(catalog, learner):
    outcome = OutcomeFactory(code="TT-SEC-01")
    module = make_module(catalog, lessons=1, outcomes=[outcome])
    questions = [make_question("truefalse", outcomes=[outcome]) for _ in range(2)]
    quiz = make_quiz(module, questions=questions, shuffle_questions=False, pass_mark=50)
    track = make_track(catalog, [module], pass_mark=80)
    progress_enrolment.enrol_track(learner, track)
    attempt, _ = attempts.start_attempt(quiz, learner)
    first, second = attempt.questions.select_related("version").order_by("position")
    attempts.save_answers(attempt, {first.position: first.version.definition["answer"],
                                         second.position: not second.version.definition["answer"]})
    attempt, _ = attempts.submit_attempt(attempt)
    assert attempt.passed and attempt.score == pytest.approx(0.5)
    complete_module(learner, module)
    assert Enrolment.objects.get(user=learner, object_key=module.translation_key).completed_at
    assert Enrolment.objects.get(user=learner, object_key=track.translation_key).completed_at is None
    take(quiz, learner, {"TT-SEC-01": True})
    assert Enrolment.objects.get(user=learner, object_key=track.translation_key).completed_at


def test_learning_gain_per_outcome_from_pre_and_post_test_attempts(client, catalog, learner):
    water, data = OutcomeFactory(code="TT-SEC-02"), OutcomeFactory(code="TT-SEC-03")
    module = make_module(catalog, lessons=1, outcomes=[water, data])
    questions = [make_question("truefalse", outcomes=[water]), make_question("truefalse", outcomes=[data])]
    pre = make_quiz(module, questions=questions, title="Prueba inicial", shuffle_questions=False)
    post = make_quiz(module, questions=questions, title="Prueba final", shuffle_questions=False)
    track = make_track(catalog, [module], pre_test=pre, post_test=post)
    assert learning_gain.track_gain(learner, track) == []
    take(pre, learner, {"TT-SEC-03": True})
    take(post, learner, {"TT-SEC-02": True, "TT-SEC-03": True})
    gains = {g.code: g for g in learning_gain.track_gain(learner, track)}
    assert set(gains) == {"TT-SEC-02", "TT-SEC-03"}
    assert (gains["TT-SEC-02"].pre, gains["TT-SEC-02"].post, gains["TT-SEC-02"].gain) == (0, 1, 1)
    assert gains["TT-SEC-03"].gain == 0 and gains["TT-SEC-03"].normalised_gain is None
    progress_enrolment.enrol_track(learner, track)
    client.force_login(learner)
    html = client.get(track.url).content.decode()
    assert "TT-SEC-02" in html and "+100" in html


def test_pre_and_post_tests_must_be_quizzes(catalog):
    module = make_module(catalog, lessons=1)
    track = make_track(catalog, [module])
    track.pre_test = module
    with pytest.raises(ValidationError) as error:
        track.clean()
    assert "pre_test" in error.value.message_dict


def test_my_learning_lists_the_track_and_hours_and_continue_ignores_track_enrolments(client, catalog, learner):
    module = make_module(catalog, title="Enseñar minería", lessons=2)
    track = make_track(catalog, [module])
    progress_enrolment.enrol_track(learner, track)
    progress_enrolment.enrol(learner, module)
    first = LessonPage.objects.child_of(module).order_by("path").first()
    lesson_progress.complete_lesson(learner, first.specific)
    Enrolment.objects.filter(user=learner, object_key=track.translation_key).update(last_activity_at="2100-01-01T00:00Z")
    assert dashboard.continue_where_left_off(learner, catalog.locale).title == "Lección 2"
    client.force_login(learner)
    html = client.get("/es/learning/").content.decode()
    assert "Formación docente" in html and "track-progress-formacion-docente" in html
