"""The gettext catalogues for es, pt, fr and en are complete and safe to format.

A template string that is not in the catalogues (someone added a template and
nobody ran `make messages`) fails here, as does an untranslated or fuzzy entry,
or a translation that loses or renames a placeholder.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

LANGUAGES = ["es", "pt", "fr", "en"]
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"

# Python %-format conversions: %(name)s, %d, %02x, %.1f ... and the literal %%.
PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]")
# Django template variables, in case a msgid keeps them.
MUSTACHE = re.compile(r"\{\{\s*[^}]*?\s*\}\}")
# {% translate "…" %} / {% trans '…' %}, with an optional context "…".
TRANSLATE_TAG = re.compile(
    r"""\{%-?\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)(?P<rest>.*?)-?%\}""",
    re.DOTALL,
)
CONTEXT = re.compile(r"""\bcontext\s+(?P<q>["'])(?P<ctx>.*?)(?P=q)""")
# What makemessages sees in a template (Django's own templatize), for blocktranslate and _("…").
LITERAL = r"""u?(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
GETTEXT_CALL = re.compile(rf"\b(?P<fn>gettext|ngettext|pgettext|npgettext)\(\s*(?P<args>{LITERAL}(?:\s*,\s*{LITERAL})*)")


def catalogue_paths():
    paths = []
    for lang in LANGUAGES:
        for domain in ("django", "djangojs"):
            path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
            if domain == "django" or path.exists():
                paths.append(pytest.param(lang, path, id=f"{lang}-{domain}"))
    return paths


def load(path):
    assert path.exists(), f"{path} is missing: run `make messages` and translate it"
    return polib.pofile(str(path))


def live_entries(po):
    return [e for e in po if not e.obsolete]


def placeholders(text, python_format):
    found = MUSTACHE.findall(text)
    if python_format:
        found += [m.group(0) for m in PERCENT.finditer(text)]
    return sorted(found)


def templates():
    return sorted(TEMPLATES_DIR.rglob("*.html"))


def template_messages():
    """(msgctxt, msgid, file) for every translatable string in the templates."""
    messages = []
    for path in templates():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(settings.BASE_DIR)
        for match in TRANSLATE_TAG.finditer(source):
            ctx = CONTEXT.search(match["rest"])
            # The translate tag looks its literal up with % doubled, as makemessages extracts it.
            messages.append((ctx["ctx"] if ctx else None, match["msgid"].replace("%", "%%"), f"{name}"))
    return messages


def templatized_messages():
    """Everything makemessages extracts from the templates: blocktranslate, plural forms, _("…")."""
    import ast

    messages = []
    for path in templates():
        name = path.relative_to(settings.BASE_DIR)
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in GETTEXT_CALL.finditer(code):
            args = [ast.literal_eval(a) for a in re.findall(LITERAL, match["args"])]
            fn = match["fn"]
            ctx = args.pop(0) if fn.startswith(("pgettext", "npgettext")) else None
            plural = args[1] if fn.startswith(("ngettext", "npgettext")) else ""
            messages.append((ctx, args[0], plural, f"{name}"))
    return messages


@pytest.mark.parametrize(("lang", "path"), catalogue_paths())
def test_catalogue_is_complete(lang, path):
    po = load(path)
    assert po.metadata.get("Language") == lang
    untranslated = [e.msgid for e in po.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in po.fuzzy_entries() if not e.obsolete]
    assert untranslated == [], f"{len(untranslated)} untranslated in {lang}: {untranslated[:10]}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {lang}: {fuzzy[:10]}"
    assert not po.metadata_is_fuzzy, f"the header of {path} is marked fuzzy"


@pytest.mark.parametrize(("lang", "path"), catalogue_paths())
def test_plural_entries_fill_every_form(lang, path):
    po = load(path)
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert match, f"{path} has no Plural-Forms header"
    nplurals = int(match[1])
    for e in live_entries(po):
        if e.msgid_plural:
            forms = {int(i): s for i, s in e.msgstr_plural.items()}
            assert sorted(forms) == list(range(nplurals)), f"{lang}: {e.msgid!r} has forms {sorted(forms)}"
            assert all(forms.values()), f"{lang}: {e.msgid!r} has an empty plural form"


@pytest.mark.parametrize(("lang", "path"), catalogue_paths())
def test_placeholders_survive_translation(lang, path):
    problems = []
    for e in live_entries(load(path)):
        python_format = "python-format" in e.flags or "%(" in e.msgid
        if e.msgid_plural:
            pairs = [(e.msgid if int(i) == 0 else e.msgid_plural, s) for i, s in e.msgstr_plural.items()]
        else:
            pairs = [(e.msgid, e.msgstr)]
        for source, translation in pairs:
            if not translation:
                continue  # reported by test_catalogue_is_complete
            want, got = placeholders(source, python_format), placeholders(translation, python_format)
            if want != got:
                problems.append(f"{source!r} -> {translation!r}: {want} != {got}")
    assert problems == [], f"{lang}: " + "\n".join(problems)


@pytest.mark.parametrize(("lang", "path"), catalogue_paths())
def test_html_and_edges_survive_translation(lang, path):
    tag = re.compile(r"</?[a-zA-Z][^>]*>")
    problems = []
    for e in live_entries(load(path)):
        translations = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        for translation in filter(None, translations):
            if sorted(tag.findall(e.msgid)) != sorted(tag.findall(translation)):
                problems.append(f"HTML differs: {e.msgid!r} -> {translation!r}")
            if e.msgid[:1].isspace() != translation[:1].isspace() or e.msgid[-1:].isspace() != translation[-1:].isspace():
                problems.append(f"leading/trailing space differs: {e.msgid!r} -> {translation!r}")
    assert problems == [], f"{lang}: " + "\n".join(problems)


def test_template_regex_finds_the_strings():
    """Guard against a regex that silently matches nothing."""
    assert len(template_messages()) > 50


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translate_tag_string_is_in_the_catalogue(lang):
    po = load(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")
    known = {(e.msgctxt, e.msgid) for e in live_entries(po)}
    missing = sorted({f"{where}: {msgid!r}" for ctx, msgid, where in template_messages() if (ctx, msgid) not in known})
    assert missing == [], (
        f"{len(missing)} template string(s) are not in locale/{lang}: run `make messages` and translate them:\n"
        + "\n".join(missing)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_blocktranslate_string_is_in_the_catalogue(lang):
    po = load(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")
    known = {(e.msgctxt, e.msgid, e.msgid_plural) for e in live_entries(po)}
    messages = templatized_messages()
    assert len(messages) >= len(template_messages())
    missing = sorted(
        {f"{where}: {msgid!r}" + (f" / {plural!r}" if plural else "") for ctx, msgid, plural, where in messages if (ctx, msgid, plural) not in known}
    )
    assert missing == [], (
        f"{len(missing)} template string(s) are not in locale/{lang}: run `make messages` and translate them:\n"
        + "\n".join(missing)
    )
