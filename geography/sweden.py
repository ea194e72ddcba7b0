"""A coarse outline of Sweden (GeoJSON Polygon, lon/lat), for validating that a support
point's coordinates lie in Sweden. It follows the borders within roughly 10 km, is tight
at the Öresund, Åland and Bornholm, and leans towards Norway in the mountains: it rejects
Copenhagen, Helsingør, Oslo, Narvik, Mariehamn, Vaasa and swapped latitude/longitude, not
every point a few kilometres across a land border."""

from geography.geometry import Area

SWEDEN = {
    "type": "Polygon",
    "coordinates": [
        [
            [10.95, 58.85], [11.25, 59.10], [11.60, 59.50], [11.95, 59.90], [12.40, 60.80],
            [11.95, 62.00], [11.95, 62.60], [11.90, 63.30], [12.90, 64.00], [13.70, 64.60],
            [14.30, 65.80], [15.20, 66.40], [16.20, 67.30], [17.95, 68.40], [20.50, 69.10],
            [20.60, 69.10], [22.60, 68.45], [23.70, 67.30], [24.00, 66.80], [23.75, 66.40],
            [24.17, 65.78], [23.50, 65.30], [21.80, 64.30], [21.15, 63.75], [20.60, 63.40],
            [19.90, 62.50], [19.20, 60.40], [19.55, 59.75], [19.60, 58.50], [19.40, 57.40],
            [19.10, 56.85], [18.30, 56.80], [16.60, 56.10], [15.80, 55.85], [14.60, 55.55],
            [14.25, 55.33], [13.35, 55.28], [12.80, 55.33], [12.82, 55.62], [12.63, 55.90],
            [12.655, 56.04], [12.35, 56.30], [11.85, 57.20], [11.45, 57.65], [11.00, 58.20],
            [10.95, 58.85],
        ]
    ],
}  # fmt: skip


_SWEDEN = Area(SWEDEN)


def in_sweden(latitude, longitude):
    return _SWEDEN.contains(latitude, longitude)
