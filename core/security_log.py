"""Security events for the "security" logger, without personal data.

A line names the event, the user's id (never a name or address) and a short keyed hash of
the client address, so that events from one client can be linked without storing the
address itself. Free text a person typed is never logged.
"""

import hashlib
import hmac
import logging

from django.conf import settings

from core.client import client_ip

logger = logging.getLogger("security")


def client_hash(request):
    address = client_ip(request) if request is not None else ""
    if not address:
        return "-"
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()[:12]


def event(name, request=None, *, level=logging.WARNING, **fields):
    """Log one security event: `event("dsar_export", request, referral=12)`."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else "-"
    parts = [f"event={name}", f"user={user_id}", f"client={client_hash(request)}"]
    parts += [f"{key}={value}" for key, value in fields.items()]
    logger.log(level, " ".join(parts))
