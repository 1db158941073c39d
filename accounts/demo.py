"""Demo data for `make run` (development settings only), beyond the demo accounts.

accounts sits at the bottom of the layers, so the apps above it register what
they add to ``create_demo_accounts`` in a ``demo`` module of their own (found
like admin.py files, with ``autodiscover_modules``): ``register_demo_data(func)``
with ``func(stdout) -> None``, run after the demo accounts exist. Each function
is idempotent (a second ``make run`` adds nothing).
"""

from __future__ import annotations

from typing import Callable

from django.utils.module_loading import autodiscover_modules

_demo_data: list[Callable] = []


def register_demo_data(func: Callable) -> Callable:
    """Register ``func(stdout)``; registering twice is a no-op."""
    if func not in _demo_data:
        _demo_data.append(func)
    return func


def demo_data_functions() -> list[Callable]:
    """The registered functions, once every installed app's ``demo`` module is imported."""
    autodiscover_modules("demo")
    return list(_demo_data)
