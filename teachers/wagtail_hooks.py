from wagtail import hooks

from teachers import membership

# A teacher's account deletion (progress.services.delete_account): refuse while a
# class would be left without a teacher, then hand the classes over.
hooks.register("account_deletion_refusals", membership.account_deletion_refusals)
hooks.register("before_account_deletion", membership.hand_over_classes)
