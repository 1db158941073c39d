"""Lessons and questions never load third-party images (trackers of minors, issue #12):
the Markdown renderer and the question HTML sanitiser drop them, importers refuse them,
and production sends a Content-Security-Policy that allows images only from the site."""

import pytest

from alma.markdown import external_images, render_markdown
from quizzes import definition as qdef
from quizzes.formats import gift, moodle_xml
from quizzes.formats import FormatError
from quizzes.html import sanitize_html

TRACKER = "https://tracker.example/pixel.gif"


@pytest.mark.parametrize("src", [TRACKER, "//tracker.example/p.gif", "HTTP://T.EXAMPLE/x"])
def test_markdown_shows_an_external_image_as_a_link_not_an_img(src):
    html = render_markdown(f"![Mapa de relaves]({src})")
    assert "<img" not in html and "Mapa de relaves" in html


def test_markdown_keeps_images_from_the_site():
    html = render_markdown("![Mapa](/media/images/mapa.png)")
    assert '<img src="/media/images/mapa.png" alt="Mapa" loading="lazy"' in html


def test_question_html_loses_external_image_sources_when_shown():
    html = sanitize_html(f'<p>Mira <img src="{TRACKER}" alt="mapa"><img src="/\\tracker.example/b.gif">'
                         '<img src="/media/a.png" alt="local"></p>')
    assert "tracker.example" not in html and 'src="/media/a.png"' in html


def test_external_images_are_found_in_markdown_and_html():
    assert external_images(f"texto ![a]({TRACKER}) ![b](/media/b.png)") == [TRACKER]
    assert external_images(f'<img src="{TRACKER}"><img src="/media/b.png">', "html") == [TRACKER]
    assert external_images(f"![a]({TRACKER})", "plain") == []


def test_a_question_with_an_external_image_is_invalid_wherever_it_hides():
    definition = {"type": "single", "prompt": "¿Qué metal?", "choices": [
        {"text": "Cobre", "fraction": 1}, {"text": "Hierro", "fraction": 0, "feedback": f"Mira ![x]({TRACKER})"}]}
    assert any("another site" in problem and TRACKER in problem for problem in qdef.validate(definition))


def test_gift_and_moodle_xml_imports_refuse_external_images_with_the_line():
    with pytest.raises(FormatError, match=r"q\.gift:2: The image https://tracker\.example/pixel\.gif is on another site"):
        gift.parse(f"// cobre\n::Q1:: [html]<p>Mira <img src=\"{TRACKER}\"></p> {{=Cobre ~Hierro}}\n", filename="q.gift")
    xml = f"""<?xml version="1.0"?>
<quiz>
  <question type="truefalse">
    <name><text>Cobre</text></name>
    <questiontext format="html"><text><![CDATA[<p>Chile produce cobre <img src="{TRACKER}"></p>]]></text></questiontext>
    <answer fraction="100"><text>true</text></answer>
    <answer fraction="0"><text>false</text></answer>
  </question>
</quiz>"""
    with pytest.raises(FormatError, match="another site"):
        moodle_xml.parse(xml, filename="q.xml")


@pytest.mark.django_db
def test_the_content_security_policy_is_sent(client, settings):
    settings.CONTENT_SECURITY_POLICY = "img-src 'self' data: blob:"
    assert client.get("/healthz")["Content-Security-Policy"] == "img-src 'self' data: blob:"


def test_production_allows_images_only_from_the_site_and_its_media():
    import os
    import subprocess
    import sys

    code = ("import alma.settings.production as p; print(p.CONTENT_SECURITY_POLICY); "
            "print('alma.middleware.ContentSecurityPolicyMiddleware' in p.MIDDLEWARE)")
    env = {**os.environ, "SECRET_KEY": "x" * 50, "MEDIA_URL": "https://media.alma.example/m/",
           "ALMA_BASE_URL": "https://aula.example.org"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["img-src 'self' data: blob: https://media.alma.example", "True"]
