"""Search tuning: the matching ids in one call through the indexes, and a narrow heap.

1. For a common word ("pelayanan") the planner estimates that most rows match and picks a
   sequential scan, which detoasts every entry's search vector to test it: about 150 ms for
   36,000 entries. Through the GIN index the matches come without testing a single vector (the
   bitmap is exact), in about 20 ms. A function lets that one statement run with sequential scans
   disabled (SET enable_seqscan = off applies only while the function runs).
2. Names that look like the query (typos) cost a word_similarity per candidate name: 15 to 60 ms
   when the mistyped word is common in names ("pelayanaan"). When the full text already found
   plenty (100 entries), the look-alikes only come after all of those, so any 300 of them
   will do and the scan stops there; otherwise the 300 closest are found exactly.
3. "Similar innovations" are the entries with the most similar names: a nearest-neighbour walk
   of a GiST trigram index (ORDER BY name <-> ...) finds the 50 closest in a few milliseconds.
4. toast_tuple_target = 128: the long texts and the search vector of an entry are stored out of
   line, so a row in the table is about 400 bytes instead of 2.5 KB, and scans that only need the
   short columns read a sixth of the pages; the short columns are kept in the row (PLAIN).
   Applies to rows written from now on (every rebuild or refresh rewrites them).

Measured with bench/catalog.py."""

from django.db import migrations

# Short columns stay in the row, never compressed or moved out: with the low toast target they
# would otherwise be moved out of line too, and every sort or trigram test on a name would fetch
# it back from the TOAST table (a sort by name took a second instead of 20 ms).
PLAIN_COLUMNS = (
    "name",
    "opd_name",
    "stage",
    "form",
    "affair",
    "affair_name",
    "region_predicate",
    "region_predicate_label",
    "contact_name",
    "contact_email",
    "contact_phone",
    "origin_region_code",
    "video_url",
)

FORWARD = """
CREATE INDEX catalog_name_trgm_gist ON catalog_catalogentry USING gist (name gist_trgm_ops);
CREATE FUNCTION catalog_text_matches(query text, OUT full_text bigint[], OUT look_alike bigint[])
LANGUAGE sql STABLE
SET enable_seqscan = off
SET search_path FROM CURRENT
AS $$
    WITH matches AS (
        SELECT array_agg(id) AS ids FROM catalog_catalogentry
        WHERE search_vector @@ websearch_to_tsquery('indonesian', query)
    )
    SELECT
        matches.ids,
        CASE WHEN coalesce(cardinality(matches.ids), 0) >= 100 THEN (
            SELECT array_agg(id ORDER BY similarity DESC, id) FROM (
                SELECT id, word_similarity(query, name) AS similarity FROM (
                    SELECT id, name FROM catalog_catalogentry WHERE query <% name LIMIT 300
                ) AS sampled
            ) AS scored
        ) ELSE (
            SELECT array_agg(id ORDER BY similarity DESC, id) FROM (
                SELECT id, word_similarity(query, name) AS similarity FROM catalog_catalogentry
                WHERE query <% name ORDER BY 2 DESC LIMIT 300
            ) AS closest
        ) END
    FROM matches
$$;
ALTER TABLE catalog_catalogentry SET (toast_tuple_target = 128);
""" + "".join(
    f"ALTER TABLE catalog_catalogentry ALTER COLUMN {column} SET STORAGE PLAIN;\n"
    for column in PLAIN_COLUMNS
)

BACKWARD = """
DROP FUNCTION IF EXISTS catalog_text_matches(text);
DROP INDEX IF EXISTS catalog_name_trgm_gist;
ALTER TABLE catalog_catalogentry RESET (toast_tuple_target);
""" + "".join(
    f"ALTER TABLE catalog_catalogentry ALTER COLUMN {column} SET STORAGE EXTENDED;\n"
    for column in PLAIN_COLUMNS
)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_catalog_version")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
