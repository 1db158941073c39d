"""offline's section of "My data" (see accounts.personal_data): the records a device synced."""

from accounts.personal_data import register
from offline.models import SyncedRecord


@register("offline_records")
def offline_records(user) -> list:
    return list(SyncedRecord.objects.filter(user=user).values("record_id", "kind", "object_key", "acted_at",
                                                              "synced_at", "attempt_id"))
