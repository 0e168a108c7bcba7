-- kohyo corpus schema, version 1. Times are RFC 3339 UTC text
-- (2024-01-02T03:04:05Z); publication dates are YYYY-MM-DD text.
-- Mention offsets (start, end) are Unicode code points into documents.text.

CREATE TABLE documents (
    id               INTEGER PRIMARY KEY,
    url              TEXT    NOT NULL UNIQUE,      -- the URL asked for (canonical form)
    final_url        TEXT,                          -- after redirects
    site             TEXT    NOT NULL,              -- host name of url
    fetched_at       TEXT,                          -- when the stored body was fetched
    checked_at       TEXT,                          -- last time the URL was requested (304s and errors included)
    changed_at       TEXT,                          -- when the content hash last changed
    status           INTEGER,                       -- HTTP status of the stored body (or of the failed fetch)
    content_type     TEXT,
    charset          TEXT,
    etag             TEXT,
    last_modified    TEXT,
    sha256           TEXT,                          -- hex digest of the raw body
    title            TEXT,
    published        TEXT,                          -- YYYY-MM-DD
    published_source TEXT,                          -- meta, jsonld, time, page, url, last_modified, document, today
    victim           TEXT,
    victim_start     INTEGER,
    victim_end       INTEGER,
    text             TEXT,
    truncated        INTEGER NOT NULL DEFAULT 0,    -- body cut at the size cap, or text longer than extraction reads
    warnings         TEXT,                          -- JSON array of strings, or NULL
    extracted_at     TEXT,                          -- when the extraction rows were last written
    error            TEXT                           -- last fetch error for this URL, NULL after a good fetch
);
CREATE INDEX documents_site ON documents (site);
CREATE INDEX documents_published ON documents (published);

-- Earlier contents of a document, kept when a re-fetch brings a new hash.
CREATE TABLE document_versions (
    id            INTEGER PRIMARY KEY,
    doc_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    fetched_at    TEXT,
    replaced_at   TEXT    NOT NULL,
    status        INTEGER,
    content_type  TEXT,
    charset       TEXT,
    etag          TEXT,
    last_modified TEXT,
    sha256        TEXT,
    title         TEXT,
    published     TEXT,
    text          TEXT
);
CREATE INDEX document_versions_doc ON document_versions (doc_id);

CREATE TABLE dates (
    doc_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,                     -- order of the mention in the result
    value     TEXT    NOT NULL,                     -- YYYY-MM-DD, YYYY-MM, YYYY or FYYYYY
    precision TEXT    NOT NULL,                     -- day, month, year, fiscal_year
    text      TEXT    NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX dates_value ON dates (value);

CREATE TABLE counts (
    doc_id    INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    value     INTEGER NOT NULL,
    counter   TEXT    NOT NULL,                     -- 件, 名, 人, 社, ...
    qualifier TEXT    NOT NULL,                     -- approx, max, min, total or ''
    text      TEXT    NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;

CREATE TABLE attackers (
    doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    name   TEXT    NOT NULL,                        -- canonical name, or the surface form when known = 0
    known  INTEGER NOT NULL,                        -- 1 when the name is in the attacker dictionary
    kind   TEXT,                                    -- ransomware, malware, actor
    text   TEXT    NOT NULL,
    start  INTEGER NOT NULL,
    "end"  INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX attackers_name ON attackers (name);

CREATE TABLE categories (
    doc_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    category TEXT    NOT NULL,                      -- taxonomy id: name, address, education, ...
    text     TEXT    NOT NULL,
    start    INTEGER NOT NULL,
    "end"    INTEGER NOT NULL,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX categories_category ON categories (category);

-- One row per evidence cue; a type with no cue has NULL text/start/end.
CREATE TABLE incident_types (
    doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq    INTEGER NOT NULL,
    type   TEXT    NOT NULL,
    text   TEXT,                                    -- the cue word (evidence)
    start  INTEGER,
    "end"  INTEGER,
    PRIMARY KEY (doc_id, seq)
) WITHOUT ROWID;
CREATE INDEX incident_types_type ON incident_types (type);

-- The crawl frontier and its state; survives restarts.
CREATE TABLE frontier (
    id         INTEGER PRIMARY KEY,                 -- FIFO order
    url        TEXT    NOT NULL UNIQUE,
    host       TEXT    NOT NULL,
    seed       TEXT    NOT NULL DEFAULT '',
    depth      INTEGER NOT NULL DEFAULT 0,
    state      TEXT    NOT NULL DEFAULT 'pending'
               CHECK (state IN ('pending', 'in_flight', 'done', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    request    BLOB,                                -- Colly's serialised request, when queued through Colly
    added_at   TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE INDEX frontier_state ON frontier (state, id);

-- Per-state counts of frontier, kept by triggers so that queue sizes are O(1).
CREATE TABLE frontier_stats (
    state TEXT PRIMARY KEY,
    n     INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO frontier_stats (state, n) VALUES ('pending', 0), ('in_flight', 0), ('done', 0), ('failed', 0);

CREATE TRIGGER frontier_ai AFTER INSERT ON frontier BEGIN
    UPDATE frontier_stats SET n = n + 1 WHERE state = NEW.state;
END;
CREATE TRIGGER frontier_ad AFTER DELETE ON frontier BEGIN
    UPDATE frontier_stats SET n = n - 1 WHERE state = OLD.state;
END;
CREATE TRIGGER frontier_au AFTER UPDATE OF state ON frontier WHEN OLD.state <> NEW.state BEGIN
    UPDATE frontier_stats SET n = n - 1 WHERE state = OLD.state;
    UPDATE frontier_stats SET n = n + 1 WHERE state = NEW.state;
END;

-- Colly's visited set (request hashes) and cookies, behind storage.Storage.
CREATE TABLE colly_visited (
    id INTEGER PRIMARY KEY                          -- Colly's uint64 request hash, stored as int64
);
CREATE TABLE colly_cookies (
    host    TEXT PRIMARY KEY,
    cookies TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text index. title and body hold the segmenter's words joined by
-- spaces; chars holds NFKC text with every CJK character as its own token
-- (substring search of any length). Contentless: rowid = documents.id.
CREATE VIRTUAL TABLE search USING fts5 (
    title, body, chars,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- One row per document that has any incident type.
CREATE VIEW incidents AS
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
WHERE EXISTS (SELECT 1 FROM incident_types WHERE doc_id = d.id);
