"""Data saver (issue #20, low bandwidth): a cookie that leaves images out of pages
until asked, without leaking into the page cache that visitors share."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from alma.data_saver import COOKIE
from lessons.models import LessonPage
from tests.factories import make_module, publish


def make_image(title="Mapa de relaves"):
    if not Collection.objects.exists():  # --no-migrations: the root collection Wagtail's migration makes
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (180, 110, 60)).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="mapa.png"))


@pytest.fixture
def lesson_with_image(catalog):
    module = make_module(catalog, lessons=0)
    body = [{"type": "markdown", "value": "## Relaves\n\nTexto.\n\n![Plano del tranque](/media/plano.png)"},
            {"type": "image", "value": {"image": make_image().pk, "alt_text": "Mapa de relaves de la cuenca",
                                        "caption": "Cuenca del río", "credit": ""}}]
    return publish(module, LessonPage(title="Relaves", slug="relaves", locale=catalog.locale, body=body, minutes=10))


def test_images_are_lazy_async_sized_per_device_with_dimensions(client, lesson_with_image):
    html = client.get(lesson_with_image.url).content.decode()
    img = html[html.index("<img", html.index('class="figure"')):]
    img = img[:img.index(">")]
    assert 'loading="lazy"' in img and 'decoding="async"' in img and 'width="' in img and 'height="' in img
    assert "srcset=" in html and "sizes=" in html
    assert '<img src="/media/plano.png" alt="Plano del tranque" loading="lazy" decoding="async"' in html


def test_data_saver_leaves_images_out_and_does_not_leak_into_the_shared_cache(client, lesson_with_image):
    url = lesson_with_image.url
    assert client.get(url)["X-Alma-Cache"] == "miss"
    client.cookies[COOKIE] = "1"
    lite = client.get(url)
    html = lite.content.decode()
    assert lite["X-Alma-Cache"] == "miss"  # its own cache entry, not the page with images
    assert "<img" not in html and "<picture" not in html
    assert html.count("data-show-image") == 2 and "Mapa de relaves de la cuenca" in html
    assert 'href="/media/plano.png"' in html
    assert client.get(url)["X-Alma-Cache"] == "hit"
    del client.cookies[COOKIE]
    plain = client.get(url)
    assert plain["X-Alma-Cache"] == "hit" and "<img" in plain.content.decode()
    assert "data-show-image" not in plain.content.decode()


def test_data_saver_for_a_signed_in_learner_keeps_the_shared_part_apart(client, lesson_with_image, django_user_model):
    client.force_login(django_user_model.objects.create_user("ana", password="x"))
    assert "<img" in client.get(lesson_with_image.url).content.decode()
    client.cookies[COOKIE] = "1"
    assert "<img" not in client.get(lesson_with_image.url).content.decode()
    del client.cookies[COOKIE]
    assert "<img" in client.get(lesson_with_image.url).content.decode()


def test_the_footer_toggle_sets_and_clears_the_cookie_and_goes_back(client, lesson_with_image):
    html = client.get(lesson_with_image.url).content.decode()
    assert 'action="/data-saver/"' in html and "Activar el ahorro de datos" in html
    response = client.post("/data-saver/", {"on": "1", "next": lesson_with_image.url})
    assert response.status_code == 302 and response["Location"] == lesson_with_image.url
    assert response.cookies[COOKIE].value == "1" and response.cookies[COOKIE]["httponly"]
    assert "Desactivar el ahorro de datos" in client.get(lesson_with_image.url).content.decode()
    response = client.post("/data-saver/", {"on": "0", "next": lesson_with_image.url})
    assert response.cookies[COOKIE].value == "" and response.cookies[COOKIE]["max-age"] == 0
    assert "Activar el ahorro de datos" in client.get(lesson_with_image.url).content.decode()


def test_the_toggle_never_redirects_to_another_site(client, db):
    response = client.post("/data-saver/", {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert client.get("/data-saver/").status_code == 405
