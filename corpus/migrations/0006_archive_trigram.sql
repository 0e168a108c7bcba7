-- kohyo corpus schema, version 6: where each stored body lies in the WARC
-- archive, and a trigram index for substring search.

-- The WARC file (name relative to the archive directory) and the byte
-- offset of the response record the stored body came from; NULL for pages
-- fetched before the archive existed or without one.
ALTER TABLE documents ADD COLUMN warc_file TEXT;
ALTER TABLE documents ADD COLUMN warc_offset INTEGER;
ALTER TABLE document_versions ADD COLUMN warc_file TEXT;
ALTER TABLE document_versions ADD COLUMN warc_offset INTEGER;

-- A digest of the extraction result the mention rows hold: kohyo reextract
-- rewrites only the documents whose new result differs.
ALTER TABLE documents ADD COLUMN extraction_hash TEXT;

-- Substring search for queries of three or more characters: title and
-- text, NFKC-normalised, whitespace between Japanese characters removed,
-- cut into trigrams (case-insensitive). One- and two-character queries use
-- the chars column of search. Contentless: rowid = documents.id. Filled
-- by kohyo when it opens a corpus migrated from an earlier version.
CREATE VIRTUAL TABLE search_trigram USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'trigram remove_diacritics 1'
);
