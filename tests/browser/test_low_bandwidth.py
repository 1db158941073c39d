"""Low bandwidth (issue #20, part 4): the data saver leaves images out until asked,
"Show image" works with and without JavaScript, and a quiz is taken with no
script at all (what a learner on 2G has before alma.js arrives)."""

import re

import pytest
from playwright.sync_api import expect

from tests.alma.test_data_saver import make_image
from tests.browser.test_quiz import quiz, sign_in  # noqa: F401 - quiz is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def browser_locale():
    return "en-GB"


@pytest.fixture
def lesson(site):
    from lessons.models import LessonPage
    from tests.factories import make_module, publish

    module = make_module(site["catalog"]["en"], title="Tailings", slug="tailings", lessons=0)
    body = [{"type": "markdown", "value": "## Tailings dams\n\nWhere the waste of a mine goes."},
            {"type": "image", "value": {"image": make_image().pk, "alt_text": "Map of a tailings dam",
                                        "caption": "A dam upstream of a town", "credit": ""}}]
    return publish(module, LessonPage(title="Tailings dams", slug="tailings-dams", locale=module.locale, body=body,
                                      minutes=10))


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_data_saver_leaves_images_out_until_asked(browser, site, lesson, javascript):
    context = browser.new_context(locale="en-GB", java_script_enabled=javascript)
    tab = context.new_page()
    tab.goto(site["url"] + lesson.url)
    expect(tab.get_by_role("img", name="Map of a tailings dam")).to_be_visible()

    tab.get_by_role("button", name="Turn data saver on").click()
    expect(tab.get_by_role("button", name="Turn data saver off")).to_be_visible()
    assert tab.url == site["url"] + lesson.url  # back on the same page
    expect(tab.get_by_role("heading", name="Tailings dams", level=1)).to_be_visible()
    assert tab.locator("img").count() == 0  # not even a lazy one: nothing to fetch
    assert tab.locator("picture").count() == 0
    show = tab.get_by_role("link", name=re.compile("Show image.*Map of a tailings dam"))
    expect(show).to_be_visible()

    if javascript:
        show.click()  # shown in place
        image = tab.get_by_role("img", name="Map of a tailings dam")
        expect(image).to_be_visible()
        tab.wait_for_function("document.querySelector('main img').naturalWidth > 0")
    else:
        with tab.expect_navigation() as navigation:
            show.click()  # the image itself
        response = navigation.value
        assert response.status == 200 and response.headers["content-type"].startswith("image/")
        tab.go_back()

    # Turned off again: the images are back, for this visitor and others alike.
    tab.goto(site["url"] + lesson.url)
    tab.get_by_role("button", name="Turn data saver off").click()
    expect(tab.get_by_role("img", name="Map of a tailings dam")).to_be_visible()
    context.close()


def test_a_quiz_is_taken_without_any_script(browser, site, quiz):  # noqa: F811 - the fixture
    context = browser.new_context(locale="en-GB", java_script_enabled=False)
    tab = context.new_page()
    sign_in(tab, site["url"], quiz.url)
    tab.get_by_role("button", name="Start the quiz").click()
    tab.get_by_label("Your answer (a number)").fill("480 t")
    tab.get_by_role("group", name=re.compile("Question 2")).get_by_label("True").check()
    tab.get_by_label("Your answer", exact=True).fill("Lithium")
    tab.get_by_role("button", name="Save and finish").click()
    tab.get_by_role("button", name="Submit my answers").click()
    expect(tab.get_by_role("heading", name="Results of attempt 1")).to_be_visible()
    expect(tab.locator(".quiz__score")).to_contain_text("100 %")
    context.close()
