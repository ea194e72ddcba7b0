"""Who may do what with referrals: Wagtail's permission policy for Referral, registered in
networks.wagtail_hooks and used by every view of the referral area and by the menu.

Not Django's model permissions: a referral belongs to the network it was routed to, and
only that network's coordinators (and superusers) may see it or act on it. Nobody deletes
a referral in the admin; retention and erasure remove its personal data instead.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies import BasePermissionPolicy

from networks.referrals import visible_referrals

# A coordinator sees referrals (view), registers one taken by phone (add) and acts on
# one: status, assignment, note, forwarding, erasure (change).
COORDINATOR_ACTIONS = frozenset({"view", "add", "change"})


class ReferralPermissionPolicy(BasePermissionPolicy):
    # The ids of the networks a user coordinates, looked up once per user object.
    permission_cache_name = "_coordinated_network_ids"

    def get_all_permissions_for_user(self, user):
        if not (user.is_authenticated and user.is_active):
            return frozenset()
        return frozenset(user.coordinated_networks.values_list("pk", flat=True))

    def _networks(self, user):
        return self.get_cached_permissions_for_user(user)

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser:
            return True
        return action in COORDINATOR_ACTIONS and bool(self._networks(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return user.is_superuser or instance.network_id in self._networks(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible_referrals(user)

    def users_with_any_permission(self, actions):
        return self._users(actions, Q(coordinated_networks__isnull=False))

    def users_with_any_permission_for_instance(self, actions, instance):
        return self._users(actions, Q(coordinated_networks=instance.network_id))

    def _users(self, actions, coordinators):
        users = get_user_model().objects.filter(is_active=True)
        if COORDINATOR_ACTIONS.isdisjoint(actions):
            return users.filter(is_superuser=True)
        return users.filter(Q(is_superuser=True) | coordinators).distinct()
