# The (run, partner) index moves from the partitioned match table to each partition: a full
# run builds its partition's index in one sorted pass after the swap instead of maintaining
# it row by row while millions of rows are COPYed (docs/matching.md, "Shards", 3 and 7).

from django.db import migrations


def _each_partition(statement: str) -> str:
    """A DO block running `statement` (with %I for the index, then the table) per partition."""
    return f"""
DO $$
DECLARE t text;
BEGIN
    FOR t IN SELECT inhrelid::regclass::text FROM pg_inherits
             WHERE inhparent = 'matchruns_match'::regclass LOOP
        EXECUTE format('{statement}', t || '_partner', t);
    END LOOP;
END $$;
"""


PER_PARTITION = _each_partition("CREATE INDEX IF NOT EXISTS %I ON %I (run_id, partner_id)")
# format() ignores the table argument here.
PER_PARTITION_DROP = _each_partition("DROP INDEX IF EXISTS %I")


class Migration(migrations.Migration):
    dependencies = [
        ("matchruns", "0004_reasons_as_text"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="match",
            name="matchruns_match_partner",
        ),
        migrations.RunSQL(PER_PARTITION, PER_PARTITION_DROP),
    ]
