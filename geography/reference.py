"""Reference data: the 13 municipalities of Jönköpings län with the centre point of each
main town. Used by a data migration and by test fixtures that rebuild flushed tables."""

MUNICIPALITIES = [
    ("0604", "Aneby", 57.8390, 14.8100),
    ("0617", "Gnosjö", 57.3570, 13.7370),
    ("0642", "Mullsjö", 57.9160, 13.8790),
    ("0643", "Habo", 57.9070, 14.0730),
    ("0662", "Gislaved", 57.3040, 13.5400),
    ("0665", "Vaggeryd", 57.4980, 14.1470),
    ("0680", "Jönköping", 57.7826, 14.1618),
    ("0682", "Nässjö", 57.6530, 14.6960),
    ("0683", "Värnamo", 57.1860, 14.0400),
    ("0684", "Sävsjö", 57.4030, 14.6640),
    ("0685", "Vetlanda", 57.4280, 15.0780),
    ("0686", "Eksjö", 57.6670, 14.9710),
    ("0687", "Tranås", 58.0370, 14.9780),
]


def create_municipalities(Municipality):
    """Create or update the municipalities with the given (possibly historical) model."""
    for code, name, lat, lon in MUNICIPALITIES:
        Municipality.objects.update_or_create(
            code=code, defaults={"name": name, "latitude": lat, "longitude": lon}
        )
