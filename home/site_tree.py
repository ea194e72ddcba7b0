"""The site's own page tree and the reference data it needs, on a new installation
(`manage.py setup_site`) and under the demo (demo.site).

Everything is looked for before it is made, so running it again adds only what is
missing. A page is found by its slug; one that exists (an editor may have changed its title
or text) is left as it is, and so are the navigation's choices, the default site's address
once an operator set it, and reference tables that already have rows.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Collection, Locale, Page, Site

from directory.models import AccessibilityFeature, DirectoryPage, HelpTopic, Language, TargetGroup
from directory.vocabularies import add_search_words, add_translated_names, create_vocabularies
from figures.access import ensure_analysts_group
from figures.models import FiguresPage
from geography import county_data
from geography.importers import import_postcodes
from geography.models import Municipality, PostalCode
from geography.reference import create_municipalities
from home.models import HomePage, NavigationSettings, StandardPage
from home.texts import (
    ABOUT_EN,
    ABOUT_SV,
    ACCESSIBILITY_EN,
    ACCESSIBILITY_SV,
    EASY_READ_SV,
    FIGURES_EN,
    FIGURES_SV,
    PRIVACY_EN,
    PRIVACY_SV,
)
from networks.models import ReferralPage
from partners.access import (
    ensure_coordinators_group,
    ensure_moderators_group,
    ensure_translators_group,
)

SITE_NAME = "Digital hjälp nära dig"
# The address Wagtail gives the default site it makes: nobody chose it.
WAGTAIL_DEFAULT_ADDRESS = ("localhost", 80)

HOME_EN = (
    "<p>Find free help with BankID, Swish, 1177, public e-services and your phone – near "
    "you in Jönköping County.</p>"
)
# The English translations of the pages under the home page.
ENGLISH = {
    "hitta-hjalp": {
        "title": "Find help",
        "intro": "Search libraries, study associations, local associations and the "
        "municipalities' citizen offices that help you for free.",
    },
    "be-om-hjalp": {
        "title": "Ask to be contacted",
        "body": "<p>Tell us what you need help with and a helper near you will get in touch.</p>",
    },
    "om-tjansten": {"title": "About the service", "body": ABOUT_EN},
    "integritet": {"title": "How we handle your data", "body": PRIVACY_EN},
    "tillganglighet": {"title": "Accessibility statement", "body": ACCESSIBILITY_EN},
    "siffror": {"title": "Digital help in figures", "body": FIGURES_EN},
}
# The navigation setting's fields and the slugs of the pages they start with.
NAVIGATION = {
    "directory_page": "hitta-hjalp",
    "referral_page": "be-om-hjalp",
    "about_page": "om-tjansten",
    "privacy_page": "integritet",
    "accessibility_page": "tillganglighet",
    "easy_read_page": "lattlast",
    "figures_page": "siffror",
}


@dataclass
class SetupReport:
    created: dict = field(default_factory=dict)  # what → how many, in the order made
    site_address: str = ""  # "host:port", when this run gave the default site its address

    def add(self, what, number):
        if number > 0:
            self.created[what] = self.created.get(what, 0) + number

    def summary(self):
        lines = []
        if self.created:
            made = ", ".join(f"{what}: {number}" for what, number in self.created.items())
            lines.append(f"Created {made}.")
        if self.site_address:
            lines.append(f"The default site's address is {self.site_address}.")
        return "\n".join(lines) or "Nothing to do: the site is set up already."


@transaction.atomic
def set_up():
    """The whole site without demo data (manage.py setup_site)."""
    report = SetupReport()
    ensure_foundation(report)
    ensure_page_tree(report)
    report.add("postal codes", load_postal_codes())
    report.add("groups", ensure_groups())
    return report


def ensure_foundation(report=None):
    """What migrations create (locales, Wagtail's root page and collection, the
    municipalities and the vocabularies), again where a flush has emptied the tables; and
    the vocabularies' translated names and search words where they have none."""
    report = report or SetupReport()
    locales = Locale.objects.count()
    # The codes as they are, as the migration that made them did: asking Wagtail for the
    # supported variant needs the compiled catalogues of Somali and Tigrinya.
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    report.add("locales", Locale.objects.count() - locales)
    if not Page.get_first_root_node():
        Page.add_root(title="Root", slug="root", locale=Locale.get_default())
        report.add("root page", 1)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
        report.add("root collection", 1)
    # Only into empty tables: names an editor changed in the admin are kept.
    if not Municipality.objects.exists():
        create_municipalities(Municipality)
        report.add("municipalities", Municipality.objects.count())
    vocabularies = (
        Language.all_locales,
        TargetGroup.all_locales,
        HelpTopic.all_locales,
        AccessibilityFeature.objects,
    )
    entries = sum(rows.count() for rows in vocabularies)
    if not all(rows.exists() for rows in vocabularies[:3]):
        create_vocabularies(Language, TargetGroup, HelpTopic)
    add_translated_names(Language, TargetGroup, HelpTopic)
    add_search_words(Language, TargetGroup, HelpTopic, AccessibilityFeature)
    report.add("vocabulary entries", sum(rows.count() for rows in vocabularies) - entries)


def ensure_page_tree(report=None, *, address=None, notes=None):
    """The home page (in place of Wagtail's "Welcome" page), the pages below it, their
    English translations, the default site and the navigation setting → the home page.

    `address` (hostname, port) is given to the default site when it is made or still has
    Wagtail's default address (None: that of BASE_URL). `notes` {slug: (Swedish HTML,
    English HTML)} are added at the end of the body of those pages when they are made.
    """
    report = report or SetupReport()
    notes = notes or {}
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=Locale.get_default()).first()
    if home is None:
        # Replace Wagtail's "Welcome" page, which holds the slug "home". Its sites (and
        # their settings) are kept: on the root meanwhile, then on the home page.
        for page in root.get_children().exclude(content_type__model="homepage"):
            if page.slug == "home":
                _move_sites(page, root)
                page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title="Digital hjälp nära dig",
                slug="home",
                body="<p>Här hittar du gratis hjälp med BankID, Swish, 1177, myndigheters "
                "e-tjänster och mobilen – nära dig i Jönköpings län.</p>",
            )
        )
        _move_sites(root, home)
        report.add("pages", 1)
    site = _default_site(home, address or base_url_address(), report)
    existing = set(home.get_children().values_list("slug", flat=True))
    for slug, page in _pages_below_home().items():
        if slug not in existing:
            page.slug = slug
            if slug in notes:
                page.body += notes[slug][0]
            home.add_child(instance=page)
            home.refresh_from_db()
            report.add("pages", 1)
    pages = {page.slug: page for page in home.get_children()}
    report.add("pages", _translate(home, "en", title="Digital help nearby", body=HOME_EN))
    for slug, fields in ENGLISH.items():
        if slug in notes:
            fields = {**fields, "body": fields["body"] + notes[slug][1]}
        report.add("pages", _translate(pages[slug].specific, "en", **fields))
    _navigation(site, pages)
    return home


def _move_sites(page, to):
    for site in Site.objects.filter(root_page=page):
        site.root_page = to
        site.save()


def _pages_below_home():
    return {
        "hitta-hjalp": DirectoryPage(
            title="Hitta hjälp",
            intro="Sök bland bibliotek, studieförbund, föreningar och kommunens "
            "medborgarkontor som hjälper dig gratis.",
        ),
        "be-om-hjalp": ReferralPage(
            title="Be om att bli kontaktad",
            body="<p>Berätta vad du behöver hjälp med, så hör en hjälpare nära dig av sig.</p>",
        ),
        "om-tjansten": StandardPage(title="Om tjänsten", body=ABOUT_SV),
        "integritet": StandardPage(title="Så hanterar vi dina uppgifter", body=PRIVACY_SV),
        "tillganglighet": StandardPage(title="Tillgänglighetsredogörelse", body=ACCESSIBILITY_SV),
        # Easy-to-read Swedish is Swedish for everyone: no translation.
        "lattlast": StandardPage(title="Lättläst", body=EASY_READ_SV),
        "siffror": FiguresPage(title="Digital hjälp i siffror", body=FIGURES_SV),
    }


def _translate(page, language, **fields):
    """The page's translation into the language, published, unless it has one → how many
    pages were made (0 or 1)."""
    locale = Locale.objects.get(language_code=language)
    if page.get_translation_or_none(locale) is not None:
        return 0
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return 1


def base_url_address():
    """(hostname, port) of the public address, settings.WAGTAILADMIN_BASE_URL (BASE_URL):
    Wagtail names it in page URLs, emails and front-cache purges."""
    url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    default_port = 443 if url.scheme == "https" else 80
    return url.hostname or WAGTAIL_DEFAULT_ADDRESS[0], url.port or default_port


def _default_site(home, address, report):
    """The default site, serving the home page. The address is set only on a new site or
    one with Wagtail's default address: an operator's own is kept."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(is_default_site=True, root_page=home)
    changed = site.pk is None
    current = (site.hostname, site.port)
    if current != tuple(address) and (changed or current == WAGTAIL_DEFAULT_ADDRESS):
        site.hostname, site.port = address
        report.site_address = f"{site.hostname}:{site.port}"
        changed = True
    if not site.site_name:
        site.site_name = SITE_NAME
        changed = True
    if changed:
        site.save()
    return site


def _navigation(site, pages):
    """The navigation's empty fields point to the pages made for them; an editor's choice
    is kept."""
    navigation, _created = NavigationSettings.objects.get_or_create(site=site)
    empty = [
        name
        for name, slug in NAVIGATION.items()
        if getattr(navigation, f"{name}_id") is None and slug in pages
    ]
    for name in empty:
        setattr(navigation, name, pages[NAVIGATION[name]])
    if empty:
        navigation.save()


def load_postal_codes():
    """The county's postal codes shipped in geography/data, through the ordinary importer,
    into an empty table only (what an operator imported is kept) → how many were loaded."""
    if PostalCode.objects.exists():
        return 0
    return import_postcodes(county_data.POSTCODES).postal_codes


def ensure_groups():
    """The groups the site relies on (also made after every migration) → how many were
    missing."""
    groups = Group.objects.count()
    ensure_coordinators_group()
    ensure_moderators_group()
    ensure_translators_group()
    ensure_analysts_group()
    return Group.objects.count() - groups
