"""Per-address ceilings for actions that create accounts or guess join codes.

A whole school may reach ALMA Aula from one public address (hundreds of
learners behind one NAT), so a ceiling is generous and, where it can, counts
only what an attacker needs many of (wrong join codes, new accounts), never a
learner's ordinary success.
"""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class Ceiling:
    """At most ``limit`` counted events per key in a window of ``window`` seconds
    (a fixed window, from the first counted event)."""

    def __init__(self, name: str, setting: str, window: int):
        self.name, self.setting, self.window = name, setting, window

    @property
    def limit(self) -> int:
        return getattr(settings, self.setting)

    def _key(self, key) -> str:
        return f"alma:ceiling:{self.name}:{key}"

    def reached(self, key) -> bool:
        return (cache.get(self._key(key)) or 0) >= self.limit

    def count(self, key):
        cache_key = self._key(key)
        if not cache.add(cache_key, 1, self.window):
            try:
                cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.set(cache_key, 1, self.window)


SIGNUPS_PER_ADDRESS = Ceiling("signup", "ALMA_SIGNUPS_PER_ADDRESS_PER_HOUR", 3600)
JOIN_FAILURES_PER_ADDRESS = Ceiling("join-failure", "ALMA_JOIN_FAILURES_PER_ADDRESS_PER_HOUR", 3600)
