"""Form widgets whose options are written by a plain loop in one template, not by a
template per option (a municipality list of 290 options renders in one go)."""

from django import forms


class Select(forms.Select):
    template_name = "components/widgets/select.html"
