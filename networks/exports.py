"""Referrals as a spreadsheet (CSV or XLSX), through the export of Wagtail's listing
(SpreadsheetExportMixin), safe to open in Excel or LibreOffice.

A cell that starts with = + - @ or a tab or carriage return could run as a formula
(CSV injection): such cells get a leading single quote, in both formats. Wagtail's XLSX
already stores formulas as text, its CSV does not. The CSV starts with a byte-order mark
so that Excel reads UTF-8 (å, ä, ö) correctly.
"""

import itertools

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _created(referral):
    return timezone.localtime(referral.created_at).strftime("%Y-%m-%d %H:%M")


def _yes_no(value):
    return gettext("yes") if value else gettext("no")


# (name, heading, value) for each column, in order.
COLUMNS = (
    ("reference", _("Reference"), lambda r: r.reference),
    ("created", _("Created"), _created),
    ("status", _("Status"), lambda r: r.get_status_display()),
    ("source", _("Source"), lambda r: r.get_source_display()),
    ("network", _("Network"), lambda r: r.network.name),
    ("municipality", _("Municipality"), lambda r: r.municipality.name if r.municipality else ""),
    ("postal_code", _("Postal code"), lambda r: r.postal_code),
    ("for_whom", _("For whom"), lambda r: r.get_for_whom_display()),
    ("topics", _("Help with"), lambda r: "; ".join(t.label for t in r.topics.all())),
    ("message", _("Message"), lambda r: r.message),
    ("language", _("Language"), lambda r: r.language.label),
    ("interpreter", _("Interpreter"), lambda r: _yes_no(r.needs_interpreter)),
    ("made_in", _("Asked in (site language)"), lambda r: r.get_made_in_language_display()),
    ("accessibility", _("Accessibility"), lambda r: "; ".join(r.accessibility_labels())),
    ("contact_method", _("Contact by"), lambda r: r.get_contact_method_display()),
    ("contact_times", _("Times of day"), lambda r: "; ".join(r.contact_time_labels())),
    ("name", _("Name"), lambda r: r.name),
    ("phone", _("Phone"), lambda r: r.phone),
    ("email", _("Email"), lambda r: r.email),
    ("age_band", _("Age"), lambda r: r.get_age_band_display()),
    ("gender", _("Gender"), lambda r: r.get_gender_display()),
    ("assigned_to", _("Assigned to"), lambda r: r.assigned_to.title if r.assigned_to else ""),
)
FIELDS = [name for name, _heading, _value in COLUMNS]
HEADINGS = {name: heading for name, heading, _value in COLUMNS}
VALUES = {name: value for name, _heading, value in COLUMNS}


class ReferralExportMixin:
    """For a listing view with Wagtail's SpreadsheetExportMixin whose list_export names
    COLUMNS: every cell formula-safe, and a CSV that Excel reads as UTF-8."""

    def to_row_dict(self, item):
        return {name: VALUES[name](item) for name in self.list_export}

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(value)

    def write_csv_response(self, queryset):
        rows = itertools.chain(["\ufeff"], self.stream_csv(queryset))
        response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response
