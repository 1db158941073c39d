"""Personal parts of pages every signed-in learner shares.

A lesson, module, quiz start page or catalogue is the same for every signed-in
learner apart from a few personal parts: the header's account links, messages,
progress, assignments (``{% personal "name" %}…{% endpersonal %}`` and
``{% overlay "slot" %}`` in templates). A page view opts in with
``share_rendering(request, page)``; while such a page renders for the shared
cache, every personal part leaves a marker instead of its HTML, and the shared
part renders as for an anonymous visitor (no user, no messages, no CSRF token).
``fill`` then renders each personal part for this request in place of its marker.

A personal part sees only the request, the page and the page's
``personal_context(request)`` — never the view's context — so a shared part
rendered now and one taken from the cache are filled alike.
"""

from __future__ import annotations

import re
import time
from functools import cache

from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache as shared_cache
from django.middleware.csrf import get_token
from django.template import RequestContext
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from wagtail.fields import StreamField
from wagtail.models import Page

from alma import overlays

# key -> (template name, node) of each {% personal %} block parsed in this process.
_nodes: dict[str, tuple[str, object]] = {}


@cache
def _secret() -> str:
    # Derived from SECRET_KEY: page content cannot forge a marker, and every
    # worker process sharing the cache writes and reads the same markers.
    return salted_hmac("alma.personal", "marker").hexdigest()[:24]


@cache
def _marker_pattern() -> re.Pattern:
    return re.compile(rf"<!--alma-personal (\S+) {_secret()}-->|alma-csrf-{_secret()}")


def marker(key: str) -> str:
    return f"<!--alma-personal {key} {_secret()}-->"


def csrf_marker() -> str:
    """Stands for the CSRF token in a shared part (HTML-safe: it sits in attribute values)."""
    return f"alma-csrf-{_secret()}"


def register_node(template_name: str, name: str, node) -> str:
    key = f"{template_name}#{name}"
    _nodes[key] = (template_name, node)
    return key


# --- The request's state -------------------------------------------------------


class _SharedRender:
    page = None


def begin(request) -> None:
    """Called by the page cache before a signed-in page view runs."""
    request._alma_shared_render = _SharedRender()


def share_rendering(request, page) -> None:
    """A page view says: what I render is the same for every signed-in learner
    apart from its personal parts. Without ``begin`` (anonymous visitors,
    previews, tests calling the view directly) this does nothing."""
    state = getattr(request, "_alma_shared_render", None)
    if state is not None:
        state.page = page


def is_rendering_shared(request) -> bool:
    state = getattr(request, "_alma_shared_render", None)
    return state is not None and state.page is not None


def memo(request, name: str, compute):
    """``compute()`` once per request: personal parts (header links, overlays) ask for
    the same rows of the signed-in user several times."""
    values = request.__dict__.setdefault("_alma_memo", {})
    if name not in values:
        values[name] = compute()
    return values[name]


def end(request):
    """The page that opted in (or None); after this the request renders normally."""
    state = getattr(request, "_alma_shared_render", None)
    request._alma_shared_render = None
    return state.page if state else None


def shared_context(request) -> dict:
    """Context processor: while the shared part renders, it renders as for an anonymous visitor.
    Any other page a signed-in user sees reads their permissions and roles from the shared cache."""
    if not is_rendering_shared(request):
        user = getattr(request, "user", None)
        if user is not None:
            _prime_permissions(user)
        return {}
    anonymous = AnonymousUser()
    return {"user": anonymous, "perms": PermWrapper(anonymous), "messages": (), "csrf_token": csrf_marker()}


# --- Filling the personal parts ------------------------------------------------


def _render_node(key: str, request, page) -> str:
    if key not in _nodes:
        get_template(key.split("#", 1)[0])  # parsing the template registers its nodes
    if key not in _nodes:
        return ""
    template_name, node = _nodes[key]
    values = {"page": page, "self": page}
    if hasattr(page, "personal_context"):
        if not hasattr(request, "_alma_personal_context"):
            request._alma_personal_context = page.personal_context(request)
        values.update(request._alma_personal_context)
    context = RequestContext(request, values)
    with context.bind_template(get_template(template_name).template):
        return node.nodelist.render(context)


PERMISSIONS_VERSION_KEY = "alma:permissions-version"


def bump_permissions_version(**kwargs) -> None:
    """Any change of groups or permissions: every user's cached permissions are stale."""
    shared_cache.set(PERMISSIONS_VERSION_KEY, time.time_ns(), None)


def _prime_permissions(user) -> None:
    """Personal parts ask what the user may do (the header's admin link) and which
    roles they have (its links): both come from the shared cache, not three queries
    on every page (the version changes with any group or permission)."""
    if not user.is_authenticated or hasattr(user, "_perm_cache"):
        return
    version = shared_cache.get_or_set(PERMISSIONS_VERSION_KEY, time.time_ns(), None)
    key = f"alma:permissions:{version}:{user.pk}:{user.is_superuser:d}"
    cached = shared_cache.get(key)
    if cached is None:
        cached = (ModelBackend().get_all_permissions(user), getattr(user, "role_names", frozenset()))
        shared_cache.set(key, cached, 3600)
    user._perm_cache = set(cached[0])
    user = getattr(user, "_wrapped", user)  # request.user is a lazy object
    if hasattr(type(user), "role_names"):
        user.__dict__["role_names"] = cached[1]  # a cached_property's value


def listed_pages(html: str) -> dict:
    """The pages listed on a shared part that carry an overlay ({% overlay "slot" item %}),
    by id, as snapshots: stored with the shared part, so filling it costs no page query."""
    ids = {int(i) for i in re.findall(rf"<!--alma-personal overlay:[^:\s]+:(\d+) {_secret()}-->", html)}
    return {pk: snapshot(item) for pk, item in Page.objects.in_bulk(ids).items()} if ids else {}


def fill(html: str, request, page, listed: dict | None = None, *, csrf: bool = True) -> str:
    """Render this request's personal parts in place of the markers of a shared part
    (the CSRF token's markers too, unless ``csrf`` is False: see ``with_csrf``)."""
    _prime_permissions(request.user)
    items = None  # restored from ``listed`` on first use

    def part(match):
        nonlocal items
        key = match.group(1)
        if key is None:
            return get_token(request) if csrf else match.group(0)
        if key.startswith("overlay:"):
            slot, _, item_id = key.removeprefix("overlay:").partition(":")
            if not item_id:
                return overlays.render(slot, request, page)
            if items is None:
                items = {pk: restore(value) for pk, value in (listed if listed is not None else listed_pages(html)).items()}
            item = items.get(int(item_id))
            return overlays.render(slot, request, item) if item is not None else ""
        return _render_node(key, request, page)

    return _marker_pattern().sub(part, html)


def with_csrf(html: str, request) -> str:
    """The CSRF token of this request in place of its markers."""
    marker_text = csrf_marker()
    return html.replace(marker_text, get_token(request)) if marker_text in html else html


# --- Filled pages per user ---------------------------------------------------------
# A signed-in learner opening the same page again gets it with its personal parts as
# they were rendered for them, while nothing of theirs changed: their version (below)
# changes with any write request they make and any save of their records (progress,
# attempts, classes: alma/apps.py, teachers/apps.py); the key also holds the content
# and permissions versions. Time alone changes little (an assignment opening, a due
# date passing): the entry lives ALMA_PERSONAL_PAGE_SECONDS at most.


def _user_version_key(user_id) -> str:
    return f"alma:user-version:{user_id}"


def bump_users(user_ids) -> None:
    """Whatever these users see in personal parts may have changed."""
    now = time.time_ns()
    keys = {_user_version_key(pk): now for pk in set(user_ids) if pk is not None}
    if keys:
        shared_cache.set_many(keys, None)


def filled_key(request, shared_key: str) -> str | None:
    """The key of this user's filled page, or None when it must be rendered now (messages to show)."""
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return None
    versions = shared_cache.get_many([_user_version_key(request.user.pk), PERMISSIONS_VERSION_KEY])
    user_version = versions.get(_user_version_key(request.user.pk))
    if user_version is None:
        user_version = time.time_ns()
        shared_cache.add(_user_version_key(request.user.pk), user_version, None)
    permissions_version = versions.get(PERMISSIONS_VERSION_KEY)
    if permissions_version is None:
        permissions_version = shared_cache.get_or_set(PERMISSIONS_VERSION_KEY, time.time_ns(), None)
    return f"{shared_key}:user:{request.user.pk}:{user_version}:{permissions_version}"


# --- The page a cached shared part belongs to ------------------------------------


def snapshot(page) -> tuple:
    """The page's fields (StreamFields left out: personal parts do not read the body),
    stored with its shared part so that filling a cached one costs no page query."""
    fields = [f for f in page._meta.concrete_fields if not isinstance(f, StreamField)]
    return page._meta.label_lower, [f.attname for f in fields], [getattr(page, f.attname) for f in fields]


def restore(snapshot_value):
    label, names, values = snapshot_value
    return apps.get_model(label).from_db("default", names, values)
