"""Networks in the Wagtail admin: contact details, coordinators, whether they accept
referrals, and the service area as GeoJSON shown on a Leaflet map (django-leaflet's
bundled Leaflet; no GDAL)."""

import json

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet

from core.maps import map_settings
from geography.geometry import clean_polygonal
from networks.models import Network


class AreaMapWidget(forms.Textarea):
    """The GeoJSON text, with a map that draws it and redraws as it is edited."""

    template_name = "networks/widgets/area_map.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 6, "spellcheck": "false", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dict | list):
            return json.dumps(value)
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["area_map"] = map_settings()
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": ["leaflet/leaflet.css", "css/network-admin.css"]},
            js=["leaflet/leaflet.js", "js/network-area-admin.js"],
        )


def check_capacity(form, cleaned):
    """The rules of a network's pause and full settings, for every form that sets them."""
    if cleaned.get("accepts_referrals") is False and not cleaned.get("not_accepting_message"):
        form.add_error(
            "not_accepting_message",
            _("Tell residents why, and where to turn, while referrals are paused."),
        )
    until = cleaned.get("full_until")
    if cleaned.get("full") and until and until < timezone.localdate():
        form.add_error("full_until", _("Choose today or a later day."))
    return cleaned


class NetworkForm(WagtailAdminModelForm):
    class Meta(WagtailAdminModelForm.Meta):
        model = Network
        fields = [
            "name",
            "slug",
            "municipalities",
            "email",
            "phone",
            "website",
            "coordinators",
            "accepts_referrals",
            "not_accepting_message",
            "full",
            "full_until",
            "lends_computers",
            "lends_tablets",
            "lends_phones",
            "lends_sim_cards",
            "promise_working_days",
            "escalate_after_working_days",
            "retention_days",
            "service_area",
        ]
        widgets = {
            "full_until": forms.DateInput(attrs={"type": "date"}),
            "service_area": AreaMapWidget,
            "municipalities": forms.CheckboxSelectMultiple,
        }

    def clean_service_area(self):
        area = self.cleaned_data.get("service_area")
        if not area:
            return None
        try:
            return clean_polygonal(area, subject=str(_("The service area")))
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        return check_capacity(self, super().clean())


class NetworkViewSet(ModelViewSet):
    model = Network
    icon = "group"
    menu_label = _("Networks")  # in the "Referrals" menu group (networks.referral_admin)
    list_display = ["name", "slug", "accepts_referrals", "retention_days"]
    list_filter = ["accepts_referrals"]
    search_fields = ["name", "slug"]

    def get_form_class(self, for_update=False):
        return NetworkForm


network_viewset = NetworkViewSet("networks")
