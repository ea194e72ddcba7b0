"""URLs of networks and referrals outside the page tree (routing API)."""

urlpatterns = []
