"""Deep Linking: the instructor picks ALMA modules, lessons or quizzes from the LMS, and ALMA
answers with a signed JWT of LTI resource links (``LtiDeepLinkingResponse``).

Each link carries the page's translation key as the custom parameter ``alma_page``; a quiz
also carries a line item (a gradebook column of 100 points, tagged ``alma-quiz``), so the
LMS makes the column and its launches carry the AGS endpoint scores go back to. The tool's
key pair (django-lti's ``Key``) is made the first time the tool needs it;
``manage.py rotate_keys`` (django-lti) makes a new one and retires old ones.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.urls import reverse
from lti_tool.models import Key
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.lineitem import LineItem

from lti import targets

DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def ensure_key():
    """The tool has an active key pair: made once, the first time one is needed."""
    if not Key.objects.active().exists():
        with transaction.atomic():
            if not Key.objects.select_for_update().active().exists():
                Key.objects.generate()


def tool_jwks() -> dict:
    ensure_key()
    return Key.objects.as_jwks()


def accepts_multiple(lti_launch) -> bool:
    settings = lti_launch.get_claim(DEEP_LINKING_SETTINGS) or {}
    return bool(settings.get("accept_multiple", False))


def chosen_keys(values) -> list[uuid.UUID]:
    keys = []
    for value in values:
        try:
            keys.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return list(dict.fromkeys(keys))


def resource_for(request, page) -> DeepLinkResource:
    url = request.build_absolute_uri(reverse("lti:launch")) + f"?page={page.translation_key}"
    resource = (DeepLinkResource().set_url(url).set_title(page.title[:255])
                .set_custom_params({"alma_page": str(page.translation_key)}))
    if targets.is_quiz(page):
        resource.set_lineitem(LineItem().set_label(page.title[:255]).set_score_maximum(100)
                              .set_resource_id(str(page.translation_key)).set_tag("alma-quiz"))
    return resource


def answer(request, lti_launch, pages) -> tuple[str, str]:
    """(the signed response JWT, the platform's return URL) for these pages."""
    ensure_key()
    deep_link = lti_launch.get_message_launch().get_deep_link()
    resources = [resource_for(request, page) for page in pages]
    settings = lti_launch.get_claim(DEEP_LINKING_SETTINGS) or {}
    return deep_link.get_response_jwt(resources), settings.get("deep_link_return_url", "")
