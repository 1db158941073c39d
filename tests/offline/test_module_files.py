"""What a device stores to read a module offline (GET /offline/modules/<id>/<lang>.json), the web app
manifest and the service worker (issue #20, parts 1–2)."""

import re
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lessons.models import LessonPage
from tests.alma.test_data_saver import make_image
from tests.factories import make_lesson, make_module, publish
from tests.quizzes.conftest import make_question, make_quiz


@pytest.fixture
def plan():
    """A file in the media that a Markdown block names. Its name is the one storage gave it: the test
    workers share the media folder, and a fixed name would let one worker delete another's file."""
    name = default_storage.save("offline-plano.png", ContentFile(b"\x89PNG plano"))
    yield name
    default_storage.delete(name)


@pytest.fixture
def module(catalog, plan):
    module = make_module(catalog, lessons=2)
    publish(module, LessonPage(title="Relaves", slug="relaves", locale=module.locale, minutes=10, body=[
        {"type": "image", "value": {"image": make_image().pk, "alt_text": "Mapa de relaves", "caption": ""}},
        {"type": "markdown", "value": f"Los relaves se espesan para **ahorrar agua**.\n\n![Plano](/media/{plan})"}]))
    make_quiz(module, questions=[make_question("single")])
    return module


class Loads(HTMLParser):
    """The same-origin files a page loads: stylesheets, scripts, icons, images (every srcset candidate)."""

    def __init__(self):
        super().__init__()
        self.urls = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("stylesheet", "icon", "manifest"):
            self.urls.add(a["href"])
        if tag in ("script", "img", "source"):
            self.urls.update(u for u in [a.get("src")] if u)
            self.urls.update(part.strip().split(" ")[0] for part in (a.get("srcset") or "").split(",") if part.strip())
        if tag == "use":
            self.urls.add(a["href"].split("#")[0])


def manifest_of(client, module, lang="es"):
    response = client.get(f"/offline/modules/{module.pk}/{lang}.json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_manifest_lists_every_page_and_every_file_the_pages_load(client, module):
    manifest = manifest_of(client, module)
    pages = {p["url"]: p["kind"] for p in manifest["pages"]}
    assert list(pages.values()).count("lesson") == 3 and list(pages.values()).count("quiz") == 1
    assert pages[module.url] == "module"
    listed = set(pages) | {f["url"] for f in manifest["files"]} | set(manifest["aliases"])
    for url in pages:
        loads = Loads()
        loads.feed(client.get(url).content.decode())
        own = {u for u in loads.urls if not re.match(r"^[a-z]+:", u)} - {"/manifest.webmanifest"}
        assert own <= listed, f"{url} loads files a stored copy would miss: {sorted(own - listed)}"
    assert manifest["quizzes"] == [{"id": p["id"], "url": p["url"], "draw": f"/offline/quizzes/{p['id']}/draw/"}
                                   for p in manifest["pages"] if p["kind"] == "quiz"]


def test_images_are_stored_once_at_a_phone_sized_rendition(client, module):
    manifest = manifest_of(client, module)
    images = [f for f in manifest["files"] if f["url"].startswith("/media/images/")]
    assert len(images) == 1 and ".width-480." in images[0]["url"] and images[0]["url"].endswith(".webp")
    assert images[0]["bytes"] > 0
    assert set(manifest["aliases"].values()) == {images[0]["url"]}
    assert len(manifest["aliases"]) == 5  # the other renditions of the <picture>; the data saver shows one of them


def test_images_a_markdown_block_names_in_the_media_are_stored(client, module, plan):
    assert {"url": f"/media/{plan}", "bytes": 10} in manifest_of(client, module)["files"]


def test_the_estimate_counts_the_files_exactly_and_the_pages_roughly(client, module):
    manifest = manifest_of(client, module)
    files = sum(f["bytes"] for f in manifest["files"])
    assert all(f["bytes"] > 0 for f in manifest["files"])
    pages = sum(len(client.get(p["url"]).content) for p in manifest["pages"])
    assert files < manifest["bytes"] and 0.5 < (manifest["bytes"] - files) / pages < 2


def test_the_revision_changes_when_a_page_is_published_again_or_added(client, module):
    first = manifest_of(client, module)["revision"]
    assert manifest_of(client, module)["revision"] == first
    lesson = LessonPage.objects.child_of(module).first()
    lesson.save_revision().publish()
    second = manifest_of(client, module)["revision"]
    assert second != first
    make_lesson(module, number=9)
    assert manifest_of(client, module)["revision"] not in (first, second)


def test_another_language_is_its_translation_and_unknown_ones_are_refused_clearly(client, module, site_pages):
    response = client.get(f"/offline/modules/{module.pk}/pt.json")
    assert response.status_code == 404 and "pt" in response.json()["error"]
    translated = module.copy_for_translation(site_pages["catalog"]["pt"].locale, copy_parents=True)
    translated.save_revision().publish()
    manifest = manifest_of(client, module, "pt")
    assert manifest["module"] == {"id": translated.pk, "title": translated.title, "url": translated.url, "language": "pt"}
    assert client.get(f"/offline/modules/{module.pk}/xx.json").status_code == 404
    assert client.get("/offline/modules/999999/es.json").json()["error"]


def test_a_draft_or_private_module_is_not_listed(client, catalog):
    draft = make_module(catalog, lessons=1, live=False)
    assert client.get(f"/offline/modules/{draft.pk}/es.json").status_code == 404


def test_the_web_app_manifest_makes_the_site_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/" and manifest["theme_color"] == "#1d2630"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_service_worker_is_served_at_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "alma-offline-" in response.content.decode()


def test_every_page_links_the_manifest_and_hides_the_offline_banner(client, module):
    html = client.get(module.url).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<p class="offline-banner" role="status" hidden data-offline-banner data-script="/static/js/offline.js">' in html
    assert f'data-manifest="/offline/modules/{module.pk}/es.json"' in html
