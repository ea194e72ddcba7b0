"""The shared rate limiter: counts per address and window, friendly 429s."""

import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from core.throttle import hit, rate_limited


def test_hit_counts_up_to_the_limit():
    assert all(hit("t", "1.2.3.4", 3, 60) for _ in range(3))
    assert not hit("t", "1.2.3.4", 3, 60)
    assert hit("t", "5.6.7.8", 3, 60)  # another address has its own count


@pytest.mark.django_db
def test_rate_limited_view_answers_429_with_retry_after(demo_site):
    view = rate_limited("demo", limit=2, window=60)(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    statuses = []
    for _ in range(3):
        request = factory.get("/be-om-hjalp/", REMOTE_ADDR="9.9.9.9")
        statuses.append(view(request).status_code)
    assert statuses == [200, 200, 429]
    api = view(factory.get("/api/v1/route/", REMOTE_ADDR="9.9.9.9"))
    assert api.status_code == 429
    assert api["Retry-After"] == "60"
    assert (
        json.loads(api.content)["error"]
        == "För många förfrågningar. Vänta en minut och försök igen."
    )
