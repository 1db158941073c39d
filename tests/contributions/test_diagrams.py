"""Diagrams (docs/package-format.md, Diagrams): hostile drawings are refused with
their file and line, every label is needed in every language, and a lesson shows
the drawing inline with its labels in the page's language."""

import textwrap

import pytest

from contributions.export import export_module
from contributions.loader import load_tree
from contributions.package import PackageInvalid
from curriculum.models import ModulePage
from lessons.diagrams import check_svg, render_svg
from lessons.models import LessonPage

from .conftest import lesson, write_tree

SVG = textwrap.dedent('''\
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 120">
      <defs><marker id="head" markerWidth="8" markerHeight="8" refX="6" refY="4" orient="auto">
        <path class="dg-ink" d="M0,0 L8,4 L0,8 z"/></marker></defs>
      <rect class="dg-ore" x="10" y="30" width="140" height="60" rx="6"/>
      <text x="80" y="65" text-anchor="middle">{{mine}}</text>
      <path class="dg-arrow" d="M150,60 H240" marker-end="url(#head)"/>
      <rect class="dg-copper" x="250" y="30" width="140" height="60" rx="6"/>
      <text x="320" y="65" text-anchor="middle">{{cathode}} <tspan class="dg-small">99.99 %</tspan></text>
    </svg>
    ''')

TEXTS = {
    "es": ("La cadena del cobre", "Mina", "Cátodo"),
    "pt": ("A cadeia do cobre", "Mina", "Catodo"),
    "en": ("The copper chain", "Mine", "Cathode"),
    "fr": ("La chaîne du cuivre", "Mine", "Cathode de cuivre"),
}


def toml(languages=TEXTS, cathode=True):
    text = ""
    for language in languages:
        title, mine, cathode_text = TEXTS[language]
        text += (f'[{language}]\ntitle = "{title}"\nalt = "{title}: {mine} → {cathode_text}"\n'
                 f'text = "{mine}, luego {cathode_text}."\nsource = "Cochilco"\n\n[{language}.labels]\nmine = "{mine}"\n')
        if cathode:
            text += f'cathode = "{cathode_text}"\n'
    return text


MODULE = textwrap.dedent('''\
    slug = "cadena-del-cobre"
    level = "secondary"
    themes = ["water"]
    minerals = ["copper"]
    outcomes = ["WAT-SEC-01"]
    languages = ["es", "pt", "en", "fr"]
    licence = "CC-BY-4.0"
    lessons = ["01-cadena"]
    title = { es = "Cadena", pt = "Cadeia", en = "Chain", fr = "Chaîne" }
    summary = { es = "Cadena.", pt = "Cadeia.", en = "Chain.", fr = "Chaîne." }
    ''')


@pytest.fixture
def package(tmp_path, site_pages, content_tree):
    load_tree(content_tree / "framework")
    root = tmp_path / "cadena-del-cobre"
    write_tree(root, {"module.toml": MODULE, "diagrams/value-chain.svg": SVG, "diagrams/value-chain.toml": toml(),
                      **{f"lessons/01-cadena.{code}.md": lesson("Cadena", "## Del mineral al cátodo\n\nTexto.\n\n"
                                                                "::: diagram value-chain\n:::\n\nMás texto.")
                         for code in TEXTS}})
    return root


def problems_of(root):
    with pytest.raises(PackageInvalid) as error:
        load_tree(root)
    return [str(p) for p in error.value.problems]


@pytest.mark.parametrize("hostile, message", [
    ('<script>alert(1)</script>', "element <script> is not allowed"),
    ('<rect class="dg-box" width="5" height="5" onload="alert(1)"/>', "event handler 'onload'"),
    ('<rect xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="http://evil.example/a.svg#x"/>', "reference 'http://evil.example/a.svg#x' is not allowed"),
    ('<use href="#head"/>', "element <use> is not allowed"),
    ('<image href="https://evil.example/x.png"/>', "element <image> is not allowed"),
    ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>', "element <foreignObject> is not allowed"),
    ('<rect width="5" height="5" style="fill:url(https://evil.example/t)"/>', "url() in a style"),
    ('<style>rect { fill: red }</style>', "element <style> is not allowed"),
    ('<rect width="5" height="5" fill="#ff0000"/>', "colours come from the diagram classes"),
    ('<text x="1" y="1">Mine</text>', "use a {{label-key}} placeholder"),
])
def test_hostile_or_unstyled_drawings_are_refused_with_file_and_line(package, hostile, message):
    (package / "diagrams/value-chain.svg").write_text(SVG.replace("</svg>", f"  {hostile}\n</svg>"))
    found = problems_of(package)
    line = SVG.count("\n")  # the hostile element is on the last line but one
    assert any(f"/diagrams/value-chain.svg:{line}: " in p and message in p for p in found), found
    assert not ModulePage.objects.filter(slug="cadena-del-cobre").exists()


def test_entity_expansion_is_refused_before_parsing(package):
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            + SVG.replace("{{mine}}", "&b;"))
    (package / "diagrams/value-chain.svg").write_text(bomb)
    assert any("/diagrams/value-chain.svg:2: " in p and "DOCTYPE and entity" in p for p in problems_of(package))
    assert check_svg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&xxe;</text></svg>')


def test_a_drawing_needs_a_viewbox_and_no_fixed_size():
    found = [m for _, m in check_svg('<svg xmlns="http://www.w3.org/2000/svg" width="800px"></svg>')]
    assert any("viewBox" in m for m in found) and any("must not set width" in m for m in found)


def test_a_missing_label_names_the_diagram_the_language_and_the_key(package):
    text = toml().replace('cathode = "Cathode"\n', "")
    (package / "diagrams/value-chain.toml").write_text(text)
    found = problems_of(package)
    assert found == ["cadena-del-cobre/diagrams/value-chain.toml: diagram 'value-chain' has no 'en' text for the label 'cathode'"
                     " — add cathode = \"…\" under [en.labels]"]


def test_a_language_without_text_and_a_missing_drawing_are_named(package):
    (package / "diagrams/value-chain.toml").write_text(toml(languages=["es", "pt", "en"]))
    assert any("diagram 'value-chain' has no 'fr' text (shown in 01-cadena.fr.md)" in p for p in problems_of(package))
    (package / "diagrams/value-chain.svg").unlink()
    assert any("/diagrams/value-chain.svg: diagram 'value-chain' has no drawing" in p for p in problems_of(package))


@pytest.mark.parametrize("language", ["es", "pt", "en", "fr"])
def test_a_lesson_shows_the_diagram_inline_with_its_labels_in_its_language(package, client, language):
    load_tree(package)
    page = LessonPage.objects.get(locale__language_code=language, slug="cadena")
    assert [b.block_type for b in page.body] == ["markdown", "diagram", "markdown"]
    html = client.get(page.url).content.decode()
    title, mine, cathode = TEXTS[language]
    figure = html[html.index('<figure class="figure diagram">'):]
    figure = figure[:figure.index("</figure>")]
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 120" id="dg-value-chain" role="img"' in figure
    # Its palette travels with it (the design tokens, with their values where the site's CSS is absent).
    assert "#dg-value-chain .dg-ore{fill:var(--copper-tint,#f8e9e0)" in figure
    assert 'aria-labelledby="dg-value-chain-title dg-value-chain-desc"' in figure
    assert f'<title id="dg-value-chain-title">{title}</title>' in figure
    assert f'<desc id="dg-value-chain-desc">{title}: {mine} → {cathode}</desc>' in figure
    assert f">{mine}</text>" in figure and f">{cathode} <tspan" in figure and "{{" not in figure
    assert 'marker-end="url(#dg-value-chain-head)"' in figure and 'id="dg-value-chain-head"' in figure
    assert f"<figcaption><strong>{title}</strong>" in figure
    assert "<details" in figure and f"{mine}, luego {cathode}." in figure


def test_labels_are_escaped_not_pasted_as_markup():
    html = render_svg(SVG, {"mine": '<script>alert("x")</script>', "cathode": "A & B"}, "T <b>", "D", "dg-x")
    assert "<script" not in html and "&lt;script&gt;" in html and "A &amp; B" in html and "T &lt;b&gt;" in html


def test_a_diagram_survives_export_and_import_unchanged(package):
    load_tree(package)
    module = ModulePage.objects.get(slug="cadena-del-cobre", locale__language_code="es")
    files, warnings = export_module(module)
    assert not warnings
    assert files["diagrams/value-chain.svg"].decode() == SVG
    assert "::: diagram value-chain\n:::" in files["lessons/01-cadena.fr.md"].decode()
    exported = package.parent / "exported"
    for name, data in files.items():
        (exported / name).parent.mkdir(parents=True, exist_ok=True)
        (exported / name).write_bytes(data)
    revisions = LessonPage.objects.get(locale__language_code="fr", slug="cadena").revisions.count()
    load_tree(exported)
    assert LessonPage.objects.get(locale__language_code="fr", slug="cadena").revisions.count() == revisions


def test_the_admin_block_refuses_a_hostile_drawing_or_a_missing_label_and_indexes_words_not_markup():
    from django.core.exceptions import ValidationError

    from lessons.blocks import DiagramBlock

    block = DiagramBlock()
    value = {"name": "value-chain", "title": "Cadena", "alt": "Mina y cátodo", "text": "Mina, luego cátodo.", "source": "",
             "svg": SVG, "labels": [{"key": "mine", "text": "Mina"}, {"key": "cathode", "text": "Cátodo"}]}
    cleaned = block.clean(block.to_python(value))
    assert "Cátodo" in block.get_searchable_content(cleaned)
    assert not any("rect" in text or "{{" in text for text in block.get_searchable_content(cleaned))
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value | {"svg": SVG.replace("</svg>", '<rect onclick="x()"/></svg>')}))
    assert "event handler 'onclick'" in str(error.value.block_errors["svg"])
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(value | {"labels": [{"key": "mine", "text": "Mina"}]}))
    assert "no text for the label 'cathode'" in str(error.value.block_errors["svg"])
