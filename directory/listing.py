"""A result list's entries as HTML. What a place's entry says apart from the time (name,
organisation, address, notices, topics, languages) is rendered once per content version
and language and kept in the shared cache (home.page_cache), with the place's hours; each
request only adds the distance and what the hours say now. A list of 20 places then costs
one cache read instead of six queries and twenty template renders. The JSON list and the
map's points read the same entries (`fields`).

The cached parts are dropped with every other cached page when content changes, and
expire after PAGE_CACHE_SECONDS (which bounds how late "may be out of date" can appear).
"""

from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory import hours
from directory.search import load_hits
from home import page_cache

HEAD = "directory/includes/hit_head.html"
TAIL = "directory/includes/hit_tail.html"


@dataclass(frozen=True)
class Entry:
    """One place in a result list: the parts that do not depend on the time (HTML), and
    what does (distance, hours now)."""

    head: str
    tail: str
    latitude: float
    longitude: float
    distance_km: float | None
    hours: hours.HoursSummary
    # What the API says of the place: id, name, organisation, url (path), municipality,
    # last_verified.
    fields: dict

    @property
    def html(self):
        """The list item: the cached parts around what is true now (written here, not
        with a template, as it is done for every place of every search)."""
        now = []
        if self.distance_km is not None:
            distance = _("%(distance)s km away") % {"distance": floatformat(self.distance_km, 1)}
            now.append(format_html('<p class="meta distance">{}</p>', distance))
        status = "status-open" if self.hours.is_open else "status-closed"
        now.append(format_html('<p class="{}">{}</p>', status, self.hours.text))
        if self.hours.today:
            today = _("Today: %(hours)s") % {"hours": self.hours.today_text}
        else:
            today = _("Closed today")
        now.append(format_html('<p class="meta">{}</p>', today))
        return format_html(
            '<li class="result">\n  {}\n  {}\n  {}\n</li>\n',
            self.head,
            mark_safe("\n  ".join(now)),  # noqa: S308 - each part escaped by format_html
            self.tail,
        )


def entries(pairs, now, request):
    """[(id, distance_km), …] → [Entry, …] in the same order (places gone are left out)."""
    keys = {pk: _key(pk, request) for pk, _distance in pairs}
    version, found = page_cache.lookup_many(keys.values())
    missing = [(pk, None) for pk, key in keys.items() if key not in found]
    if missing:
        rendered = {keys[hit.page.pk]: _render(hit, request) for hit in load_hits(missing, now)}
        page_cache.store_many(version, rendered)
        found.update(rendered)
    listed = []
    for pk, distance in pairs:
        parts = found.get(keys[pk])
        if parts is None:
            continue
        head, tail, latitude, longitude, weekly, exceptions, fields = parts
        summary = hours.summary(now, weekly, exceptions)
        listed.append(Entry(head, tail, latitude, longitude, distance, summary, fields))
    return listed


def _key(pk, request):
    return f"listing:{request.get_host()}:{translation.get_language()}:{pk}"


def _render(hit, request):
    point = hit.page
    url = point.get_url(request)
    context = {"hit": hit, "url": url, "request": request}
    return (
        get_template(HEAD).render(context),
        get_template(TAIL).render(context),
        point.latitude,
        point.longitude,
        hit.weekly,
        hit.exceptions,
        {
            "id": point.pk,
            "name": point.title,
            "organisation": hit.organisation.title if hit.organisation else "",
            "url": url,
            "municipality": point.municipality.code,
            "last_verified": point.last_verified,
        },
    )
