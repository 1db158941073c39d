"""Index once per object at the end of a bulk write, not on every save.

Outside ``deferred_indexing()`` nothing changes: each save updates the search
index and Wagtail's reference index (two tasks, run at once by the immediate
backend). An import saves a page three times (added, revision, publish) and a
question twice; inside the block those saves only note the object, and when the
block ends without error each noted object is indexed once: the search index in
one bulk call per model, the reference index in a few queries per model. Rows written with
``bulk_create``/``bulk_update`` send no signal: pass them to ``touched()``.

The state is per thread (like Wagtail's ``disable_reference_index_auto_update``):
another request saving at the same time is indexed as usual.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from alma.page_cache import bump_content_version

BATCH = 500  # rows per query (SQLite's limit on variables is well above)
_state = threading.local()
_install_lock = threading.Lock()
_installed = False


def _pending() -> dict | None:
    return getattr(_state, "pending", None)


def _search_on_save(instance, **kwargs):
    """modelsearch's post_save handler, except inside ``deferred_indexing()``."""
    if _pending() is None:
        post_save_signal_handler(instance, **kwargs)


def _note_saved(sender, instance, raw=False, **kwargs):
    pending = _pending()
    if pending is not None and not raw:
        pending[type(instance)][instance.pk] = instance


def _install():
    """Put ``_search_on_save`` in place of modelsearch's handler (once per process;
    modelsearch connects its handler in its ready(), after ALMA's apps)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for model in index.get_indexed_models():
            if getattr(model, "search_auto_update", True) and post_save.disconnect(post_save_signal_handler, sender=model):
                post_save.connect(_search_on_save, sender=model, weak=False)
        post_save.connect(_note_saved, weak=False, dispatch_uid="alma-deferred-index")
        _installed = True


def touched(objects) -> None:
    """Note rows written without a post_save signal (bulk_create, bulk_update)."""
    pending = _pending()
    if pending is None:
        raise RuntimeError("touched() is only meaningful inside deferred_indexing()")
    for obj in objects:
        pending[type(obj)][obj.pk] = obj


@contextmanager
def deferred_indexing():
    """Defer search and reference indexing of everything saved in the block to its
    end. Nested blocks join the outermost one."""
    if _pending() is not None:
        yield
        return
    _install()
    _state.pending = defaultdict(dict)
    try:
        with transaction.atomic(), disable_reference_index_auto_update():
            yield
            pending, _state.pending = _state.pending, None
            _flush(pending)
    finally:
        _state.pending = None


def _reference_owner(obj):
    """The object whose references Wagtail records for ``obj``: its cluster parent
    for a child row (as wagtail.tasks.update_reference_index_task does)."""
    while obj is not None:
        keys = [f for f in obj._meta.get_fields() if isinstance(f, ParentalKey)]
        if not keys:
            return obj
        obj = getattr(obj, keys[0].name)
    return None


def _flush(pending: dict) -> None:
    if not pending:
        return
    backends = list(get_search_backends(with_auto_update=True))
    owners = defaultdict(set)
    for model, rows in pending.items():
        if index.class_is_indexed(model) and getattr(model, "search_auto_update", True):
            # Fresh rows, in the class that is indexed (a page's specific class).
            objects = list(model.get_indexed_objects().filter(pk__in=list(rows)))
            for backend in backends:
                backend.add_bulk(model, objects)
        for obj in rows.values():
            owner = _reference_owner(obj)
            if owner is not None and ReferenceIndex.is_indexed(type(owner)):
                owners[type(owner)].add(owner.pk)
    for model, pks in owners.items():
        pks = sorted(pks)
        for start in range(0, len(pks), BATCH):
            # As saved, not as last held in memory (a draft revision leaves the live row as it was).
            _update_references(model, list(model.objects.filter(pk__in=pks[start:start + BATCH])))
    bump_content_version()


def _update_references(model, objects: list) -> None:
    """``ReferenceIndex.create_or_update_for_object`` for many objects of one model:
    their recorded references read in one query, the new ones inserted in one and
    the stale ones deleted in one, where Wagtail's method does this per object."""
    if not objects:
        return
    content_types = [ContentType.objects.get_for_model(m, for_concrete_model=False)
                     for m in [model] + model._meta.get_parent_list()]
    content_type, base_content_type = content_types[0], content_types[-1]
    known = {ct.id for ct in content_types}
    existing = defaultdict(dict)
    for row_id, type_id, object_id, *reference in ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=[str(obj.pk) for obj in objects]).values_list(
            "id", "content_type_id", "object_id", "to_content_type", "to_object_id", "model_path", "content_path"):
        existing[object_id][tuple(reference)] = (type_id, row_id)
    new, stale = [], []
    for obj in objects:
        references = set(ReferenceIndex._extract_references_from_object(obj))
        recorded = existing.get(str(obj.pk), {})
        new += [ReferenceIndex(content_type=content_type, base_content_type=base_content_type, object_id=obj.pk,
                               to_content_type_id=to_type, to_object_id=to_id, model_path=model_path,
                               content_path=content_path, content_path_hash=ReferenceIndex._get_content_path_hash(content_path))
                for to_type, to_id, model_path, content_path in references - recorded.keys()]
        # A reference recorded under a more specific model than this one is not stale (as in Wagtail).
        stale += [row_id for reference, (type_id, row_id) in recorded.items() if reference not in references and type_id in known]
    ReferenceIndex.objects.bulk_create(new, ignore_conflicts=connection.features.supports_ignore_conflicts, batch_size=BATCH)
    if stale:
        ReferenceIndex.objects.filter(id__in=stale).delete()
