"""The data migration keeps the English texts that were columns: each page with one
gets an English translation (its ancestors too), and the columns go."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("home", "0003_pages_for_accessibility_and_easy_read"),
    ("directory", "0014_vocabulary_managers"),
    ("networks", "0009_referral_terms_in_swedish"),
]
AFTER = [
    ("home", "0005_pages_in_every_language"),
    ("directory", "0015_pages_in_every_language"),
    ("networks", "0010_pages_in_every_language"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_english_columns_become_english_translations():
    from home.site_tree import ensure_foundation

    ensure_foundation()  # locales and the root page, which an earlier test may have flushed
    try:
        apps = migrate(BEFORE)
        page_model = apps.get_model("wagtailcore", "Page")
        standard = apps.get_model("home", "StandardPage")
        content_type = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="home", model="standardpage"
        )[0]
        swedish_locale = apps.get_model("wagtailcore", "Locale").objects.get(language_code="sv")
        root = page_model.objects.get(depth=1)
        common = {"live": True, "locale": swedish_locale, "content_type": content_type}
        # A parent without English text, then a page with it.
        welcome = standard.objects.create(
            title="Välkommen", draft_title="Välkommen", slug="valkommen", path=root.path + "00ZZ",
            depth=2, numchild=1, url_path="/valkommen/", **common,
        )  # fmt: skip
        about = standard.objects.create(
            title="Om tjänsten", draft_title="Om tjänsten", title_en="About the service",
            body="<p>Svensk text</p>", body_en="<p>English text</p>", slug="om-tjansten",
            path=welcome.path + "0001", depth=3, numchild=0,
            url_path="/valkommen/om-tjansten/", **common,
        )  # fmt: skip
        apps = migrate(AFTER)
        page_model = apps.get_model("wagtailcore", "Page")
        english = apps.get_model("home", "StandardPage").objects.get(
            translation_key=about.translation_key, locale__language_code="en"
        )
        assert (english.title, english.body) == ("About the service", "<p>English text</p>")
        assert english.live and english.slug == "om-tjansten"
        parent = page_model.objects.get(path=english.path[:-4])
        assert parent.translation_key == welcome.translation_key
        assert parent.locale.language_code == "en" and parent.title == "Välkommen"
        assert parent.slug == "valkommen-en"  # top-level slugs carry the language
        assert parent.numchild == 1 and english.url_path == parent.url_path + "om-tjansten/"
        swedish = apps.get_model("home", "StandardPage").objects.get(pk=about.pk)
        assert (swedish.title, swedish.body) == ("Om tjänsten", "<p>Svensk text</p>")
        assert not hasattr(swedish, "title_en")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
