-- Copy of the schema planned by issue 8 (consolidated incidents), used to test
-- that the web view reads that layout. Replace with the real migration once merged.
-- kohyo corpus schema, version 3: publishers, page kinds and consolidated
-- incidents. "incidents" now means incidents (one row per real event);
-- the earlier one-row-per-document view is incident_documents_view.

-- The name incidents now belongs to the table below.
DROP VIEW incidents;

-- Who publishes a page and what kind of page it is (filled by the crawl).
ALTER TABLE documents ADD COLUMN publisher TEXT;        -- the organisation that publishes the page, or NULL
ALTER TABLE documents ADD COLUMN publisher_source TEXT; -- og_site_name, jsonld, title, copyright, home, site
ALTER TABLE documents ADD COLUMN kind TEXT;             -- article, listing, pdf, other (NULL: stored before kinds)
ALTER TABLE documents ADD COLUMN victim_source TEXT;    -- text (named in the text), publisher (当社/本市 or no name), NULL

-- One row per host: the name of the organisation behind it.
CREATE TABLE sites (
    host        TEXT PRIMARY KEY,
    name        TEXT,                                -- the publisher's name
    name_source TEXT,                                -- how it was found: og_site_name, jsonld, title, copyright, home
    updated_at  TEXT NOT NULL
) WITHOUT ROWID;

-- Consolidated incidents: one row per real event, however many reports
-- and news articles tell of it. Rebuilt after every crawl and by
-- reextract; an incident whose documents are unchanged keeps its id.
CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused
    victim          TEXT    NOT NULL,               -- as the victim's own reports (else the first document) name it
    victim_key      TEXT    NOT NULL,               -- NFKC, no spaces, no legal form: what documents are grouped by
    publisher       TEXT,                           -- the victim's own site name, when one of its pages is a report
    types           TEXT    NOT NULL,               -- union of incident types, comma-joined, in order of first mention
    attackers       TEXT    NOT NULL,               -- union of attacker names, comma-joined ('' when none)
    categories      TEXT    NOT NULL,               -- union of leaked data categories, comma-joined
    detected        TEXT,                           -- earliest incident date stated (YYYY-MM-DD), or NULL
    first_published TEXT,                           -- YYYY-MM-DD of the first document
    last_published  TEXT,                           -- YYYY-MM-DD of the latest document
    max_count       INTEGER,                        -- the largest record count any document states
    latest_count    INTEGER,                        -- the record count of the latest document that states one
    documents       INTEGER NOT NULL,               -- number of linked documents
    reports         INTEGER NOT NULL,               -- of which the victim's own (role report or follow-up)
    news            INTEGER NOT NULL,               -- of which news articles
    updated_at      TEXT    NOT NULL                -- when this row was last rebuilt
);
CREATE INDEX incidents_first_published ON incidents (first_published);
CREATE INDEX incidents_victim_key ON incidents (victim_key);

-- Which documents tell of which incident; a document joins at most one.
CREATE TABLE incident_documents (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    doc_id      INTEGER NOT NULL UNIQUE REFERENCES documents (id) ON DELETE CASCADE,
    role        TEXT    NOT NULL CHECK (role IN ('report', 'follow-up', 'news')),
    PRIMARY KEY (incident_id, doc_id)
) WITHOUT ROWID;

-- Attackers of an incident: when each was first named, and how.
CREATE TABLE incident_attackers (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,                   -- canonical name (attackers.name)
    first_named TEXT,                               -- published date of the first document naming it
    claimed     INTEGER NOT NULL,                   -- 1: a document cites a claim (犯行声明, leak site)
    confirmed   INTEGER NOT NULL,                   -- 1: the victim's own report names it (its investigation)
    PRIMARY KEY (incident_id, name)
) WITHOUT ROWID;

-- How the stated record count changed over time: one row per document
-- that states a count (its largest), in published order.
CREATE TABLE incident_counts (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    doc_id      INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    published   TEXT,
    value       INTEGER NOT NULL,
    qualifier   TEXT    NOT NULL,                   -- approx, max, min, total or ''
    text        TEXT    NOT NULL,                   -- the count as written (約2万件)
    PRIMARY KEY (incident_id, doc_id)
) WITHOUT ROWID;

-- The per-document view that was called incidents before version 3.
CREATE VIEW incident_documents_view AS
SELECT
    d.id        AS doc_id,
    d.url       AS url,
    d.title     AS title,
    d.published AS published,
    d.victim    AS victim,
    (SELECT group_concat(type, ',') FROM
        (SELECT type FROM incident_types WHERE doc_id = d.id GROUP BY type ORDER BY min(seq)))
                AS types,
    (SELECT max(value) FROM counts WHERE doc_id = d.id) AS max_count,
    (SELECT group_concat(name, ',') FROM
        (SELECT name FROM attackers WHERE doc_id = d.id GROUP BY name ORDER BY min(seq)))
                AS attackers,
    (SELECT group_concat(category, ',') FROM
        (SELECT category FROM categories WHERE doc_id = d.id GROUP BY category ORDER BY min(seq)))
                AS categories,
    (SELECT value FROM dates WHERE doc_id = d.id ORDER BY start, seq LIMIT 1) AS first_date,
    (SELECT min(value) FROM dates WHERE doc_id = d.id AND precision <> 'fiscal_year') AS earliest_date
FROM documents AS d
WHERE EXISTS (SELECT 1 FROM incident_types WHERE doc_id = d.id)
  AND coalesce(d.kind, 'article') <> 'listing';
