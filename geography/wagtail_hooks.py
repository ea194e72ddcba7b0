"""Municipalities in the Wagtail admin, for administrators: listed, searched, edited as a
snippet in the "Directory vocabularies" menu group (made by the directory app, which
collects its items through REFERENCE_DATA_MENU_HOOK).

Also the rule every reference term in the admin follows (the directory's help topics,
languages and target groups too): a term still in use is not deleted. Its delete page
says where it is used instead of offering the button, and the listing's bulk delete skips
it, whether the rows that use it protect it (a foreign key) or would silently lose it
(a many-to-many)."""

from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views

from geography.models import Municipality

# Registerables whose menu hook is this one appear in the "Directory vocabularies" group.
REFERENCE_DATA_MENU_HOOK = "register_reference_data_menu_item"


def uses_of(term):
    """[(count, model verbose name)] for each kind of row that refers to the term."""
    uses = []
    for relation in term._meta.related_objects:
        model = relation.related_model
        count = model._base_manager.filter(**{relation.field.name: term}).count()
        if count:
            name = model._meta.verbose_name if count == 1 else model._meta.verbose_name_plural
            uses.append((count, name))
    return uses


class TermPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions (only administrators have them unless a group is given
    them), and no one deletes a term while anything uses it."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "delete" and uses_of(instance):
            return False
        return super().user_has_permission_for_instance(user, action, instance)


class TermDeleteView(snippet_views.DeleteView):
    """Deletes an unused term; for a term in use, says where instead (and refuses a
    posted delete the same way)."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.uses = uses_of(self.object)

    def get_template_names(self):
        if self.uses:
            return ["geography/admin/term_in_use.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["uses"] = self.uses
        return context

    def form_valid(self, form):
        if self.uses:
            return self.render_to_response(self.get_context_data(), status=409)
        return super().form_valid(form)


class TermDeleteBulkAction(DeleteBulkAction):
    """The listing's "delete selected": terms in use are left out, each with where it is
    used. Subclasses name their models; register them after Wagtail's own snippet action
    (a higher hook order), which they replace for those models."""

    template_name = "geography/admin/confirm_bulk_delete_terms.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        in_use, refused = [], []
        for term in context.get("items_with_no_access", []):
            uses = uses_of(term)
            (in_use if uses else refused).append((term, uses))
        context["terms_in_use"] = in_use
        context["items_with_no_access"] = [term for term, _uses in refused]
        return context


class TermViewSet(snippet_views.SnippetViewSet):
    """A reference term as a snippet: searched in the database (no search index), never
    deleted while in use."""

    search_backend_name = None
    delete_view_class = TermDeleteView


class MunicipalityViewSet(TermViewSet):
    model = Municipality
    icon = "site"
    menu_name = "municipalities"
    menu_hook = REFERENCE_DATA_MENU_HOOK
    menu_order = 100  # after the directory's own vocabularies
    list_display = ["name", "code", "latitude", "longitude"]
    search_fields = ["name", "code"]
    ordering = ["name"]


class MunicipalityDeleteBulkAction(TermDeleteBulkAction):
    models = [Municipality]


register_permission_policy(Municipality, TermPermissionPolicy(Municipality))
register_snippet(MunicipalityViewSet)
hooks.register("register_bulk_action", MunicipalityDeleteBulkAction, order=1)
