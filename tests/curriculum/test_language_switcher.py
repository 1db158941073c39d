from tests.factories import make_module


def test_switcher_lands_on_the_translated_page_or_says_it_is_missing(client, site_pages):
    module = make_module(site_pages["catalog"]["es"], title="Litio", slug="litio", lessons=0)
    pt = module.copy_for_translation(site_pages["home"]["pt"].locale)
    pt.title = "Lítio"
    pt.save_revision().publish()

    html = client.get(module.url).content.decode()
    assert f'href="{pt.url}"' in html
    # No English translation: the English link goes to the English home and says so.
    assert 'href="/en/"' in html


def test_language_links_mark_missing_translations(rf, site_pages):
    from django.template import Context, Template
    from django.utils import translation

    module = make_module(site_pages["catalog"]["es"], slug="agua", lessons=0)
    request = rf.get(module.url)
    with translation.override("es"):
        links = Template("{% load alma_tags %}{% language_links as links %}{% for l in links %}{{ l.code }}={{ l.available }}:{{ l.url }};{% endfor %}")
        out = links.render(Context({"request": request, "page": module}))
    assert f"es=True:{module.url}" in out
    assert "en=False:/en/" in out and "pt=False:/pt/" in out
