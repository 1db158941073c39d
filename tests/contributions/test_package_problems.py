"""The problems of a package, as its author reads them: each once, only real
ones, in the language of the admin they uploaded it from."""

import pytest

from contributions.importer import known_codes
from contributions.loader import load_tree
from contributions.package import PackageInvalid
from contributions.package.module import read_module
from quizzes.formats import FormatError, gift

from .test_admin import framework, member, upload  # noqa: F401
from .test_import_package import zip_folder
from tests.factories import InstitutionFactory

UNCLOSED = "$CATEGORY: WAT-SEC-01\n::Q1:: ¿El agua se recircula? {T\n"
GOOD_EN = "$CATEGORY: WAT-SEC-01\n::Q1:: Is water recirculated? {T}\n"


def test_an_unclosed_gift_answer_block_is_reported_once():
    with pytest.raises(FormatError) as raised:
        gift.parse(UNCLOSED, "questions.es.gift")
    assert raised.value.errors == [(2, "This question's answer block is not closed: add the missing '}'.")]


def problems_of(module_folder):
    with pytest.raises(PackageInvalid) as raised:
        read_module(module_folder, known_codes())
    return raised.value.problems


def test_a_broken_quiz_file_does_not_also_count_as_a_missing_language(framework):  # noqa: F811
    load_tree(framework.parent.parent / "framework")
    (framework / "questions.es.gift").write_text(UNCLOSED)
    (framework / "questions.en.gift").write_text(GOOD_EN)
    assert [(p.file, p.line) for p in problems_of(framework)] == [("questions.es.gift", 2)]

    (framework / "questions.en.gift").unlink()
    assert [p.file for p in problems_of(framework)] == ["questions.es.gift", "questions.en.gift"]


def test_the_problems_are_in_the_language_of_the_admin(client, framework, tmp_path):  # noqa: F811
    from wagtail.users.models import UserProfile

    load_tree(framework.parent.parent / "framework")
    (framework / "lessons/02-relaves.en.md").unlink()
    author = member("Contributor", InstitutionFactory(slug="u-chile"))
    UserProfile.objects.update_or_create(user=author, defaults={"preferred_language": "es"})
    client.force_login(author)
    page = upload(client, zip_folder(framework, tmp_path / "m.zip")).content.decode()
    assert "la lección «02-relaves» no tiene versión en «en»" in page
    assert "añade lessons/02-relaves.en.md o quita «en» de languages" in page
    assert "has no" not in page
