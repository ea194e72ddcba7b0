"""Time routing decisions in process: 290 networks (one per Swedish municipality, the
official simplified boundaries from ../shared/data as service areas) and 10 support points
each, no database. Run: .venv/bin/python bench/route_in_process.py"""

import contextlib
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOUNDARIES = ROOT.parent / "shared" / "data" / "swedish_municipalities.geojson"


def build_index(rng):
    from geography.models import Municipality
    from networks.models import Network
    from networks.routing import RoutingIndex

    data = json.loads(BOUNDARIES.read_text())
    municipalities, networks, points, postal = [], [], [], {}
    for i, feature in enumerate(data["features"], start=1):
        props = feature["properties"]
        lat, lon = props["geo_point_2d"]
        municipality = Municipality(
            pk=i, code=props["id"], name=props["kom_namn"], latitude=lat, longitude=lon
        )
        municipalities.append(municipality)
        network = Network(
            pk=i,
            slug=f"n-{props['id']}",
            name=props["kom_namn"],
            service_area=feature["geometry"],
            accepts_referrals=rng.random() > 0.05,
        )
        networks.append((network, [municipality]))
        for _ in range(10):
            points.append((lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.15, 0.15), i))
        postal[f"{10000 + i:05d}"] = (props["id"], props["kom_namn"])
    started = time.perf_counter()
    index = RoutingIndex(networks, municipalities, points, postal_codes=postal)
    print(f"index build: {(time.perf_counter() - started) * 1000:.1f} ms")
    return index, municipalities


def timings(index, calls):
    from networks.routing import RoutingError, route

    times = []
    for kwargs in calls:
        started = time.perf_counter()
        with contextlib.suppress(RoutingError):
            route(index=index, **kwargs)
        times.append((time.perf_counter() - started) * 1e6)
    times.sort()
    return len(times), times[len(times) // 2], times[int(len(times) * 0.95)], times[-1]


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    rng = random.Random(1)
    index, municipalities = build_index(rng)
    cases = {
        "point near a centre": [
            {
                "lat": m.latitude + rng.uniform(-0.02, 0.02),
                "lon": m.longitude + rng.uniform(-0.02, 0.02),
            }
            for m in municipalities
            for _ in range(20)
        ],
        "point anywhere in Sweden": [
            {"lat": rng.uniform(55.0, 69.1), "lon": rng.uniform(10.9, 24.2)} for _ in range(5000)
        ],
        "point outside all areas": [
            {"lat": rng.uniform(50, 54), "lon": rng.uniform(5, 25)} for _ in range(2000)
        ],
        "municipality code": [
            {"municipality_code": m.code} for m in municipalities for _ in range(10)
        ],
    }
    print("| decision | n | p50 µs | p95 µs | max µs |\n| --- | --- | --- | --- | --- |")
    for label, calls in cases.items():
        n, p50, p95, worst = timings(index, calls)
        print(f"| {label} | {n} | {p50:.0f} | {p95:.0f} | {worst:.0f} |")


if __name__ == "__main__":
    main()
