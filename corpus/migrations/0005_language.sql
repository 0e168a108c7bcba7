-- kohyo corpus schema, version 5 (4 is reserved by work in progress): the
-- language of a document. Pages in
-- another language (an English notice of a Japanese company) are stored
-- as documents of that language, with no extraction rows.

ALTER TABLE documents ADD COLUMN language TEXT;     -- ja, or the page's other language (ISO 639-1, und when unknown); NULL: stored before languages
ALTER TABLE documents ADD COLUMN japanese_url TEXT; -- the Japanese version that a page in another language names (hreflang, 日本語 switcher)
