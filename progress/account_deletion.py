"""Deleting a learner's account: who may not yet, and what is kept (pseudonymous statements).

One reason to change: the privacy rules of account deletion.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from wagtail import hooks

from progress.models import Certificate, Statement, WithdrawnStatusIndex


class AccountDeletionRefused(Exception):
    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__(" ".join(reasons))


def account_deletion_refusals(user) -> list[str]:
    """Why ``user`` may not delete their account yet (what they must do first),
    from the ``account_deletion_refusals`` hooks of upper layers."""
    return [reason for refusals in hooks.get_hooks("account_deletion_refusals") for reason in refusals(user)]


@transaction.atomic
def delete_account(user):
    """Delete the account; its statements stay for the anonymous impact figures
    but carry a random pseudonym instead of the person: nothing derived from the
    user id or a key, so no one can link them back to the account or to the
    pseudonyms of earlier research exports. Upper layers first hand over what
    others still need (``before_account_deletion`` hooks)."""
    refusals = account_deletion_refusals(user)
    if refusals:
        raise AccountDeletionRefused(refusals)
    for prepare in hooks.get_hooks("before_account_deletion"):
        prepare(user)
    Statement.objects.filter(user=user).update(user=None, actor_pseudonym="anon-" + secrets.token_hex(10))
    indexes = Certificate.objects.filter(user=user).exclude(status_index=None).values_list("status_index", flat=True)
    WithdrawnStatusIndex.objects.bulk_create([WithdrawnStatusIndex(index=i) for i in indexes], ignore_conflicts=True)
    Certificate.objects.filter(user=user).delete()
    user.delete()
