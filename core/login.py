"""The Wagtail admin log-in form with throttling after repeated failures."""

import logging

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm

from core import throttle
from core.client import client_ip

security_log = logging.getLogger("security")


class ThrottledLoginForm(LoginForm):
    """Refuses to check passwords for a user name or address that failed too often."""

    error_messages = {
        **LoginForm.error_messages,
        "throttled": _(
            "Too many failed log-in attempts. Wait %(minutes)s minutes and try again, or "
            "ask your coordinator to reset your password."
        ),
    }

    def clean(self):
        window = settings.LOGIN_FAILURE_WINDOW
        username = (self.data.get("username") or "").strip().lower()
        ip = client_ip(self.request) if self.request else ""
        identities = [("login-user", username), ("login-ip", ip)]
        limits = {
            "login-user": settings.LOGIN_FAILURE_LIMIT,
            "login-ip": settings.LOGIN_FAILURE_LIMIT * 4,
        }
        if any(throttle.count(scope, who, window) >= limits[scope] for scope, who in identities):
            security_log.warning("login throttled scope=user/ip")
            raise forms.ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": window // 60},
            )
        try:
            return super().clean()
        except forms.ValidationError:
            for scope, who in identities:
                throttle.hit(scope, who, limits[scope], window)
            security_log.warning("login failed")
            raise
