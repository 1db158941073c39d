"""The public impact dashboard's link in the site header (see accounts/landing.py)."""

from wagtail import hooks

from accounts.landing import NAV_ITEM_HOOK
from impact.navigation import impact_link

hooks.register(NAV_ITEM_HOOK, impact_link, order=60)
