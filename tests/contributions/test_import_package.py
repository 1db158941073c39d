import io
import re
import stat
import struct
import zipfile

import pytest
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

from contributions.archive import check_zip, opened_package
from contributions.loader import load_tree
from contributions.package import PackageInvalid
from curriculum.models import ModulePage
from lessons.models import LessonPage

from .conftest import MODULE, lesson


@pytest.fixture
def module_dir(tmp_path, site_pages, content_tree):
    """The test framework is loaded; the module package stands alone."""
    load_tree(content_tree / "framework")
    return content_tree / "modules" / "agua-y-mineria"


def zip_folder(folder, target, extra=()):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"agua-y-mineria/{path.relative_to(folder)}")
        for name, data in extra:
            archive.writestr(name, data)
    return target


def png_bytes(size=(8, 8), color="red", fmt="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def add_figure(module_dir, name="images/mine.png", data=None):
    path = module_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes() if data is None else data)
    lesson_path = module_dir / "lessons/02-relaves.es.md"
    lesson_path.write_text(lesson_path.read_text() + f"\n::: figure {name}\nalt: Un tranque de relaves\n"
                           "caption: Tranque en el norte de Chile\ncredit: Foto: Ana Pérez, CC-BY-4.0\n:::\n")


# --- The command ---------------------------------------------------------------


def test_a_zipped_package_imports_with_a_progress_bar(module_dir, tmp_path, capsys):
    archive = zip_folder(module_dir, tmp_path / "agua.zip")
    call_command("import_package", str(archive))
    out = capsys.readouterr().out
    assert "\r[" in out and "] 6/6 02-relaves (en)" in out
    assert ModulePage.objects.get(locale__language_code="es").live
    assert LessonPage.objects.count() == 4


def test_draft_and_dry_run(module_dir):
    call_command("import_package", str(module_dir), "--dry-run", "--no-progress")
    assert ModulePage.objects.count() == 0
    call_command("import_package", str(module_dir), "--draft", "--no-progress")
    assert ModulePage.objects.count() == 2 and not ModulePage.objects.filter(live=True).exists()


# --- Hostile archives ----------------------------------------------------------


def hostile_zip(tmp_path, kind):
    target = tmp_path / f"{kind}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("module.toml", MODULE)
        if kind == "traversal":
            archive.writestr("../../etc/evil.md", "x")
        elif kind == "absolute":
            archive.writestr("/tmp/evil.md", "x")
        elif kind == "symlink":
            info = zipfile.ZipInfo("lessons/link.md")
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
        elif kind == "bomb":
            archive.writestr("lessons/bomb.md", b"0" * (20 * 1024 * 1024))
        elif kind == "many":
            for index in range(30):
                archive.writestr(f"lessons/{index}.md", "x")
    return target


@pytest.mark.parametrize("kind, message", [
    ("traversal", "leaves the package folder"),
    ("absolute", "leaves the package folder"),
    ("symlink", "symbolic links are not accepted"),
    ("bomb", "zip bomb"),
    ("many", "more than the limit of 20"),
])
def test_hostile_zips_are_refused_before_extraction(tmp_path, kind, message, monkeypatch):
    from contributions import archive as archive_module

    monkeypatch.setattr(archive_module, "MAX_FILES", 20)
    extracted = []
    monkeypatch.setattr(archive_module, "_extract", lambda *a: extracted.append(a))
    target = hostile_zip(tmp_path, kind)
    with zipfile.ZipFile(target) as archive:
        problems = check_zip(archive, target.name, max_files=20)
    assert any(message in str(p) for p in problems), problems
    with pytest.raises(PackageInvalid):
        with opened_package(target, max_files=20):
            pass
    assert extracted == [] and not (tmp_path.parent / "etc").exists()


def test_the_command_refuses_a_hostile_zip_and_imports_nothing(site_pages, tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_package", str(hostile_zip(tmp_path, "traversal")))
    assert "traversal.zip/../../etc/evil.md" in capsys.readouterr().err
    assert ModulePage.objects.count() == 0


def test_a_file_that_is_not_a_zip_is_refused(site_pages, tmp_path):
    bogus = tmp_path / "package.zip"
    bogus.write_text("hello")
    with pytest.raises(PackageInvalid, match="not a package folder or a zip"):
        with opened_package(bogus):
            pass


# --- Hostile content -----------------------------------------------------------


@pytest.mark.parametrize("body", [
    "Hola <script>alert(1)</script>",
    "[clic](javascript:alert(1))",
    "[clic](JavaScript :alert(1))",
])
def test_scripts_and_javascript_links_are_refused_with_file_and_line(module_dir, body):
    path = module_dir / "lessons/02-relaves.en.md"
    path.write_text(lesson("Tailings", f"Intro.\n\n{body}\n"))
    with pytest.raises(PackageInvalid) as error:
        load_tree(module_dir)
    assert any("02-relaves.en.md:9" in str(p) and "javascript" in str(p) for p in error.value.problems), error.value.problems


def test_a_50_mb_image_is_refused(module_dir):
    add_figure(module_dir, data=png_bytes() + b"\0" * (50 * 1024 * 1024))
    with pytest.raises(PackageInvalid, match=r"images/mine.png: image is 50 MB, more than 10 MB"):
        load_tree(module_dir)
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize("svg, message", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "script"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "script"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>', "external"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>', "SVG images are not accepted"),
])
def test_svg_images_are_refused(module_dir, svg, message):
    add_figure(module_dir, "images/map.svg", svg.encode())
    with pytest.raises(PackageInvalid, match=message):
        load_tree(module_dir)


@pytest.mark.parametrize("name, data, message", [
    ("images/fake.png", b"not an image", "not a readable image"),
    ("images/huge.png", None, "megapixels"),
    ("images/missing.png", "skip", "does not exist"),
    ("../outside.png", b"x", "not inside the package"),
])
def test_broken_figures_are_refused(module_dir, name, data, message):
    if data is None:
        data = png_bytes(size=(8000, 6000))
    if data == "skip":
        add_figure(module_dir, "images/ok.png")
        path = module_dir / "lessons/02-relaves.es.md"
        path.write_text(path.read_text().replace("images/ok.png", name))
    else:
        add_figure(module_dir, name, data)
    with pytest.raises(PackageInvalid) as error:
        load_tree(module_dir)
    assert any("02-relaves.es.md:" in str(p) and message in str(p) for p in error.value.problems), error.value.problems


# --- Figures -------------------------------------------------------------------


def test_figures_become_image_blocks_and_images_are_deduplicated(module_dir):
    add_figure(module_dir)
    (module_dir / "images/copy.png").write_bytes((module_dir / "images/mine.png").read_bytes())
    path = module_dir / "lessons/02-relaves.en.md"
    path.write_text(path.read_text() + "\n::: figure images/copy.png\nalt: A tailings dam\n:::\n")
    report = load_tree(module_dir)
    assert not report.warnings
    page = LessonPage.objects.get(locale__language_code="es", slug="relaves")
    block = page.body[-1]
    assert block.block_type == "image"
    assert block.value["alt_text"] == "Un tranque de relaves"
    assert block.value["caption"] == "Tranque en el norte de Chile"
    assert block.value["credit"] == "Foto: Ana Pérez, CC-BY-4.0"
    assert get_image_model().objects.count() == 1
    english = LessonPage.objects.get(locale__language_code="en", slug="relaves")
    assert english.body[-1].value["image"] == block.value["image"]
    revisions = page.revisions.count()
    load_tree(module_dir)
    assert page.revisions.count() == revisions and get_image_model().objects.count() == 1


# --- Lesson files outside the package ---------------------------------------------


@pytest.mark.parametrize("stem", ["../../secret", "../lessons/../../secret", "sub/01-agua", "..", ".hidden"])
def test_lesson_stems_cannot_reach_files_outside_lessons(module_dir, stem):
    for language in ("es", "en"):
        (module_dir.parent.parent / f"secret.{language}.md").write_text(lesson("Secreto", "Datos privados."))
        (module_dir / "lessons" / "sub").mkdir(exist_ok=True)
        (module_dir / "lessons" / "sub" / f"01-agua.{language}.md").write_text(lesson("Sub", "x"))
    manifest = module_dir / "module.toml"
    manifest.write_text(manifest.read_text().replace('lessons = ["01-agua", "02-relaves"]',
                                                     f'lessons = ["01-agua", "02-relaves",\n    "{stem}"]'))
    with pytest.raises(PackageInvalid) as error:
        load_tree(module_dir)
    assert [str(p) for p in error.value.problems if "inside lessons/" in str(p)] == [
        f"agua-y-mineria/module.toml:11: lesson '{stem}' is not a file name inside lessons/ — "
        'use the file name without folder or language, e.g. "01-first-lesson"']
    assert not LessonPage.objects.exists()


def test_a_lesson_file_that_links_outside_the_package_is_refused(module_dir):
    outside = module_dir.parent.parent / "secret.es.md"
    outside.write_text(lesson("Secreto", "Datos privados."))
    target = module_dir / "lessons" / "01-agua.es.md"
    target.unlink()
    target.symlink_to(outside)
    with pytest.raises(PackageInvalid, match="lesson '01-agua' is not a file name inside lessons/"):
        load_tree(module_dir)
    assert not LessonPage.objects.exists()


# --- Zip bombs spread over many members, and headers that lie ----------------------


def test_many_members_under_one_mb_that_expand_a_thousand_times_are_refused(tmp_path):
    target = tmp_path / "spread.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("module.toml", MODULE)
        for index in range(180):
            archive.writestr(f"lessons/{index}.md", b"0" * (1024 * 1024))
    assert target.stat().st_size < 300 * 1024
    with zipfile.ZipFile(target) as archive:
        problems = [str(p) for p in check_zip(archive, target.name)]
    assert re.match(r"spread.zip/lessons/0.md: file expands \d{4} times when unzipped \(a zip bomb\?\)", problems[0])
    assert len(problems) == 22  # 20 listed, then the count, then the whole archive
    assert problems[20] == "spread.zip: …and 160 more files with problems"
    assert re.match(r"spread.zip: the archive expands \d{4} times when unzipped", problems[21])
    with pytest.raises(PackageInvalid):
        with opened_package(target):
            pass


def test_the_whole_archive_ratio_counts_small_members_too(tmp_path):
    target = tmp_path / "small.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(400):  # each under the per-member floor
            archive.writestr(f"lessons/{index}.md", b"0" * (60 * 1024))
    with zipfile.ZipFile(target) as archive:
        problems = [str(p) for p in check_zip(archive, target.name)]
    assert len(problems) == 1 and "the archive expands" in problems[0]


def test_a_member_larger_than_its_header_says_is_refused_without_a_traceback(tmp_path):
    data = bytes(range(256)) * 400  # 102 400 bytes that do not compress much
    target = tmp_path / "liar.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("module.toml", MODULE)
        archive.writestr("lessons/01-agua.es.md", data)
    raw = target.read_bytes()
    assert raw.count(struct.pack("<I", len(data))) == 2  # the local and the central header
    target.write_bytes(raw.replace(struct.pack("<I", len(data)), struct.pack("<I", 1000)))
    with pytest.raises(PackageInvalid, match=r"lessons/01-agua.es.md: file does not match its zip header"):
        with opened_package(target):
            pass
