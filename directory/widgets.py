"""The admin's position picker: the latitude field with a small Leaflet map (django-
leaflet's bundled Leaflet, no GDAL). Clicking the map or dragging the marker fills
latitude and longitude; typing in either field moves the marker."""

from django import forms

from core.maps import map_settings


class PositionPickerWidget(forms.NumberInput):
    template_name = "directory/widgets/position_picker.html"

    def __init__(self, longitude_field="longitude", attrs=None):
        super().__init__(attrs={"step": "any", **(attrs or {})})
        self.longitude_field = longitude_field

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["picker"] = {"longitude_field": self.longitude_field, **map_settings()}
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": ["leaflet/leaflet.css", "css/directory.css"]},
            js=["leaflet/leaflet.js", "js/directory-admin.js"],
        )
