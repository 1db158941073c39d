"""The pages an import creates, written in bulk (issue 14: imports in bulk).

Wagtail creates and publishes a page one query at a time: ``add_child`` saves
and validates it, ``save_revision`` writes a revision and saves the page again,
and ``publish`` reads the revision back, validates and saves the page a third
time, re-saves its comments, updates its aliases and sends ``page_published``
(about 70 queries a page). A page that did not exist before the import has no
comments, aliases, workflow or older revisions, so ``NewPages`` does the same
work once: each page is saved (validated in full, as ``publish`` would) at the
end of its parent's children, already in its final state, live or draft; then
``finish()`` writes every first revision, the pages' revision pointers, the
``wagtail.create``/``wagtail.edit``/``wagtail.publish`` log entries, the
parents' child counts and the ``ImportedPage`` records in a few bulk queries.
What ``page_published`` listeners do for ALMA (dropping cached pages) and
indexing are done once when the import's ``deferred_indexing()`` block ends.
Pages that already existed are updated with Wagtail's own ``save_revision`` and
``publish``.
"""

from __future__ import annotations

import uuid
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageLogEntry, Revision

from contributions.models import ImportedPage


class NewPages:
    def __init__(self, *, user=None, publish: bool = True):
        self.user = user if getattr(user, "pk", None) else None
        self.publish = publish
        self.pending: list[tuple[Page, tuple[str, str], str]] = []
        self.last_paths: dict[int, str | None] = {}  # parent pk -> path of its last child
        self.added: Counter = Counter()  # parent pk -> children added, not yet counted in the database
        self.created: set[int] = set()  # pks of the pages added

    def _next_path(self, parent: Page) -> str:
        """The path of a new last child of ``parent`` (as treebeard's add_child gives it):
        the parent row is locked and its last child read once per import."""
        depth = parent.depth + 1
        if parent.pk not in self.last_paths:
            Page.objects.select_for_update().filter(pk=parent.pk).values_list("pk", flat=True).get()
            self.last_paths[parent.pk] = (None if parent.pk in self.created else Page.objects.filter(
                path__startswith=parent.path, depth=depth).order_by("-path").values_list("path", flat=True).first())
        last = self.last_paths[parent.pk]
        step = 1 if last is None else Page._str2int(last[-Page.steplen:]) + 1
        path = Page._get_path(parent.path, depth, step)
        self.last_paths[parent.pk] = path
        return path

    def add(self, page: Page, parent: Page, source: tuple[str, str], digest: str, children: dict | None = None) -> Page:
        """Save the new ``page`` as the last child of ``parent``, as it will be once finished.
        ``children``: its child rows by relation name, ``(model, [field values, …])``, inserted
        in one query per relation (in their order) instead of one per row."""
        now = timezone.now()
        page.live = self.publish
        page.has_unpublished_changes = not self.publish
        page.draft_title = page.title
        page.latest_revision_created_at = now
        if self.publish:
            page.first_published_at = page.last_published_at = now
        page.depth = parent.depth + 1
        page.path = self._next_path(parent)
        page._cached_parent_obj = parent  # treebeard's get_parent() cache: Page.save reads the parent's url_path
        page._is_site_root = False  # a page under a catalogue is no site's root (Page.save would ask)
        # Validated as publish() would (full_clean, the slug unique among its siblings), but for
        # what the import set itself without asking the database again: its type and locale
        # (read from the database), its path (computed under the parent's lock) and so the
        # translation key's uniqueness per locale (the importer looked the key up first).
        page.full_clean(exclude=["content_type", "locale", "path"])
        # Its wagtail.create log entry is written by finish().
        in_memory = {field.name: list(getattr(page, field.name).all()) for field in page._meta.get_fields()
                     if isinstance(field, ParentalManyToManyField)}
        page.save(clean=False, log_action=None)
        # Held in memory again for finish()'s serializable_data(), which would read them back one query each.
        for name, rows in in_memory.items():
            getattr(page, name).set(rows)
        setattr(page, COMMENTS_RELATION_NAME, [])  # a new page has no comments
        for name, (model, rows) in (children or {}).items():
            key = page._meta.get_field(name).field.name  # the child's ParentalKey
            order = getattr(model, "sort_order_field", None)  # numbered from 0, as modelcluster does
            model.objects.bulk_create([model(**{key: page}, **row, **({order: index} if order else {}))
                                       for index, row in enumerate(rows)])
        parent.numchild += 1
        self.added[parent.pk] += 1
        self.created.add(page.pk)
        self.pending.append((page, source, digest))
        return page

    def finish(self) -> None:
        """First revisions, revision pointers, log entries and import records of the
        pages added since the last call."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        base_type = ContentType.objects.get_for_model(Page)
        revisions = Revision.objects.bulk_create([
            Revision(content_type=ContentType.objects.get_for_model(page), base_content_type=base_type,
                     object_id=str(page.pk), user=self.user, created_at=page.latest_revision_created_at,
                     content=page.serializable_data(), object_str=str(page))
            for page, _source, _digest in pending])
        pointers, entries = [], []
        for (page, _source, _digest), revision in zip(pending, revisions):
            page.latest_revision = revision
            page.live_revision = revision if self.publish else None
            pointers.append(Page(pk=page.pk, latest_revision_id=revision.pk, live_revision_id=page.live_revision_id))
            content_type = ContentType.objects.get_for_model(page, for_concrete_model=False)
            entries.append(PageLogEntry(page_id=page.pk, content_type=content_type, label=str(page), action="wagtail.create",
                                        timestamp=revision.created_at, data={}, user_id=self.user.pk if self.user else page.owner_id,
                                        content_changed=True))
            actions = ("wagtail.edit", "wagtail.publish") if self.publish else ("wagtail.edit",)
            group = uuid.uuid4()
            entries += [PageLogEntry(page_id=page.pk, content_type=content_type, label=str(page), action=action,
                                     timestamp=revision.created_at, data={}, user=self.user, revision=revision,
                                     content_changed=True, uuid=group)
                        for action in actions]
        for parent, count in self.added.items():
            Page.objects.filter(pk=parent).update(numchild=F("numchild") + count)
        self.added.clear()
        Page.objects.bulk_update(pointers, ["latest_revision", "live_revision"])
        PageLogEntry.objects.bulk_create(entries)
        ImportedPage.objects.bulk_create([ImportedPage(page_id=page.pk, package_slug=source[0], source_path=source[1],
                                                       digest=digest) for page, source, digest in pending])
