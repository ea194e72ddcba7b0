"""The directory's own full-text index (directory.search): one SearchEntry row per live
support point, indexed the way each database can.

PostgreSQL: a generated tsvector column, the title weighted above the rest (Swedish
configuration), and a GIN index on it. Django's model does not know the column: the
database computes it, and only directory.search.postgresql reads it.

SQLite: an FTS5 table over the entries' text (external content, so the text is stored
once), kept in step by triggers on the entries table.
"""

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    """
    ALTER TABLE directory_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish', title), 'A')
        || setweight(to_tsvector('swedish', body), 'B')
    ) STORED
    """,
    "CREATE INDEX directory_searchentry_document ON directory_searchentry USING gin (document)",
]

SQLITE = [
    """
    CREATE VIRTUAL TABLE directory_searchentry_fts USING fts5(
        title, body, content='directory_searchentry', content_rowid='page_id'
    )
    """,
    """
    CREATE TRIGGER directory_searchentry_inserted AFTER INSERT ON directory_searchentry
    BEGIN
        INSERT INTO directory_searchentry_fts (rowid, title, body)
        VALUES (new.page_id, new.title, new.body);
    END
    """,
    """
    CREATE TRIGGER directory_searchentry_deleted AFTER DELETE ON directory_searchentry
    BEGIN
        INSERT INTO directory_searchentry_fts (directory_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.page_id, old.title, old.body);
    END
    """,
    """
    CREATE TRIGGER directory_searchentry_updated AFTER UPDATE ON directory_searchentry
    BEGIN
        INSERT INTO directory_searchentry_fts (directory_searchentry_fts, rowid, title, body)
        VALUES ('delete', old.page_id, old.title, old.body);
        INSERT INTO directory_searchentry_fts (rowid, title, body)
        VALUES (new.page_id, new.title, new.body);
    END
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER directory_searchentry_updated",
    "DROP TRIGGER directory_searchentry_deleted",
    "DROP TRIGGER directory_searchentry_inserted",
    "DROP TABLE directory_searchentry_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        chosen = statements.get(schema_editor.connection.vendor, [])
        for statement in chosen:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_municipality_in_geography"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="directory.supportpointpage",
                    ),
                ),
                ("title", models.TextField()),
                ("body", models.TextField()),
            ],
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"sqlite": SQLITE_REVERSE}),
        ),
    ]
