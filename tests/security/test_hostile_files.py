"""A corpus of hostile files, made here, fed to every upload path through its real screen.

Each file is refused with a message that says what is wrong, and nothing is written: no page, question,
dataset, image or account, and no file left in the media folder (a package's own upload record aside).
Upload paths: module packages (zip), datasets (HDF5 and CSV), images, question files (GIFT and
Moodle XML) and class rosters (CSV).
"""

import io
import stat
import struct
import zipfile
import zlib
from pathlib import Path

import h5py
import numpy as np
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.users.models import UserProfile

from contributions.models import PackageImport
from datasets.models import Dataset
from quizzes.models import Question
from teachers.models import Membership

# --- the corpus ----------------------------------------------------------------------------------------------------


def zip_of(*members) -> bytes:
    """A zip of ``(name, data)`` or ``(ZipInfo, data)`` members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def symlink_member():
    info = zipfile.ZipInfo("lessons/link.md")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, "/etc/passwd"


PACKAGES = {
    "traversal.zip": (zip_of(("module.toml", "x"), ("../../outside.md", "# fuera")), "leaves the package folder"),
    "absolute.zip": (zip_of(("/etc/cron.d/alma", "* * * * * root true")), "leaves the package folder"),
    "symlink.zip": (zip_of(("module.toml", "x"), symlink_member()), "symbolic links"),
    "bomb.zip": (zip_of(("module.toml", "x"), ("lessons/zeros.md", b"\0" * (8 * 2**20))), "zip bomb"),
    "not-a-zip.zip": (b"PK\x03\x04 this is not really a zip file", "zip"),
}


def external_link_h5(tmp_path) -> bytes:
    path = tmp_path / "external.h5"
    with h5py.File(path, "w") as h5:
        h5["table/production"] = np.arange(3)
        h5["table/secret"] = h5py.ExternalLink("/etc/passwd.h5", "/data")
    return path.read_bytes()


def external_storage_h5(tmp_path) -> bytes:
    path = tmp_path / "storage.h5"
    with h5py.File(path, "w") as h5:
        h5.create_dataset("table/production", shape=(4,), dtype="f8", external=[("/etc/passwd", 0, 32)])
    return path.read_bytes()


def datasets(tmp_path) -> dict:
    return {
        "not-hdf5.h5": (b"<html><script>alert(1)</script></html>", "not an HDF5 file"),
        "external-link.h5": (external_link_h5(tmp_path), "external link"),
        "external-storage.h5": (external_storage_h5(tmp_path), "external file"),
        "nul.csv": (b"country,production\nChile,\x00\x00\x00\n", "NUL bytes"),
        "ragged.csv": (b"country,production\nChile,1,2,3\n", "cells, but the header has"),
    }


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pixel_bomb_png() -> bytes:
    """A tiny PNG that declares 100 000 × 100 000 pixels."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + png_chunk(b"IEND", b""))


IMAGES = {
    "script.png": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image"),
    "bomb.png": (pixel_bomb_png(), "pixels"),
}

QUESTION_FILES = {
    "unclosed.gift": (b"::Cobre:: \xc2\xbfQu\xc3\xa9 metal conduce? {=Cobre ~Hierro\n", "gift", "line"),
    "binary.gift": (b"\xff\xfe\x00\x00garbage\x00\x01", "gift", "UTF-8"),
    "xxe.xml": (b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b'<quiz><question type="shortanswer"><name><text>&e;</text></name></question></quiz>',
                "moodle-xml", "entit"),
    "laughs.xml": (b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                   b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><quiz><question type="essay"><name><text>&c;</text>'
                   b'</name></question></quiz>', "moodle-xml", "entit"),
    "not-xml.xml": (b"<quiz><question type=", "moodle-xml", "XML"),
}

ROSTERS = {
    "binary.csv": (b"\xff\xfe\xfa\x00\x01\x02", "UTF-8"),
    "no-username.csv": (b"name,group\n=HYPERLINK(\"http://x\"),A\n", "username"),
    "bad-rows.csv": ("username,display_name\n../../admin,Admin\n,Sin nombre\n".encode(), "row"),
}


# --- what "nothing written" means ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """This test's own media folder: another test worker's uploads must not count as ours."""
    settings.MEDIA_ROOT = tmp_path / "media"


def media_files() -> set:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file() and "package-uploads" not in p.parts} if root.exists() else set()


def snapshot() -> dict:
    return {"pages": Page.objects.count(), "questions": Question.objects.count(), "datasets": Dataset.objects.count(),
            "images": get_image_model().objects.count(), "users": get_user_model().objects.count(),
            "memberships": Membership.objects.count(), "media": media_files()}


def sign_in_in_english(client, user):
    """The messages are asserted in English: the admin speaks the user's preferred language."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def superuser_client(client, db):
    """Question imports and datasets: no role but the superuser holds those permissions today."""
    return sign_in_in_english(client, get_user_model().objects.create_superuser("sec-admin", password="x"))


def refused(response, message, *, status=(200, 400)) -> str:
    text = response.content.decode()
    assert response.status_code in status, response.status_code
    assert message.lower() in text.lower(), f"'{message}' not in the answer"
    return text


# --- the upload paths ----------------------------------------------------------------------------------------------


def test_hostile_packages_are_refused_and_import_nothing(client, world):
    sign_in_in_english(client, world.users["curator"])
    before = snapshot()
    for name, (data, message) in PACKAGES.items():
        response = client.post("/admin/packages/upload/", {"package": SimpleUploadedFile(name, data)})
        assert response.status_code == 302, name
        job = PackageImport.objects.latest("pk")
        assert job.problems and message.lower() in str(job.problems).lower(), (name, job.problems)
        refused(client.get(response["Location"]), message)
        assert snapshot() == before, name


def test_hostile_datasets_are_refused_and_store_nothing(superuser_client, world, tmp_path):
    before = snapshot()
    for name, (data, message) in datasets(tmp_path).items():
        response = superuser_client.post("/admin/datasets/new/", {
            "slug": "hostile", "title": "Hostil", "upload": SimpleUploadedFile(name, data)})
        refused(response, message)
        assert snapshot() == before, name


def test_hostile_images_are_refused_and_store_nothing(superuser_client, world):
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    before = snapshot()
    for name, (data, message) in IMAGES.items():
        response = superuser_client.post("/admin/images/add/", {"title": name, "file": SimpleUploadedFile(name, data),
                                                      "collection": root.pk})
        refused(response, message)
        assert snapshot() == before, name


def test_hostile_question_files_are_refused_and_import_nothing(superuser_client, world):
    before = snapshot()
    for name, (data, fmt, message) in QUESTION_FILES.items():
        response = superuser_client.post("/admin/quizzes/import/", {
            "file": SimpleUploadedFile(name, data), "format": fmt, "locale": "es", "dry_run": ""})
        refused(response, message, status=(400,))
        assert snapshot() == before, name


def test_hostile_rosters_are_refused_and_create_no_account(client, world):
    client.force_login(world.users["teacher"])
    before = snapshot()
    for name, (data, message) in ROSTERS.items():
        response = client.post(f"/es/classes/{world.classroom.pk}/roster/", {"roster": SimpleUploadedFile(name, data)},
                               HTTP_ACCEPT_LANGUAGE="en")
        refused(response, message, status=(400,))
        assert snapshot() == before, name
