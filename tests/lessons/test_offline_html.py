"""lessons.offline_html: what a rendered page becomes in an offline bundle (pure, no database)."""

from lessons.offline_html import OfflinePage, relative, sprite_inline

SPRITE = '<svg xmlns="http://www.w3.org/2000/svg"><!-- use …/sprite.svg#NAME --><symbol id="book"></symbol></svg>'
PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/static/css/alma.3f2a9c.css"><link rel="alternate" hreflang="pt" href="/pt/x/">
<script src="/static/js/alma.3f2a9c.js" defer></script><script src="/static/js/visit.js"></script>
<script>navigator.sendBeacon("/beacon")</script><script src="https://cdn.example.com/x.js"></script>
</head><body><header><nav id="site-nav"><ul><li><a href="/es/accounts/login/">Entrar</a></li></ul></nav></header>
<main><div class="wrap"><article>
<div class="prose"><p>Ver <a href="/es/datasets/usgs/">los datos</a> y <a href="https://www.usgs.gov/">USGS</a>.</p></div>
<p><a href="/es/m/l2/#top">Siguiente</a> <a href="#main">Arriba</a></p>
<p><a href="/es/package.zip"><svg><use href="/static/icons/sprite.svg#download"></use></svg>Descargar</a></p>
<picture><source srcset="/media/images/a.width-480.webp 480w, /media/images/a.width-800.webp 800w" type="image/webp">
<source srcset="/media/images/a.width-480.jpg 480w, /media/images/a.width-800.jpg 800w" type="image/jpeg">
<img alt="Un tranque" src="/media/images/a.width-800.jpg" width="800" height="450"></picture>
<img src="https://tracker.example.com/p.gif" alt=""><iframe src="https://www.youtube.com/embed/x"></iframe>
<form method="post" action="/es/data-saver/"><button>Ahorro</button></form>
</article></div></main></body></html>"""


def bundle_page(copied):
    def copy(path):  # as Exporter._copy: /static/x → assets/x, /media/x → media/x
        copied.append(path)
        return path.replace("/static/", "assets/", 1) if path.startswith("/static/") else path.lstrip("/")
    return OfflinePage({"/es/m/l2/": "es/m/l2.html"}, "aula.example.org", copy, sprite_inline(SPRITE))


def test_a_page_keeps_only_what_opens_without_a_server():
    copied = []
    html = bundle_page(copied).rewrite(PAGE, "es/m/l1.html", nav_html='<ul><li><a href="../index.html">Módulos</a></li></ul>')
    assert 'href="../../assets/css/alma.3f2a9c.css"' in html
    assert 'src="../../assets/js/alma.3f2a9c.js"' in html  # the site's own script, even under a hashed name
    assert "visit.js" not in html and "sendBeacon" not in html and "cdn.example.com" not in html
    assert "<iframe" not in html and "<form" not in html and "tracker.example.com" not in html
    assert 'hreflang="pt"' not in html and "Entrar" not in html and 'href="../index.html">Módulos' in html
    assert 'href="l2.html#top"' in html and 'href="#main"' in html
    assert "Ver los datos y" in html and 'href="https://www.usgs.gov/"' in html  # prose keeps its words
    assert "Descargar" not in html  # a link to what the bundle lacks, outside prose, goes
    assert '<img alt="Un tranque"' in html and 'src="../../media/images/a.width-480.jpg"' in html
    assert "<picture" not in html and "srcset" not in html and "/media/images/a.width-800.jpg" not in copied


def test_the_icon_sprite_is_inline_with_prefixed_symbols_and_no_comment():
    html = bundle_page([]).rewrite(PAGE.replace('<a href="/es/package.zip">', '<a href="/es/m/l2/">'), "es/m/l1.html")
    assert '<symbol id="icon-book">' in html and '<use href="#icon-download">' in html
    assert "sprite.svg" not in html


def test_relative_paths_between_bundle_files():
    assert relative("es/index.html", "es/m/l1.html") == "../index.html"
    assert relative("assets/css/alma.css", "index.html") == "assets/css/alma.css"
    assert relative("es/m/l2.html", "es/m/l1.html") == "l2.html"
