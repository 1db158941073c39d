"""The editor's block picker previews lesson blocks with real content and the site's styles."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from lessons.blocks import LessonStreamBlock
from tests.factories import UserFactory

PREVIEWED = {
    "markdown": "<strong>brine</strong>",
    "callout": "Wear a helmet",
    "activity": "Sort the rock samples",
    "chart": "<th scope=\"row\">Chile</th>",
}


@pytest.fixture
def editor(client, db):
    client.force_login(UserFactory(username="editora", is_superuser=True, is_staff=True))
    return client


def test_lesson_blocks_preview_real_content_with_the_site_styles(editor, site_pages):
    call_command("load_datasets")
    stream = LessonStreamBlock()
    for name, expected in PREVIEWED.items():
        block = stream.child_blocks[name]
        assert block.is_previewable, name
        response = editor.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}, HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        assert response.status_code == 200, name
        assert expected in html, name
        assert "css/alma.css" in html


def test_blocks_that_need_a_chosen_object_have_no_preview():
    stream = LessonStreamBlock()
    assert not stream.child_blocks["image"].is_previewable
    assert not stream.child_blocks["quiz"].is_previewable
    assert not stream.child_blocks["rich_text"].is_previewable
