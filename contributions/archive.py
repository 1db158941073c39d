"""Opening a package that arrives as a zip, safely.

Every member of the archive is checked *before* anything is extracted: no
absolute or ``..`` paths, no symbolic links, not too many files, not too much
uncompressed data and no member that expands suspiciously (a zip bomb). The
extraction itself counts the bytes it writes again, so a lying header cannot
get past the limits. Problems are reported as ``PackageInvalid`` like any other
package problem, so the command line and the admin show them the same way.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contributions.package import PackageInvalid, Problem

MAX_FILES = 5000
MAX_TOTAL_BYTES = 500 * 1024 * 1024
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed size, of each member and of the whole archive
RATIO_FLOOR = 64 * 1024  # below this a member cannot hold a bomb; the overall ratio still counts it
CHUNK = 64 * 1024
MAX_LISTED = 20  # problems listed one by one; the rest are counted


def _unsafe_name(name: str) -> bool:
    if "\\" in name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def check_zip(archive: zipfile.ZipFile, label: str = "package.zip", *, max_files=MAX_FILES,
              max_total=MAX_TOTAL_BYTES, max_member=MAX_MEMBER_BYTES, max_ratio=MAX_RATIO) -> list[Problem]:
    """Every reason to refuse ``archive``, without extracting anything."""
    problems = []
    members = archive.infolist()
    if len(members) > max_files:
        problems.append(Problem(label, None, _("the archive has %(count)d files, more than the limit of %(limit)d")
                                % {"count": len(members), "limit": max_files},
                                _("split the package or remove files that are not part of it")))
        return problems
    total = compressed = 0
    for info in members:
        name = info.filename
        if _unsafe_name(name):
            problems.append(Problem(f"{label}/{name}", None, _("path leaves the package folder (absolute or '..')"),
                                    _("zip the package folder itself, with relative paths")))
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            problems.append(Problem(f"{label}/{name}", None, _("symbolic links are not accepted"),
                                    _("replace the link with the file itself")))
            continue
        if info.flag_bits & 0x1:
            problems.append(Problem(f"{label}/{name}", None, _("encrypted files are not accepted"),
                                    _("zip the package without a password")))
            continue
        total += info.file_size
        compressed += info.compress_size
        if info.file_size > max_member:
            problems.append(Problem(f"{label}/{name}", None,
                                    _("file is %(size)d MB uncompressed, more than %(limit)d MB")
                                    % {"size": info.file_size // 2**20, "limit": max_member // 2**20},
                                    _("make the file smaller")))
        elif info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(info.compress_size, 1):
            problems.append(Problem(f"{label}/{name}", None,
                                    _("file expands %(ratio)d times when unzipped (a zip bomb?)")
                                    % {"ratio": info.file_size // max(info.compress_size, 1)},
                                    _("remove the file; packages hold text and images only")))
    if len(problems) > MAX_LISTED:
        more = len(problems) - MAX_LISTED
        problems = problems[:MAX_LISTED] + [Problem(label, None, ngettext(
            "…and %(count)d more file with a problem", "…and %(count)d more files with problems", more) % {"count": more})]
    if total > max_total:
        problems.append(Problem(label, None, _("the archive expands to %(size)d MB, more than %(limit)d MB")
                                % {"size": total // 2**20, "limit": max_total // 2**20},
                                _("remove large files; data belongs in datasets")))
    elif total > RATIO_FLOOR and total > max_ratio * max(compressed, 1):
        problems.append(Problem(label, None, _("the archive expands %(ratio)d times when unzipped (a zip bomb?)")
                                % {"ratio": total // max(compressed, 1)},
                                _("remove the files that are not part of the package; packages hold text and images only")))
    return problems


def _extract(archive: zipfile.ZipFile, target: Path, max_total: int):
    written = 0
    for info in archive.infolist():
        destination = (target / info.filename).resolve()
        if not destination.is_relative_to(target.resolve()):  # pragma: no cover - refused by check_zip
            raise PackageInvalid([Problem(info.filename, None, _("path leaves the package folder"))])
        if info.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(info) as source, open(destination, "wb") as out:
            try:
                # zipfile stops at the declared size and then checks the CRC: a member
                # larger than its header says ends in a CRC or decompression error.
                while chunk := source.read(CHUNK):
                    written += len(chunk)
                    if written > max_total or out.tell() + len(chunk) > info.file_size:
                        raise zipfile.BadZipFile
                    out.write(chunk)
            except (zipfile.BadZipFile, zlib.error, EOFError) as error:
                raise PackageInvalid([Problem(info.filename, None, _("file does not match its zip header (its size or "
                                                                     "checksum differs, or the data is damaged)"),
                                              _("rebuild the zip with a standard tool"))]) from error


def package_root(folder: Path) -> Path:
    """The package inside an extracted folder: the folder itself, or its only sub-folder."""
    markers = ("module.toml", "package.toml")
    if any((folder / m).is_file() for m in markers) or (folder / "modules").is_dir():
        return folder
    children = [p for p in folder.iterdir() if p.is_dir() and p.name != "__MACOSX"]
    if len(children) == 1:
        return children[0]
    return folder


@contextmanager
def opened_package(path: Path | str, **limits):
    """Yield a folder holding the package at ``path`` (a folder or a .zip)."""
    path = Path(path)
    if path.is_dir():
        yield path
        return
    if not zipfile.is_zipfile(path):
        raise PackageInvalid([Problem(path.name, None, _("not a package folder or a zip file"),
                                      _("give the folder that holds module.toml, or a zip of it"))])
    with zipfile.ZipFile(path) as archive:
        problems = check_zip(archive, path.name, **limits)
        if problems:
            raise PackageInvalid(problems)
        temp = Path(tempfile.mkdtemp(prefix="alma-package-"))
        try:
            _extract(archive, temp, limits.get("max_total", MAX_TOTAL_BYTES))
            yield package_root(temp)
        finally:
            shutil.rmtree(temp, ignore_errors=True)
