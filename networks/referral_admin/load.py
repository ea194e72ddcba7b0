"""Load and capacity (Referrals → Load and capacity): for each network a coordinator
coordinates, its open, waiting and overdue referrals in all and per assignee, and a form
to pause and resume referrals, say the network is full, what it lends and what it
promises. Administrators see every network. Checked on the server for every request."""

from django import forms
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.log_actions import log

from directory.choices import LENDING
from networks.models import CLOSED_STATUSES, Network, Referral, ReferralStatus
from networks.network_admin import check_capacity
from networks.referrals import coordinated_networks


class CapacityForm(forms.ModelForm):
    """What a coordinator may change about their own network."""

    class Meta:
        model = Network
        fields = [
            "accepts_referrals",
            "not_accepting_message",
            "full",
            "full_until",
            *[field for field, _label in LENDING],
            "promise_working_days",
            "escalate_after_working_days",
        ]
        widgets = {"full_until": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        return check_capacity(self, super().clean())


def load_rows(networks, today):
    """{network id: {"open", "new", "overdue", "assignees": [(name, open, overdue)]}}."""
    open_referrals = Referral.objects.filter(
        network__in=networks, anonymised_at__isnull=True
    ).exclude(status__in=CLOSED_STATUSES)
    counts = {
        "open": Count("pk"),
        "new": Count("pk", filter=Q(status=ReferralStatus.NEW)),
        "overdue": Count("pk", filter=Q(status=ReferralStatus.NEW, due_on__lt=today)),
    }
    found = {}
    for row in open_referrals.order_by().values("network").annotate(**counts):
        found[row["network"]] = {**row, "assignees": []}
    per_assignee = (
        open_referrals.order_by()
        .values("network", "assigned_to", "assigned_to__title")
        .annotate(**counts)
    )
    # Named assignees by name, then the referrals assigned to nobody.
    ordered = sorted(
        per_assignee, key=lambda r: (r["assigned_to"] is None, r["assigned_to__title"] or "")
    )
    for row in ordered:
        name = row["assigned_to__title"] or _("Nobody yet")
        found[row["network"]]["assignees"].append((name, row["open"], row["overdue"]))
    return found


class LoadView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "networks/admin/load.html"
    page_title = _("Load and capacity")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.networks = list(coordinated_networks(request.user).order_by("name"))
        if not self.networks:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        rows = load_rows(self.networks, today)
        empty = {"open": 0, "new": 0, "overdue": 0, "assignees": []}
        context["networks"] = [
            (
                network,
                rows.get(network.pk, empty),
                kwargs.get("forms", {}).get(network.pk)
                or CapacityForm(instance=network, prefix=f"n{network.pk}"),
            )
            for network in self.networks
        ]
        return context

    def post(self, request, pk):
        network = get_object_or_404(coordinated_networks(request.user), pk=pk)
        form = CapacityForm(request.POST, instance=network, prefix=f"n{network.pk}")
        if not form.is_valid():
            messages.error(request, _("The changes were not saved. Correct the errors below."))
            context = self.get_context_data(forms={network.pk: form})
            return self.render_to_response(context, status=400)
        form.save()  # signals rebuild routing: a paused or full network gets nobody new
        log(network, "wagtail.edit", user=request.user)
        messages.success(request, _("%(network)s saved.") % {"network": network.name})
        return redirect("networks_load:index")


class LoadMenuItem(MenuItem):
    def is_shown(self, request):
        return coordinated_networks(request.user).exists()


class LoadViewSet(ViewSet):
    icon = "group"
    menu_label = _("Load and capacity")
    menu_name = "network-load"
    url_namespace = "networks_load"
    # Under the referral area, where the other referral pages are (/admin/referrals/load/).
    url_prefix = "referrals/load"

    @property
    def menu_item_class(self):
        return LoadMenuItem

    def get_urlpatterns(self):
        view = LoadView.as_view()
        return [path("", view, name="index"), path("<int:pk>/", view, name="save")]


load_viewset = LoadViewSet("network-load")
