from django import forms
from wagtail.forms import TaskStateCommentForm

from contributions.models import CHECKLIST


class ChecklistForm(TaskStateCommentForm):
    sources_cited = forms.BooleanField(label=CHECKLIST["sources_cited"], required=True)
    contested_topics_balanced = forms.BooleanField(label=CHECKLIST["contested_topics_balanced"], required=True)
    licence_and_credits = forms.BooleanField(label=CHECKLIST["licence_and_credits"], required=True)
