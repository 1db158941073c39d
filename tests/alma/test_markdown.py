import pytest
from hypothesis import given
from hypothesis import strategies as st

from alma.markdown import is_safe_url, render_markdown


def test_renders_commonmark_and_tables():
    html = render_markdown("## Cobre\n\n| país | t |\n|---|---|\n| Chile | 5 |\n")
    assert "<h2>Cobre</h2>" in html
    assert "<table>" in html and "<td>Chile</td>" in html


def test_raw_html_is_shown_as_text_not_rendered():
    html = render_markdown('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD4=",
])
def test_unsafe_links_are_dropped(url):
    html = render_markdown(f"[clic]({url})")
    assert "href" not in html
    assert "script:" not in html.lower() or "[clic]" in html


def test_safe_links_keep_their_target_and_external_ones_get_noopener():
    html = render_markdown("[USGS](https://www.usgs.gov/) y [lección](/es/catalogo/)")
    assert 'href="https://www.usgs.gov/" rel="noopener noreferrer"' in html
    assert 'href="/es/catalogo/"' in html


def test_images_are_lazy_and_data_urls_dropped():
    assert 'loading="lazy"' in render_markdown("![mapa](/media/mapa.png)")
    assert "<img" not in render_markdown("![x](data:image/svg+xml;base64,AAAA)")


@given(st.text(max_size=300))
def test_any_text_renders_without_executable_markup(text):
    html = render_markdown(text).lower()
    assert "<script" not in html
    assert "javascript:" not in html.replace("&amp;", "&") or "href=\"javascript" not in html


def test_is_safe_url():
    assert is_safe_url("https://cochilco.cl")
    assert is_safe_url("/es/")
    assert not is_safe_url("javascript:void(0)")
    assert not is_safe_url("data:image/png;base64,AA", image=False)
