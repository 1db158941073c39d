"""New pages written in bulk (contributions/new_pages.py) are what Wagtail's own
add_child, save_revision and publish would have made: a valid tree, a first
revision that is live (or the draft), the same log entries, the child rows."""

from wagtail.models import Page, PageLogEntry

from contributions.loader import load_tree
from curriculum.models import ModulePage
from lessons.models import LessonPage
from quizzes.models import QuizPage


def with_quiz(content_tree):
    for language in ("es", "en"):
        (content_tree / f"modules/agua-y-mineria/questions.{language}.gift").write_text(
            "$CATEGORY: WAT-SEC-01\n\n::Q1:: ¿Cobre? {TRUE}\n\n::Q2:: ¿Hierro? {FALSE}\n")
    return content_tree


def test_imported_pages_are_as_wagtail_makes_them(site_pages, content_tree):
    load_tree(with_quiz(content_tree))
    assert Page.find_problems() == ([], [], [], [], [])
    module = ModulePage.objects.get(locale__language_code="es")
    assert module.numchild == 4 and module.get_children().count() == 4  # two lessons, the quiz and the pre-test
    assert [a.name for a in module.authors.all()] == ["Ana Pérez"]
    quiz = QuizPage.objects.get(locale__language_code="es", slug="quiz")
    assert [(s.question.title, s.sort_order) for s in quiz.slots.all()] == [("Q1", 0), ("Q2", 1)]
    for page in [module, *LessonPage.objects.all(), *QuizPage.objects.all()]:
        page = page.specific
        assert page.live and not page.has_unpublished_changes and page.first_published_at
        assert page.live_revision_id == page.latest_revision_id is not None
        assert page.url_path == page.get_parent().url_path + page.slug + "/"
        assert page.get_latest_revision_as_object().title == page.title
        actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", flat=True))
        assert actions == ["wagtail.create", "wagtail.edit", "wagtail.publish"], (page, actions)
    lesson = LessonPage.objects.get(locale__language_code="es", slug="agua")
    assert [o.code for o in lesson.get_latest_revision_as_object().outcomes.all()] == ["WAT-SEC-01"]
    assert lesson.url == "/es/catalogo/agua-y-mineria/agua/"


def test_a_draft_import_leaves_new_pages_unpublished(site_pages, content_tree):
    load_tree(content_tree, publish=False)
    lesson = LessonPage.objects.get(locale__language_code="en", slug="agua")
    assert not lesson.live and lesson.has_unpublished_changes and lesson.live_revision_id is None
    assert lesson.latest_revision.as_object().title == "Water at the mine"
    assert list(PageLogEntry.objects.filter(page=lesson).order_by("pk").values_list("action", flat=True)) == [
        "wagtail.create", "wagtail.edit"]
    # Publishing the draft afterwards is Wagtail's usual path.
    lesson.latest_revision.publish()
    assert LessonPage.objects.live().filter(pk=lesson.pk).exists()


def test_new_lessons_go_after_the_existing_ones(site_pages, content_tree):
    load_tree(with_quiz(content_tree))
    module_dir = content_tree / "modules" / "agua-y-mineria"
    manifest = (module_dir / "module.toml").read_text()
    (module_dir / "module.toml").write_text(manifest.replace('"02-relaves"]', '"02-relaves", "03-cierre"]'))
    for language, title in (("es", "Cierre"), ("en", "Closure")):
        (module_dir / f"lessons/03-cierre.{language}.md").write_text(
            f'+++\ntitle = "{title}"\nminutes = 20\noutcomes = ["WAT-SEC-01"]\n+++\n\nTexto.\n')
    load_tree(content_tree)
    assert Page.find_problems() == ([], [], [], [], [])
    module = ModulePage.objects.get(locale__language_code="en")
    assert [p.slug for p in module.get_children()] == ["agua", "relaves", "quiz", "pre-test", "cierre"]
    assert module.numchild == 5
