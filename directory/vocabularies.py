"""Reference vocabularies: languages (ISO 639), target groups and the first help topics.
Used by a data migration and by test fixtures that rebuild flushed tables."""

LANGUAGES = [
    ("sv", "Svenska", "Swedish"),
    ("en", "Engelska", "English"),
    ("ar", "Arabiska", "Arabic"),
    ("fa", "Persiska", "Persian"),
    ("prs", "Dari", "Dari"),
    ("so", "Somaliska", "Somali"),
    ("ti", "Tigrinja", "Tigrinya"),
    ("ku", "Kurdiska", "Kurdish"),
    ("uk", "Ukrainska", "Ukrainian"),
    ("ru", "Ryska", "Russian"),
    ("pl", "Polska", "Polish"),
    ("bs", "Bosniska", "Bosnian"),
    ("tr", "Turkiska", "Turkish"),
    ("es", "Spanska", "Spanish"),
    ("de", "Tyska", "German"),
    ("th", "Thailändska", "Thai"),
    ("fi", "Finska", "Finnish"),
    ("fit", "Meänkieli", "Meänkieli"),
    ("se", "Nordsamiska", "Northern Sami"),
    ("rom", "Romani", "Romani"),
    ("yi", "Jiddisch", "Yiddish"),
    ("swl", "Svenskt teckenspråk", "Swedish Sign Language"),
]

TARGET_GROUPS = [
    ("aldre", "Äldre", "Older people"),
    ("nyanlanda", "Nyanlända", "Newcomers"),
    ("funktionsnedsattning", "Personer med funktionsnedsättning", "People with disabilities"),
    ("arbetssokande", "Arbetssökande", "Jobseekers"),
    ("anhoriga", "Anhöriga och närstående", "Relatives and carers"),
]

TOPICS = [
    ("bankid", "BankID och e-legitimation", "BankID and e-ID"),
    ("swish-och-bank", "Swish och bankärenden", "Swish and banking"),
    ("1177-och-vard", "1177 och vård", "1177 and health care"),
    ("e-tjanster", "Myndigheters e-tjänster", "Authorities' e-services"),
    ("videosamtal", "Videosamtal", "Video calls"),
    ("lana-utrustning", "Låna dator eller surfplatta", "Borrow a computer or tablet"),
    ("forsta-stegen", "Första stegen med mobil och dator", "First steps with a phone or computer"),
    ("saker-pa-natet", "Säker på nätet och bedrägerier", "Safety online and scams"),
    ("jobb", "Jobb och ansökningar", "Jobs and applications"),
    ("skolplattformar", "Skolplattformar", "School platforms"),
]


def create_vocabularies(Language, TargetGroup, HelpTopic):
    """Create or update the vocabularies with the given (possibly historical) models."""
    for code, name, name_en in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for slug, name, name_en in TARGET_GROUPS:
        TargetGroup.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
    for order, (slug, name, name_en) in enumerate(TOPICS):
        HelpTopic.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "sort_order": order * 10}
        )
