"""The LTI tool's sections of "My data" (see accounts.personal_data): the LMS accounts a person
came in through and the quiz scores sent to their LMS."""

from lti_tool.models import LtiUser

from accounts.personal_data import register
from lti.models import ScoreSend


@register("lms_accounts")
def lms_accounts(user) -> list:
    return list(LtiUser.objects.filter(auth_user=user).order_by("datetime_created").values(
        "registration__name", "registration__issuer", "sub", "name", "given_name", "family_name",
        "datetime_created"))


@register("lms_scores")
def lms_scores(user) -> list:
    return list(ScoreSend.objects.filter(user=user).order_by("attempt__submitted_at").values(
        "placement__resource_link__context__title", "attempt__quiz__title", "attempt__score", "status", "sent_at"))
