"""Partner editors in the Wagtail admin (/admin/partners/editors/): coordinators, county
moderators and administrators list the organisations they look after, invite editors by
email and remove them. Every organisation is looked up inside the user's own scope
(partners.roles.managed_organisations), so another organisation's id in the URL is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic.base import ContextMixin
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from partners import freshness, invitations, roles
from partners.forms import InviteForm


class ManagersOnly:
    """Coordinators, county moderators and administrators; anyone else is sent back to
    the dashboard (Wagtail's answer to PermissionDenied)."""

    def dispatch(self, request, *args, **kwargs):
        if not roles.can_manage_partners(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class OrganisationsView(ManagersOnly, BaseListingView):
    """The organisations the user looks after, with how many editors each has."""

    page_title = _("Partner editors")
    header_icon = "group"
    template_name = "partners/admin/editors_index.html"
    is_searchable = True
    search_fields = ["title"]
    search_backend_name = None  # plain database filter, no search index needed
    default_ordering = "title"
    paginate_by = 50
    verbose_name_plural = _("organisations")
    organisation_url_name = None

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Organisation"),
                sort_key="title",
                get_url=lambda organisation: reverse(
                    self.organisation_url_name, args=[organisation.pk]
                ),
            ),
            Column("editor_count", label=_("Editors"), sort_key="editor_count"),
        ]

    def get_base_queryset(self):
        active = Q(editor_group__group__user__is_active=True)
        return roles.managed_organisations(self.request.user).annotate(
            editor_count=Count("editor_group__group__user", filter=active, distinct=True)
        )

    @cached_property
    def no_results_message(self):
        if self.is_searching:
            return super().no_results_message
        return _("No organisations have places in your networks' municipalities yet.")


class OrganisationEditorsView(ManagersOnly, WagtailAdminTemplateMixin, ContextMixin, View):
    """One organisation: its editors (each with a remove button), an invitation form and
    its listings with their age."""

    template_name = "partners/admin/organisation_editors.html"
    header_icon = "group"
    index_url_name = None
    organisation_url_name = None
    remove_url_name = None

    @cached_property
    def organisation(self):
        return get_object_or_404(
            roles.managed_organisations(self.request.user), pk=self.kwargs["pk"]
        )

    def get_page_title(self):
        return gettext("Editors of %(name)s") % {"name": self.organisation.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": gettext("Partner editors")},
            {"url": "", "label": self.organisation.title},
        ]

    def get(self, request, *args, **kwargs):
        return self.render(InviteForm())

    def post(self, request, *args, **kwargs):
        form = InviteForm(request.POST)
        if form.is_valid():
            try:
                user, _created = invitations.invite(
                    self.organisation,
                    form.cleaned_data["email"],
                    form.cleaned_data["first_name"],
                    form.cleaned_data["last_name"],
                    invited_by=request.user,
                )
            except invitations.InvitationRefused:
                form.add_error(
                    "email",
                    gettext(
                        "This address belongs to a deactivated account. Ask an administrator."
                    ),
                )
            else:
                messages.success(
                    request,
                    gettext("%(email)s can now edit %(organisation)s and has been sent an email.")
                    % {"email": user.email, "organisation": self.organisation.title},
                )
                return redirect(self.organisation_url_name, pk=self.organisation.pk)
        return self.render(form, status=400)

    def render(self, form, status=200):
        context = self.get_context_data(
            organisation=self.organisation,
            editors=roles.editors(self.organisation),
            form=form,
            listings=freshness.listings_of(self.organisation),
            invite_url=reverse(self.organisation_url_name, args=[self.organisation.pk]),
            remove_url_name=self.remove_url_name,
        )
        return self.render_to_response(context, status=status)


class RemoveEditorView(ManagersOnly, View):
    http_method_names = ["post"]
    organisation_url_name = None

    def post(self, request, pk, user_pk):
        organisation = get_object_or_404(roles.managed_organisations(request.user), pk=pk)
        user = get_object_or_404(roles.editors(organisation), pk=user_pk)
        invitations.remove(organisation, user)
        messages.success(
            request,
            gettext("%(name)s can no longer edit %(organisation)s.")
            % {
                "name": user.get_full_name() or user.email or user.username,
                "organisation": organisation.title,
            },
        )
        return redirect(self.organisation_url_name, pk=organisation.pk)


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return roles.can_manage_partners(request.user)


class PartnerEditorsViewSet(ViewSet):
    name = "partner_editors"
    url_prefix = "partners/editors"
    icon = "group"
    menu_label = _("Partner editors")
    menu_name = "partner-editors"
    menu_item_class = ManagersMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            index_url_name=self.get_url_name("index"),
            index_results_url_name=self.get_url_name("index_results"),
            organisation_url_name=self.get_url_name("organisation"),
            remove_url_name=self.get_url_name("remove"),
            **kwargs,
        )

    def get_urlpatterns(self):
        organisations = self.construct_view(OrganisationsView)
        return [
            path("", organisations, name="index"),
            path(
                "results/",
                self.construct_view(OrganisationsView, results_only=True),
                name="index_results",
            ),
            path("<int:pk>/", self.construct_view(OrganisationEditorsView), name="organisation"),
            path(
                "<int:pk>/remove/<int:user_pk>/",
                self.construct_view(RemoveEditorView),
                name="remove",
            ),
        ]
