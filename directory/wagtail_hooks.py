"""The directory in Wagtail: the directory page is served with its search."""

from wagtail import hooks

from directory import views
from directory.models import DirectoryPage


@hooks.register("on_serve_page")
def serve_directory_with_search(next_serve):
    """The directory page's own view (its search) in place of Wagtail's plain serve."""

    def serve(page, request, args, kwargs):
        if isinstance(page, DirectoryPage):
            return views.directory_page(request, page)
        return next_serve(page, request, args, kwargs)

    return serve
