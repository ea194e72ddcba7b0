"""Service areas of the networks, set from the boundaries of the municipalities they serve
(a GeoJSON file read and validated by geography.importers), in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction

from geography.geometry import merge_geometries
from geography.importers import read_boundaries
from networks.models import Network


@dataclass
class ServiceAreaReport:
    features: int = 0
    matched_networks: list = field(default_factory=list)  # network names, updated
    used_features: int = 0
    skipped_features: int = 0  # features of municipalities no network serves
    unmatched_networks: list = field(default_factory=list)  # network names, unchanged
    kept_networks: list = field(default_factory=list)  # names, areas kept (keep_existing)

    def summary(self):
        text = (
            f"Read {self.features} features: set the service area of "
            f"{len(self.matched_networks)} network(s) from {self.used_features} feature(s), "
            f"skipped {self.skipped_features} feature(s) that no network serves"
        )
        if self.unmatched_networks:
            text += (
                f"; left {len(self.unmatched_networks)} network(s) unchanged because the file "
                f"has none of their municipalities ({', '.join(self.unmatched_networks)})"
            )
        if self.kept_networks:
            text += f"; kept the area {len(self.kept_networks)} network(s) already had"
        return text + "."


def import_service_areas(path, code_property="id", keep_existing=False):
    """Set each network's service area from the boundaries of its municipalities. With
    keep_existing, only networks without an area get one (the demo set-up: an area an
    operator imported or drew is never overwritten)."""
    boundaries = read_boundaries(path, code_property)
    report = ServiceAreaReport(features=sum(len(g) for g in boundaries.values()))
    used_codes, served_codes = set(), set()
    updates = []
    for network in Network.objects.prefetch_related("municipalities").order_by("slug"):
        codes = sorted(m.code for m in network.municipalities.all() if m.code in boundaries)
        served_codes.update(codes)
        if keep_existing and network.service_area:
            report.kept_networks.append(network.name)
            continue
        if not codes:
            report.unmatched_networks.append(network.name)
            continue
        network.service_area = merge_geometries(g for code in codes for g in boundaries[code])
        updates.append(network)
        report.matched_networks.append(network.name)
        used_codes.update(codes)
    report.used_features = sum(len(boundaries[code]) for code in used_codes)
    report.skipped_features = report.features - sum(len(boundaries[c]) for c in served_codes)
    with transaction.atomic():
        for network in updates:
            # save() (not update()) so that the routing cache hears about the change.
            network.save(update_fields=["service_area"])
    return report
