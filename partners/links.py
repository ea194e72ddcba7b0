"""Signed links in reminder emails: they name one organisation, expire, and cannot be
altered to name another."""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

from directory.models import OrganisationPage

SALT = "partners.verification-link"


def max_age_days():
    return settings.VERIFICATION_LINK_MAX_AGE_DAYS


class InvalidLink(Exception):
    """The link is altered, expired, or its organisation is gone."""


def token_for(organisation):
    return signing.dumps({"organisation": organisation.pk}, salt=SALT)


def organisation_for(token):
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=max_age_days()))
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidLink(str(error)) from error
    organisation = OrganisationPage.originals.filter(pk=data.get("organisation")).first()
    if organisation is None:
        raise InvalidLink("no such organisation")
    return organisation


def confirm_url(organisation):
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base + reverse("partners:confirm", args=[token_for(organisation)])


def admin_url(name, *args):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(name, args=args)
