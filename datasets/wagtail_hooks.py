from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from datasets.forms import DatasetForm
from datasets.models import Dataset


class DatasetViewSet(ModelViewSet):
    model = Dataset
    icon = "table"
    menu_label = _("Datasets")
    add_to_admin_menu = True
    list_display = ["title", "slug", "row_count", "updated"]
    search_fields = ["title", "slug"]

    def get_form_class(self, for_update=False):
        return DatasetForm


@hooks.register("register_admin_viewset")
def register_dataset_viewset():
    return DatasetViewSet("datasets_admin", url_prefix="datasets")
