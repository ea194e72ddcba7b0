"""CSV export of referrals, safe to open in a spreadsheet.

A cell that starts with = + - @ or a tab or carriage return could run as a formula in
Excel or LibreOffice (CSV injection); such cells get a leading single quote.
"""

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def columns():
    return [
        (_("Reference"), lambda r: r.reference),
        (_("Created"), lambda r: timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M")),
        (_("Status"), lambda r: r.get_status_display()),
        (_("Source"), lambda r: r.get_source_display()),
        (_("Network"), lambda r: r.network.name),
        (_("Municipality"), lambda r: r.municipality.name if r.municipality else ""),
        (_("Postal code"), lambda r: r.postal_code),
        (_("For whom"), lambda r: r.get_for_whom_display()),
        (_("Help with"), lambda r: "; ".join(t.label for t in r.topics.all())),
        (_("Message"), lambda r: r.message),
        (_("Language"), lambda r: r.language.label),
        (_("Interpreter"), lambda r: _("yes") if r.needs_interpreter else _("no")),
        (_("Accessibility"), lambda r: "; ".join(r.accessibility_labels())),
        (_("Contact by"), lambda r: r.get_contact_method_display()),
        (_("Times of day"), lambda r: "; ".join(r.contact_time_labels())),
        (_("Name"), lambda r: r.name),
        (_("Phone"), lambda r: r.phone),
        (_("Email"), lambda r: r.email),
        (_("Age"), lambda r: r.get_age_band_display()),
        (_("Gender"), lambda r: r.get_gender_display()),
        (_("Assigned to"), lambda r: r.assigned_to.title if r.assigned_to else ""),
    ]


def write_rows(stream, referrals):
    spec = columns()
    writer = csv.writer(stream)
    writer.writerow([safe_cell(title) for title, _getter in spec])
    for referral in referrals:
        writer.writerow([safe_cell(getter(referral)) for _title, getter in spec])


def csv_response(referrals, filename):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # BOM: Excel then reads UTF-8 (å, ä, ö) correctly
    write_rows(response, referrals)
    return response
