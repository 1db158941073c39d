"""Package uploads from the admin run as a django-tasks task, so a large
package does not hold the request: the upload view stores the zip and enqueues
``import_package_task``; the status page polls.

Without a TASKS setting django-tasks uses its ImmediateBackend (the task runs
inside the upload request); with the database backend or a worker it runs
elsewhere and reports "n of N pages" through the cache (the import itself is
one transaction, so its rows are invisible to the status page until it commits).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import tomllib
from dataclasses import asdict
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from contributions.archive import opened_package
from contributions.loader import load_tree
from contributions.models import PackageImport
from contributions.package import PackageInvalid, Problem
from contributions.permissions import is_curator
from contributions.review import mark_contributed

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 6 * 3600


def institution_problems(root: Path, user) -> list[Problem]:
    """A contributor may only import their own institution's modules."""
    if user is None or is_curator(user):
        return []
    if user.institution_id is None:
        return [Problem("package", None, _("your account is not linked to an institution, so it cannot import modules"),
                        _("ask an administrator to choose your institution in Settings › Users"))]
    if not (root / "module.toml").is_file():
        return [Problem("package", None, _("contributors can upload module packages only (a folder with module.toml)"),
                        _("ask a curator to import framework packages or content trees"))]
    try:
        slug = (tomllib.loads((root / "module.toml").read_text(encoding="utf-8")).get("institution") or {}).get("slug")
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        return []  # the reader reports it
    own = user.institution.slug
    if slug is not None and slug != own:
        return [Problem("module.toml", None, _("this module belongs to institution '%(slug)s', not to yours") % {"slug": slug},
                        _("set [institution] slug = \"%(own)s\", leave [institution] out, or ask a curator to import it")
                        % {"own": own})]
    return []


def progress(job: PackageImport):
    """(pages done, pages total) of a running import."""
    if job.finished:
        return job.pages_done, job.pages_total
    return cache.get(job.progress_key) or (job.pages_done, job.pages_total)


def run_import(job_id: int) -> str:
    job = PackageImport.objects.select_related("user").get(pk=job_id)
    PackageImport.objects.filter(pk=job.pk).update(status=PackageImport.Status.RUNNING)

    def page_progress(done, total, label=""):
        cache.set(job.progress_key, (done, total), PROGRESS_SECONDS)

    problems, report, status = [], None, PackageImport.Status.DONE
    with translation.override(job.language), tempfile.NamedTemporaryFile(suffix=".zip") as temp:
        try:
            with default_storage.open(job.archive, "rb") as stored:
                shutil.copyfileobj(stored, temp)
            temp.flush()
            with opened_package(temp.name) as root:
                problems = institution_problems(root, job.user)
                if not problems:
                    report = load_tree(root, dry_run=job.dry_run, publish=job.publish, user=job.user,
                                       page_progress=page_progress, institution=getattr(job.user, "institution", None))
        except PackageInvalid as error:
            problems = error.problems
        except LookupError as error:
            problems = [Problem("package", None, str(error))]
        except Exception:  # noqa: BLE001 - the uploader must learn that it failed
            logger.exception("package import %s failed", job.pk)
            status = PackageImport.Status.FAILED
            problems = [Problem("package", None, _("The import failed unexpectedly; nothing was imported."),
                                _("try again later or ask an administrator to check the server log"))]
    # Not in a `finally`: a worker stopped mid-import (its transaction rolled back) keeps the
    # archive, so `manage.py requeue_import` can run the import again.
    default_storage.delete(job.archive)
    if report and not job.dry_run:
        for module_id in report.modules:
            mark_contributed(module_id, job.user)
    done, total = cache.get(job.progress_key) or (0, 0)
    PackageImport.objects.filter(pk=job.pk).update(
        status=status, problems=[asdict(p) for p in problems],
        report={name: getattr(report, name) for name in ("created", "updated", "unchanged", "warnings", "modules")} if report else {},
        pages_done=done, pages_total=total, finished_at=timezone.now())
    cache.delete(job.progress_key)
    return status


@task()
def import_package_task(job_id: int) -> str:
    return run_import(job_id)
