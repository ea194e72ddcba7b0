"""schema.org JSON-LD for a support point: a GovernmentService offered at a Place, with
OpeningHoursSpecification for the weekly pattern and the coming exceptions."""

import json

from django.utils.safestring import mark_safe

from directory import hours

DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def opening_hours_specification(weekly, exceptions, today):
    specs = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAY_NAMES[row.weekday]}",
            "opens": hours.format_time(row.opens),
            "closes": hours.format_time(row.closes),
        }
        for row in sorted(weekly, key=lambda r: (r.weekday, r.opens))
    ]
    for day, ranges, _notes in hours.upcoming_exceptions(today, exceptions):
        for opens, closes in ranges or [(None, None)]:
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day.isoformat(),
                    "validThrough": day.isoformat(),
                    # Closed all day is written as opens = closes = 00:00.
                    "opens": hours.format_time(opens) if opens else "00:00",
                    "closes": hours.format_time(closes) if closes else "00:00",
                }
            )
    return specs


def support_point_json_ld(point, url, organisation, weekly, exceptions, today):
    place = {
        "@type": "Place",
        "name": point.title,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": point.street_address,
            "postalCode": point.postal_code,
            "addressLocality": point.locality,
            "addressRegion": "Jönköpings län",
            "addressCountry": "SE",
        },
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": point.latitude,
            "longitude": point.longitude,
        },
        "openingHoursSpecification": opening_hours_specification(weekly, exceptions, today),
    }
    if point.phone:
        place["telephone"] = point.phone
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": point.title,
        "description": point.description,
        "url": url,
        "availableChannel": {"@type": "ServiceChannel", "serviceLocation": place},
        "areaServed": point.municipality.name,
        "isAccessibleForFree": point.is_free,
    }
    if organisation is not None:
        data["provider"] = {"@type": "Organization", "name": organisation.title}
    text = json.dumps(data, ensure_ascii=False)
    # Safe inside <script>: no character of it can close the element or start markup.
    for character, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escape)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped
