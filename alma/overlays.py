"""Personal overlays on content pages.

Content pages (lower layers) do not know about progress, assignments or class
work (upper layers). They mark *slots* in their templates with
``{% overlay "lesson-end" %}``; upper layers register, in their
``wagtail_hooks.py``, a Wagtail hook named ``alma_overlay:<slot>`` whose function
``func(request, page)`` returns HTML for the signed-in learner, or "" when it has
nothing to add. Anonymous visitors never get overlays, so their pages stay cacheable.

A slot may be about a page *listed* on the page rather than the page itself:
``{% overlay "lesson-status" lesson %}`` passes ``lesson`` to the functions
(the tick beside a finished lesson in a module's list).
"""

from wagtail import hooks


def hook_name(slot: str) -> str:
    return f"alma_overlay:{slot}"


def render(slot: str, request, page) -> str:
    if request is None or not getattr(request, "user", None) or not request.user.is_authenticated:
        return ""
    return "".join(func(request, page) or "" for func in hooks.get_hooks(hook_name(slot)))
