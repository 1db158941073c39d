"""contributions' section of "My data" (see accounts.personal_data): the packages the person uploaded."""

from accounts.personal_data import register
from contributions.models import PackageImport


@register("package_imports")
def package_imports(user) -> list:
    return list(PackageImport.objects.filter(user=user).order_by("created_at").values(
        "filename", "language", "dry_run", "publish", "status", "created_at", "finished_at"))
