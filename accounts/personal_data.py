"""Everything ALMA Aula holds about a person, for "My data" (the right of access).

Each app contributes the section about the records it owns, with
``@register("section")`` on a function ``(user) -> JSON-ready value`` in its
``personal_data`` module (imported by its AppConfig.ready), so the export grows
with the platform and no lower layer imports an upper one.
"""

from collections.abc import Callable

_sections: dict[str, Callable] = {}


def register(name: str):
    def decorator(func):
        if _sections.get(name, func) is not func:
            raise ValueError(f"Personal-data section {name!r} is already registered by {_sections[name].__module__}.")
        _sections[name] = func
        return func

    return decorator


def sections() -> tuple[str, ...]:
    return tuple(_sections)


def export(user) -> dict:
    return {name: func(user) for name, func in _sections.items()}


@register("user")
def account(user) -> dict:
    return {"username": user.username, "display_name": user.display_name, "first_name": user.first_name,
            "last_name": user.last_name, "email": user.email, "country": str(user.country),
            "institution": user.institution.name if user.institution_id else None,
            "preferred_language": user.preferred_language, "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True))}
