"""URLs of the directory outside the page tree (JSON API)."""

urlpatterns = []
