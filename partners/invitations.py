"""Coordinators invite partner editors by email and remove them.

The invitee gets a one-time link to set their own password (Wagtail's password-reset
confirmation, with Django's token: it expires after PASSWORD_RESET_TIMEOUT and stops
working once a password is set). No password ever travels in an email.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.users.models import UserProfile

from partners import access, links


class InvitationRefused(Exception):
    """The address belongs to a deactivated account."""


def set_password_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return links.admin_url("wagtailadmin_password_reset_confirm", uid, token)


def _free_username(email):
    User = get_user_model()
    base = email[:140]
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def invite(organisation, email, first_name="", last_name="", invited_by=None):
    """Make `email` an editor of the organisation and email them → (user, created)."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = User(
            username=_free_username(email),
            email=email,
            first_name=first_name,
            last_name=last_name,
        )
        user.set_unusable_password()
        user.save()
    elif not user.is_active:
        raise InvitationRefused(email)
    user.groups.add(access.sync_organisation(organisation))
    transaction.on_commit(lambda: _send_invitation(user, organisation, invited_by))
    return user, created


def _send_invitation(user, organisation, invited_by):
    language = UserProfile.get_for_user(user).preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "user": user,
            "organisation": organisation,
            "invited_by": invited_by,
            "set_password_url": None if user.has_usable_password() else set_password_url(user),
            "login_url": links.admin_url("wagtailadmin_login"),
        }
        subject = render_to_string("partners/emails/invitation_subject.txt", context)
        body = render_to_string("partners/emails/invitation.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


def remove(organisation, user):
    """The user no longer edits the organisation's pages (their account stays)."""
    user.groups.remove(access.sync_organisation(organisation))
