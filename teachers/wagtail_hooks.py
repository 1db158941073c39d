from wagtail import hooks

from teachers import services

# A teacher's account deletion (progress.account_deletion.delete_account): refuse while a
# class would be left without a teacher, then hand the classes over.
hooks.register("account_deletion_refusals", services.account_deletion_refusals)
hooks.register("before_account_deletion", services.hand_over_classes)
