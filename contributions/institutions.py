"""What an institution gets on ALMA Aula: an image collection its contributors
add to and choose from. Kept up to date when an institution is saved."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission

from accounts.models import Institution, Role

CONTRIBUTOR_IMAGE_PERMISSIONS = ("add_image", "choose_image")


def institution_collection(institution: Institution) -> Collection:
    """The institution's image collection (under the root collection), with the
    Contributor group allowed to add images to it and choose them."""
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=institution.name).first()
    if collection is None:
        collection = root.add_child(name=institution.name)
    contributor, _ = Group.objects.get_or_create(name=Role.CONTRIBUTOR.value)
    for permission in Permission.objects.filter(content_type__app_label="wagtailimages",
                                                codename__in=CONTRIBUTOR_IMAGE_PERMISSIONS):
        GroupCollectionPermission.objects.get_or_create(group=contributor, collection=collection, permission=permission)
    return collection


def on_institution_saved(sender, instance, **kwargs):
    institution_collection(instance)
