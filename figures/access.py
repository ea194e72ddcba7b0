"""Who sees which statistics, decided on the server for every view and export.

- Administrators and the regional analysts (group "Regionala analytiker") see the whole
  county. Analysts see aggregates only: the group gives no access to referrals.
- A coordinator sees the figures of the networks they coordinate, and the supply of the
  municipalities those networks serve.
- Everyone else (partner editors, translators, moderators) sees none.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission

from networks.models import Network

ANALYSTS = "Regionala analytiker"


@dataclass(frozen=True)
class Scope:
    """The networks and municipalities whose figures a user may see (None: all)."""

    network_ids: frozenset | None = None
    municipality_ids: frozenset | None = None

    @property
    def whole_county(self):
        return self.network_ids is None


def is_analyst(user):
    return user.groups.filter(name=ANALYSTS).exists()


def scope_for(user):
    """The user's scope, or None when they may see no statistics."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_superuser or is_analyst(user):
        return Scope()
    networks = list(Network.objects.filter(coordinators=user).values_list("pk", flat=True))
    if not networks:
        return None
    served = Network.municipalities.through.objects.filter(network_id__in=networks)
    return Scope(
        network_ids=frozenset(networks),
        municipality_ids=frozenset(served.values_list("municipality_id", flat=True)),
    )


def ensure_analysts_group():
    """The analysts' group: the admin, and nothing that shows a referral."""
    group, _created = Group.objects.get_or_create(name=ANALYSTS)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return group
