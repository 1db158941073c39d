import textwrap
from pathlib import Path

import pytest
from django.utils import translation

FRAMEWORK = {
    "package.toml": 'kind = "framework"\nslug = "test-framework"\nlanguages = ["es", "en"]\n',
    "themes.toml": '[[theme]]\ncode = "water"\nname = { es = "Agua", en = "Water" }\n',
    "minerals.toml": '[[mineral]]\ncode = "copper"\nsymbol = "Cu"\nname = { es = "Cobre", en = "Copper" }\n',
    "outcomes.toml": textwrap.dedent('''\
        [[outcome]]
        code = "WAT-SEC-01"
        level = "secondary"
        bloom = "understand"
        themes = ["water"]
        minerals = ["copper"]
        alignments = ["UNESCO ESD for SDGs (2017): SDG 6"]
        statement = { es = "Describe cómo la minería usa el agua.", en = "Describe how mining uses water." }
        '''),
    "glossary.toml": '[[term]]\ncode = "tailings"\nterm = { es = "Relave", en = "Tailings" }\n'
                     'definition = { es = "Residuo fino.", en = "Fine waste." }\n',
}

MODULE = textwrap.dedent('''\
    slug = "agua-y-mineria"
    level = "secondary"
    themes = ["water"]
    minerals = ["copper"]
    outcomes = ["WAT-SEC-01"]
    languages = ["es", "en"]
    licence = "CC-BY-4.0"
    version = "1.0"
    estimated_hours = 2
    lessons = ["01-agua", "02-relaves"]
    title = { es = "Agua y minería", en = "Water and mining" }
    summary = { es = "Cómo se usa el agua.", en = "How water is used." }

    [institution]
    slug = "u-chile"
    name = "Universidad de Chile"
    kind = "university"
    country = "CL"

    [[authors]]
    name = "Ana Pérez"
    orcid = "0000-0002-1825-0097"
    ''')


def lesson(title, body="Texto.", outcomes='["WAT-SEC-01"]'):
    return f'+++\ntitle = "{title}"\nminutes = 30\noutcomes = {outcomes}\n+++\n\n{body}\n'


LESSONS = {
    "01-agua.es.md": lesson("El agua en la mina", "## Usos\n\nEl agua se usa en la planta.\n\n"
                            "::: callout key-idea Idea clave\nEl agua se recircula.\n:::\n\n"
                            "::: glossary tailings\n:::\n\n"
                            "::: activity 20 Medir el agua\nMaterials:\n- Un vaso\n\n1. Llena el vaso.\n2. Mide.\n:::\n"),
    "01-agua.en.md": lesson("Water at the mine", "## Uses\n\nWater is used in the plant.\n"),
    "02-relaves.es.md": lesson("Relaves"),
    "02-relaves.en.md": lesson("Tailings"),
}


def write_tree(root: Path, files: dict):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def content_tree(tmp_path):
    """A small content/ tree: a framework and one module in es and en."""
    write_tree(tmp_path / "framework", FRAMEWORK)
    module = tmp_path / "modules" / "agua-y-mineria"
    write_tree(module, {"module.toml": MODULE, **{f"lessons/{k}": v for k, v in LESSONS.items()}})
    return tmp_path


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source, whatever the catalogues say."""
    with translation.override("en"):
        yield
