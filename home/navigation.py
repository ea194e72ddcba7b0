"""The pages every public page links to (main navigation, footer, "ask to be contacted"),
found by type under the site root and kept in the cache until content changes."""

from wagtail.models import Page, Site

from home import page_cache


def site_pages(request):
    """{"home", "directory", "referral", "about", "privacy"} → Page or None."""
    site = Site.find_for_request(request)
    if site is None:
        return {}
    return page_cache.remember(f"site-nav:{site.pk}", lambda: _find(site))


def _find(site):
    from directory.models import DirectoryPage
    from networks.models import ReferralPage

    root = site.root_page
    live = Page.objects.live().descendant_of(root)
    return {
        "home": root.specific,
        "directory": live.type(DirectoryPage).first(),
        "referral": live.type(ReferralPage).first(),
        "about": live.filter(slug="om-tjansten").first(),
        "privacy": live.filter(slug="integritet").first(),
    }
