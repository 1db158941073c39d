from wagtail import hooks

from accounts.landing import LANDING_HOOK, NAV_ITEM_HOOK
from alma.overlays import hook_name as overlay
from quizzes.rules import RULES_HOOK
from teachers import membership, navigation, overlays
from teachers.rules import quiz_rules

# What classes add to other apps' pages: assignments and the teacher's instructions,
# the teacher's landing and header links, and a class assignment's quiz rules.
hooks.register(overlay("home"), overlays.my_assignments)
hooks.register(overlay("my-learning"), overlays.my_assignments)
hooks.register(overlay("lesson-header"), overlays.teacher_guide_link)
hooks.register(overlay("lesson-header"), overlays.teacher_instructions)
hooks.register(overlay("quiz-header"), overlays.teacher_instructions)
hooks.register(LANDING_HOOK, navigation.my_classes_landing, order=20)
hooks.register(NAV_ITEM_HOOK, navigation.my_assignments_link, order=20)
hooks.register(NAV_ITEM_HOOK, navigation.my_classes_link, order=30)
hooks.register(NAV_ITEM_HOOK, navigation.teacher_training_link, order=40)
hooks.register(RULES_HOOK, quiz_rules)

# A teacher's account deletion (progress.account_deletion.delete_account): refuse while a
# class would be left without a teacher, then hand the classes over.
hooks.register("account_deletion_refusals", membership.account_deletion_refusals)
hooks.register("before_account_deletion", membership.hand_over_classes)
