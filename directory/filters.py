"""The directory's filters: one django-filter FilterSet used by the directory page, the
JSON list and the GeoJSON endpoint. Full-text search (`q`) and "near me" (postal code,
lat/lon) are validated here but applied by directory.search, after the filters."""

import datetime

import django_filters
from django import forms
from django.db import connection
from django.db.models import BooleanField, Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import cache
from core.shared_choices import SharedLookupMixin
from core.widgets import Select
from directory import hours
from directory.cards import LENDING_KINDS
from directory.choices import ACCESSIBILITY_FEATURES, HELP_MODES, LENDING
from directory.models import (
    HelpTopic,
    Language,
    OpeningException,
    OpeningHours,
    SupportPointPage,
    TargetGroup,
)
from geography import location, postal_codes
from geography.models import Municipality

MAX_QUERY_LENGTH = 200
# Filters that only give a location; they never narrow the results.
LOCATION_FIELDS = ("postal_code", "lat", "lon")


def _covers(time):
    """A range that starts on the day and covers wall time `time` (to midnight when the
    range runs past it)."""
    return Q(opens__lte=time) & (Q(closes__gt=time) | Q(closes__lte=F("opens")))


# Open places up to this many are looked up by index; more are checked while walking.
FEW_OPEN = 1000


def open_ids_at(now):
    """The ids of support points open at the naive local wall time `now` (a queryset): the
    same rules as directory.hours.status_at, in SQL (exceptions replace a day; yesterday's
    ranges past midnight spill over). The open places are collected from the hours tables'
    indexes (few at night), never by testing every support point."""
    today, time = now.date(), now.time()
    yesterday = today - datetime.timedelta(days=1)
    spill = Q(closes__lte=F("opens"), closes__gt=time)
    weekly = OpeningHours.objects.order_by().values("page_id")
    dated = OpeningException.objects.filter(closed=False).order_by().values("page_id")
    excepted_today = OpeningException.objects.filter(date=today).values("page_id")
    excepted_yesterday = OpeningException.objects.filter(date=yesterday).values("page_id")
    return (
        weekly.filter(_covers(time), weekday=today.weekday())
        .exclude(page_id__in=excepted_today)
        .union(
            dated.filter(_covers(time), date=today),
            weekly.filter(spill, weekday=yesterday.weekday()).exclude(
                page_id__in=excepted_yesterday
            ),
            dated.filter(spill, date=yesterday),
        )
    )


def open_at(queryset, moment):
    """`queryset` (support points joined to Wagtail's page table, as live() is) narrowed
    to those open at `moment`.

    On PostgreSQL the open places' ids are collected once a minute (opening hours are
    whole minutes), kept in the shared cache until content changes and given to the query
    as an array, in one of two forms:
    - a few (at night): an indexed condition, so PostgreSQL starts from the open places;
    - many (a Saturday morning): a check that no index can answer, which PostgreSQL makes
      on each place while it walks places by name or nearest first and stops after a
      page. As a subquery it would join every open place and sort them all; as an indexed
      array it would walk the primary key through all of them when another filter is more
      selective.
    """
    now = hours.local_wall_time(moment).replace(second=0, microsecond=0)
    if connection.vendor != "postgresql":
        return queryset.filter(pk__in=open_ids_at(now))
    count, ids = cache.remember(
        cache.PLACES, f"directory-open-ids:{now.isoformat()}", lambda: _array(now)
    )
    column = '"wagtailcore_page"."id"' + (" + 0" if count > FEW_OPEN else "")
    return queryset.filter(_condition(f"{column} = ANY(%s::int[])", ids))


def _condition(sql, param):
    """A hand-written WHERE condition (constants of this module and one parameter)."""
    return RawSQL(sql, [param], output_field=BooleanField())  # noqa: S611


def _array(now):
    """(how many, the open places' ids as a PostgreSQL array literal): a text parameter is
    sent as it is, much faster than psycopg writing out a list of many numbers."""
    ids = sorted(open_ids_at(now).values_list("page_id", flat=True))
    return len(ids), "{" + ",".join(map(str, ids)) + "}"


def open_on(day):
    """Q for support points with an opening that starts on `day`."""
    weekly = OpeningHours.objects.filter(page=OuterRef("pk"), weekday=day.weekday())
    any_dated = OpeningException.objects.filter(page=OuterRef("pk"), date=day)
    return (~Exists(any_dated) & Exists(weekly)) | Exists(
        any_dated.filter(closed=False, opens__isnull=False, closes__isnull=False)
    )


class Checkbox(django_filters.Filter):
    """A tick box: ticked applies the filter, unticked or absent does nothing."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value) if value else qs


class SharedChoiceField(SharedLookupMixin, django_filters.fields.ModelChoiceField):
    """A vocabulary term or municipality, looked up in the shared cache."""

    def label_from_instance(self, obj):
        """A vocabulary entry by its label: its name in the visitor's language, or the
        Swedish one marked as Swedish."""
        return getattr(obj, "label", None) or str(obj)


class SharedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SharedChoiceField


class Coordinate(django_filters.Filter):
    field_class = forms.FloatField


class DirectoryFilterForm(forms.Form):
    def clean_q(self):
        return " ".join(self.cleaned_data.get("q", "").split())

    def clean_postal_code(self):
        code = self.cleaned_data.get("postal_code", "")
        if not code.strip():
            return ""
        code = postal_codes.normalise(code)
        if location.from_postal_code(code) is None:
            raise forms.ValidationError(
                _("We do not know this postal code. Choose a municipality instead.")
            )
        return code

    def clean(self):
        data = super().clean()
        has_lat, has_lon = data.get("lat") is not None, data.get("lon") is not None
        if has_lat != has_lon and "lat" not in self.errors and "lon" not in self.errors:
            self.add_error(
                "lon" if has_lat else "lat", _("Give both latitude and longitude, or neither.")
            )
        return data


def _accessibility_filter(queryset, name, features):
    return queryset.filter(**{feature: True for feature in features})


# "Lends": the kinds of device a place lends, by the names the URL and the API use
# (directory.cards.LENDING_KINDS: "tablets" for the field lends_tablets).
LENDING_CHOICES = [(field.removeprefix("lends_"), label) for field, label in LENDING]


def _lending_filter(queryset, name, kinds):
    """Places that lend at least one of every kind ticked."""
    fields = dict(LENDING_KINDS)
    return queryset.filter(**{f"{fields[kind]}__gt": 0 for kind in kinds})


def _field_is_true(queryset, name, field):
    return queryset.filter(**{field: True})


def _no_filter(queryset, name, value):
    return queryset


def _with_term(relation):
    """A filterset method for a vocabulary: places having the term, by EXISTS on the
    many-to-many table rather than a join. When the filterset walks `per_place`
    (PostgreSQL), the EXISTS is fenced (OFFSET 0) so that it stays a check on each place,
    which PostgreSQL runs before a costlier one (a common word's text match) instead of
    joining it after."""
    field = SupportPointPage._meta.get_field(relation)
    through = field.remote_field.through
    fenced = (
        f'EXISTS (SELECT 1 FROM "{through._meta.db_table}" t '  # noqa: S608 - names only
        f'WHERE t."{field.m2m_column_name()}" = "{SupportPointPage._meta.db_table}".'
        f'"{SupportPointPage._meta.pk.column}" AND t."{field.m2m_reverse_name()}" = %s '
        "OFFSET 0)"
    )

    def method(filterset, queryset, name, value):
        if filterset.per_place:
            return queryset.filter(_condition(fenced, value.pk))
        rows = through.objects.filter(
            **{field.m2m_column_name(): OuterRef("pk"), field.m2m_reverse_name(): value.pk}
        )
        return queryset.filter(Exists(rows))

    return method


class SupportPointFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method=_no_filter, max_length=MAX_QUERY_LENGTH, widget=forms.TextInput
    )
    municipality = SharedChoiceFilter(
        label=_("Municipality"),
        widget=Select,
        queryset=Municipality.objects.all(),
        to_field_name="code",
        empty_label=_("All municipalities"),
    )
    topic = SharedChoiceFilter(
        label=_("Help with"),
        widget=Select,
        method="filter_topic",
        queryset=HelpTopic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any topic"),
    )
    language = SharedChoiceFilter(
        label=_("Language"),
        widget=Select,
        method="filter_language",
        queryset=Language.objects.all(),
        to_field_name="code",
        empty_label=_("Any language"),
    )
    target_group = SharedChoiceFilter(
        label=_("Especially for"),
        widget=Select,
        method="filter_target_group",
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        empty_label=_("Everyone"),
    )
    accessibility = django_filters.MultipleChoiceFilter(
        label=_("Accessibility"),
        choices=ACCESSIBILITY_FEATURES,
        method=_accessibility_filter,
        widget=forms.CheckboxSelectMultiple,
    )
    lends = django_filters.MultipleChoiceFilter(
        label=_("Lends"),
        choices=LENDING_CHOICES,
        method=_lending_filter,
        widget=forms.CheckboxSelectMultiple,
    )
    mode = django_filters.ChoiceFilter(
        label=_("Way of help"),
        widget=Select,
        choices=HELP_MODES,
        method=_field_is_true,
        empty_label=_("Any way"),
    )
    drop_in = Checkbox(label=_("Drop-in, no booking needed"), field_name="drop_in")
    free = Checkbox(label=_("Free of charge"), field_name="is_free")
    open_now = Checkbox(label=_("Open now"), method="filter_open_now")
    open_on = django_filters.DateFilter(
        label=_("Open on a day"),
        method="filter_open_on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    postal_code = django_filters.CharFilter(
        label=_("Postal code"), method=_no_filter, max_length=6, widget=forms.TextInput
    )
    lat = Coordinate(label=_("Latitude"), method=_no_filter, min_value=-90, max_value=90)
    lon = Coordinate(label=_("Longitude"), method=_no_filter, min_value=-180, max_value=180)

    class Meta:
        model = SupportPointPage
        fields = []
        form = DirectoryFilterForm

    def __init__(self, data=None, queryset=None, *, now=None, **kwargs):
        if queryset is None:
            queryset = SupportPointPage.originals.live()
        super().__init__(data, queryset, **kwargs)
        self.now = now or timezone.now()

    # Vocabulary checks joined (False) or fenced per place (see _with_term).
    per_place = False
    filter_topic = _with_term("topics")
    filter_language = _with_term("languages")
    filter_target_group = _with_term("target_groups")

    def per_place_queryset(self):
        """The filtered places with every vocabulary checked per place (PostgreSQL only):
        for walking places nearest first while also checking a common word per place.
        Counting should use `qs`, where PostgreSQL may join instead."""
        self.per_place = True
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self.per_place = False

    def filter_open_now(self, queryset, name, value):
        return open_at(queryset, self.now) if value else queryset

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(open_on(value))

    @property
    def cleaned_data(self):
        self.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def active_filters(self):
        """Names of the parameters that narrow the results (q included), in form order."""
        data = self.cleaned_data
        return [
            name
            for name in self.filters
            if name not in LOCATION_FIELDS and data.get(name) not in (None, "", [], False)
        ]
