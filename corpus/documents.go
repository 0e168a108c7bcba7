package corpus

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
	"github.com/kohyo-dev/kohyo/incident"
)

// Change says what StoreDocument did to the stored content.
type Change string

// Changes.
const (
	New       Change = "new"       // first content for this URL
	Changed   Change = "changed"   // a new hash; the earlier content went to document_versions
	Unchanged Change = "unchanged" // same hash as stored; bookkeeping fields refreshed
)

// Stored is the result of StoreDocument.
type Stored struct {
	ID     int64
	Change Change
}

// Validators are what an incremental crawl needs to send a conditional
// request and to tell whether a body changed.
type Validators struct {
	ID           int64
	ETag         string
	LastModified string
	SHA256       string // empty when only a fetch error is stored
	FetchedAt    time.Time
}

// Lookup returns the stored validators for url, or ErrNotFound.
func (db *DB) Lookup(ctx context.Context, rawURL string) (Validators, error) {
	var (
		v                    Validators
		etag, lm, sum, fetch sql.NullString
	)
	err := db.read.QueryRowContext(ctx,
		`SELECT id, etag, last_modified, sha256, fetched_at FROM documents WHERE url = ?`, rawURL).
		Scan(&v.ID, &etag, &lm, &sum, &fetch)
	if errors.Is(err, sql.ErrNoRows) {
		return Validators{}, fmt.Errorf("corpus: lookup %s: %w", rawURL, ErrNotFound)
	}
	if err != nil {
		return Validators{}, fmt.Errorf("corpus: lookup %s: %w", rawURL, classify(err))
	}
	v.ETag, v.LastModified, v.SHA256, v.FetchedAt = etag.String, lm.String, sum.String, parseTime(fetch)
	return v, nil
}

// Page is one fetched page and its extraction, for StoreBatch.
type Page struct {
	Doc    *page.Document
	Result *extract.Result // nil keeps the stored extraction rows
	// Words, when not nil, are Doc.Text already split by the DB's
	// segmenter (e.g. from the extraction's own tokenisation), which saves
	// segmenting the text a second time for the search index.
	Words []string
	// Rederived says Doc was derived again from an archived response
	// (kohyo reextract --from-warc), not fetched: checked_at and the
	// frontier are left alone.
	Rederived bool

	idx *indexEntry // the search-index columns, when Prepare computed them
}

// Prepare computes p's search-index columns (segmentation, normalisation)
// now rather than in StoreBatch. A single writer that commits the pages of
// many producers should have each producer Prepare its pages, so that the
// writer only writes.
func (db *DB) Prepare(p *Page) {
	if p.Doc == nil {
		return
	}
	e := db.indexEntry(p.Doc.Title, p.Doc.Text, p.Words)
	p.idx = &e
}

// StoreDocument stores one fetched page and, when res is not nil, its
// extraction, in one transaction. When the URL is already stored with a
// different content hash, the earlier content is kept in
// document_versions. A nil res keeps the stored extraction rows (use it for
// an unchanged page that was not re-extracted). The URL's frontier entry,
// if any, is marked done in the same transaction, so a page is either
// stored and done or neither.
func (db *DB) StoreDocument(ctx context.Context, doc *page.Document, res *extract.Result) (Stored, error) {
	out, err := db.StoreBatch(ctx, []Page{{Doc: doc, Result: res}})
	if err != nil {
		return Stored{}, err
	}
	return out[0], nil
}

// StoreBatch stores several pages in one transaction, each as
// StoreDocument would. A writer that receives pages faster than it can
// commit them one by one should batch them (commit and search-index
// flushes are the main per-transaction costs). All or none are stored.
func (db *DB) StoreBatch(ctx context.Context, pages []Page) ([]Stored, error) {
	prep := make([]preparedPage, len(pages))
	for i, p := range pages {
		if p.Doc == nil || p.Doc.URL == "" {
			return nil, errors.New("corpus: store: document without url")
		}
		site, err := siteOf(p.Doc.URL)
		if err != nil {
			return nil, fmt.Errorf("corpus: store %s: %w", p.Doc.URL, err)
		}
		// Segment outside the write lock: it is the slow part. A page
		// derived again from the archive usually has the stored text, so
		// its index columns are computed only if the text changed.
		prep[i] = preparedPage{Page: p, site: site}
		switch {
		case p.idx != nil:
			prep[i].entry = p.idx
		case !p.Rederived:
			e := db.indexEntry(p.Doc.Title, p.Doc.Text, p.Words)
			prep[i].entry = &e
		default:
			prep[i].lazyEntry = func() indexEntry { return db.indexEntry(p.Doc.Title, p.Doc.Text, p.Words) }
		}
	}
	out := make([]Stored, len(pages))
	now := db.now()
	err := db.update(ctx, func(tx *sql.Tx) error {
		var index []indexed
		for i := range prep {
			st, err := storeTx(ctx, tx, &prep[i], now, &index)
			if err != nil {
				return fmt.Errorf("%s: %w", prep[i].Doc.URL, classify(err))
			}
			out[i] = st
		}
		return classify(writeIndex(ctx, tx, index))
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: store: %w", err)
	}
	return out, nil
}

type preparedPage struct {
	Page
	site      string
	entry     *indexEntry
	lazyEntry func() indexEntry // when entry is nil
}

// storeTx writes one page's rows but its search index, which it adds to
// index for the caller to write last (see writeIndex).
func storeTx(ctx context.Context, tx *sql.Tx, p *preparedPage, now time.Time, index *[]indexed) (Stored, error) {
	doc, res := p.Doc, p.Result
	var warnings any
	if len(doc.Warnings) > 0 {
		b, _ := json.Marshal(doc.Warnings)
		warnings = string(b)
	}
	fetchedAt := doc.FetchedAt
	if fetchedAt.IsZero() {
		fetchedAt = now
	}
	published, source := publication(doc, res)

	var (
		out                       Stored
		id                        int64
		oldSum, oldText, oldTitle sql.NullString
	)
	err := tx.QueryRowContext(ctx, `SELECT id, sha256, text, title FROM documents WHERE url = ?`, doc.URL).
		Scan(&id, &oldSum, &oldText, &oldTitle)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		out.Change = New
	case err != nil:
		return out, err
	case !oldSum.Valid && !oldText.Valid:
		out.Change = New // only a fetch error was stored
	case oldSum.String == doc.SHA256 && (doc.SHA256 != "" || oldText.String == doc.Text):
		out.Change = Unchanged
	default:
		out.Change = Changed
	}
	if out.Change == Changed {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO document_versions (doc_id, fetched_at, replaced_at, status, content_type, charset,
				etag, last_modified, sha256, title, published, text, warc_file, warc_offset)
			SELECT id, fetched_at, ?, status, content_type, charset, etag, last_modified, sha256, title, published, text,
				warc_file, warc_offset
			FROM documents WHERE id = ?`, formatTime(now), id); err != nil {
			return out, fmt.Errorf("keep earlier version: %w", err)
		}
	}
	truncated := doc.Truncated || (res != nil && res.Truncated)
	siteName, err := noteSite(ctx, tx, p.site, doc, now)
	if err != nil {
		return out, fmt.Errorf("site: %w", err)
	}
	// The hash is of the extractor's result as given, before a listing
	// drops its facts: what reextract compares a new result with.
	hash := ResultHash(res)
	if res != nil && doc.Kind == page.KindListing {
		res = withoutFacts(res) // a listing tells of many events, none of its own
	}
	checkedAt := formatTime(now)
	if p.Rederived {
		checkedAt = nil // no request was made
	}
	args := []any{
		nullString(doc.FinalURL), p.site, formatTime(fetchedAt), checkedAt, doc.Status,
		nullString(doc.ContentType), nullString(doc.Charset), nullString(doc.ETag), nullString(doc.LastModified),
		nullString(doc.SHA256), doc.Title, nullString(published), nullString(source), doc.Text, truncated, warnings,
		nullString(doc.Publisher), nullString(doc.PublisherSource), nullString(doc.Kind),
		nullString(doc.Language), nullString(doc.JapaneseURL),
	}
	// Doc.WARCFile locates the archived response; without one (no archive
	// kept) the stored location stays.
	var warcFile, warcOffset any
	if doc.WARCFile != "" {
		warcFile, warcOffset = doc.WARCFile, doc.WARCOffset
	}
	args = append(args, warcFile, warcOffset)
	// The extraction's columns go into the same statement: rewriting a row
	// that holds the whole text twice costs as much as all mention rows.
	extraCols := ""
	if res != nil {
		victim, vs, ve, vsrc := resolvedVictim(doc, res, siteName)
		extraCols = ", victim = ?, victim_start = ?, victim_end = ?, victim_source = ?, extracted_at = ?, extraction_hash = ?"
		args = append(args, victim, vs, ve, vsrc, formatTime(now), hash)
	}
	fresh := id == 0
	if fresh {
		q := `INSERT INTO documents (final_url, site, fetched_at, checked_at, status, content_type, charset, etag,
				last_modified, sha256, title, published, published_source, text, truncated, warnings,
				publisher, publisher_source, kind, language, japanese_url, warc_file, warc_offset`
		ph := strings.Repeat("?, ", 23)
		if res != nil {
			q += ", victim, victim_start, victim_end, victim_source, extracted_at, extraction_hash"
			ph += "?, ?, ?, ?, ?, ?, "
		}
		r, err := tx.ExecContext(ctx, q+", url, changed_at) VALUES ("+ph+"?, ?)", append(args, doc.URL, formatTime(now))...)
		if err != nil {
			return out, err
		}
		if id, err = r.LastInsertId(); err != nil {
			return out, err
		}
	} else {
		changedAt := "changed_at"
		if out.Change != Unchanged {
			changedAt = "?"
			args = append(args, formatTime(now))
		}
		if _, err := tx.ExecContext(ctx, `
			UPDATE documents SET final_url = ?, site = ?, fetched_at = ?, checked_at = coalesce(?, checked_at), status = ?,
				content_type = ?, charset = ?, etag = ?, last_modified = ?, sha256 = ?, title = ?,
				published = coalesce(?, published), published_source = coalesce(?, published_source),
				text = ?, truncated = ?, warnings = ?, publisher = ?, publisher_source = ?, kind = ?, language = ?, japanese_url = ?,
				warc_file = coalesce(?, warc_file), warc_offset = coalesce(?, warc_offset)`+extraCols+`, error = NULL, changed_at = `+changedAt+`
			WHERE id = ?`, append(args, id)...); err != nil {
			return out, err
		}
	}
	out.ID = id
	if out.Change != Unchanged || oldTitle.String != doc.Title || oldText.String != doc.Text {
		if p.entry == nil {
			e := p.lazyEntry()
			p.entry = &e
		}
		*index = append(*index, indexed{id: id, entry: *p.entry, fresh: fresh})
	}
	if res != nil {
		if err := replaceMentions(ctx, tx, id, res, fresh); err != nil {
			return out, err
		}
	}
	if p.Rederived {
		return out, nil
	}
	return out, markFrontier(ctx, tx, doc.URL, stateDone, "", now)
}

// publication picks the publication date to store: the page's own
// (metadata, <time>, URL...) when the crawler found one, else the
// extractor's (a date line in the text, or "today").
func publication(doc *page.Document, res *extract.Result) (string, string) {
	if !doc.Published.IsZero() {
		src := doc.PublishedSource
		if src == "" {
			src = extract.PublishedGiven
		}
		return doc.Published.Format("2006-01-02"), src
	}
	if res != nil && res.Published != "" {
		return res.Published, res.PublishedSource
	}
	return "", ""
}

func siteOf(rawURL string) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("invalid url: %w", err)
	}
	if u.Host == "" {
		return "", fmt.Errorf("invalid url %q: no host", rawURL)
	}
	return strings.ToLower(u.Hostname()), nil
}

// MarkNotModified records that url was checked at t and the server
// answered 304 Not Modified: checked_at moves, content stays, and the
// frontier entry is done.
func (db *DB) MarkNotModified(ctx context.Context, rawURL string, t time.Time) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE documents SET checked_at = ?, error = NULL WHERE url = ?`, formatTime(t), rawURL)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return markFrontier(ctx, tx, rawURL, stateDone, "", db.now())
	})
	if err != nil {
		return fmt.Errorf("corpus: mark not modified %s: %w", rawURL, err)
	}
	return nil
}

// RecordFetchError stores a failed fetch of url as data: the documents
// row's error column (a row is created when the URL has none; stored
// content is kept) and a failed frontier entry. status is the HTTP status,
// 0 when there was no response.
func (db *DB) RecordFetchError(ctx context.Context, rawURL string, status int, t time.Time, fetchErr error) error {
	msg := "unknown error"
	if fetchErr != nil {
		msg = fetchErr.Error()
	}
	if status > 0 && !strings.Contains(msg, fmt.Sprint(status)) {
		msg = fmt.Sprintf("status %d: %s", status, msg)
	}
	site, err := siteOf(rawURL)
	if err != nil {
		return fmt.Errorf("corpus: record error for %s: %w", rawURL, err)
	}
	var st any
	if status > 0 {
		st = status
	}
	err = db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT INTO documents (url, site, checked_at, status, error) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET checked_at = excluded.checked_at, error = excluded.error,
				status = CASE WHEN documents.sha256 IS NULL THEN excluded.status ELSE documents.status END`,
			rawURL, site, formatTime(t), st, msg); err != nil {
			return err
		}
		return markFrontier(ctx, tx, rawURL, stateFailed, msg, db.now())
	})
	if err != nil {
		return fmt.Errorf("corpus: record error for %s: %w", rawURL, err)
	}
	return nil
}

// ReplaceExtraction replaces document id's extraction rows (and its
// published, published_source and victim columns) with res. A page
// publication date found by the crawler is kept.
func (db *DB) ReplaceExtraction(ctx context.Context, id int64, res *extract.Result) error {
	if res == nil {
		return errors.New("corpus: replace extraction: nil result")
	}
	err := db.update(ctx, func(tx *sql.Tx) error { return db.replaceExtractionTx(ctx, tx, id, res, "") })
	if err != nil {
		return fmt.Errorf("corpus: replace extraction of document %d: %w", id, err)
	}
	return nil
}

// replaceExtractionTx is ReplaceExtraction inside tx; hash is
// ResultHash(res), or "" to compute it here.
func (db *DB) replaceExtractionTx(ctx context.Context, tx *sql.Tx, id int64, res *extract.Result, hash string) error {
	r, err := prepareReplacement(ctx, tx, id, res, hash, nil)
	if err != nil {
		return err
	}
	return writeReplacements(ctx, tx, []replacement{r}, db.now())
}

// replacement is a stored document's new extraction, ready to write.
type replacement struct {
	id     int64
	res    *extract.Result // without facts for a listing
	hash   string
	victim storedVictim
}

// prepareReplacement gathers what the rows of res depend on besides res:
// the document's kind, title, text and publisher, from stored when given,
// else read here.
func prepareReplacement(ctx context.Context, tx *sql.Tx, id int64, res *extract.Result, hash string, stored *TextDocument) (replacement, error) {
	var doc page.Document
	if stored != nil {
		var exists bool // the document may have been deleted since it was read
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?)`, id).Scan(&exists); err != nil {
			return replacement{}, err
		}
		if !exists {
			return replacement{}, ErrNotFound
		}
		doc.Title, doc.Text, doc.Kind, doc.Publisher = stored.Title, stored.Text, stored.Kind, stored.Publisher
	} else {
		var title, text, kind, pub sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT d.title, d.text, d.kind, `+publisherSQL+`
			FROM documents d LEFT JOIN sites s ON s.host = d.site WHERE d.id = ?`, id).
			Scan(&title, &text, &kind, &pub)
		if errors.Is(err, sql.ErrNoRows) {
			return replacement{}, ErrNotFound
		}
		if err != nil {
			return replacement{}, err
		}
		doc.Title, doc.Text, doc.Kind, doc.Publisher = title.String, text.String, kind.String, pub.String
	}
	if hash == "" {
		hash = ResultHash(res) // before a listing drops its facts, as storeTx
	}
	if doc.Kind == page.KindListing {
		res = withoutFacts(res)
	}
	// pub is publisherFor's choice already: no site name to fall back on.
	return replacement{id: id, res: res, hash: hash, victim: resolvedVictimOf(&doc, res, "")}, nil
}

// writeReplacements rewrites the mention rows of reps, a statement per
// table for all of them, and each document's extraction columns.
func writeReplacements(ctx context.Context, tx *sql.Tx, reps []replacement, now time.Time) error {
	ids := make([]any, len(reps))
	docs := make([]docMentions, len(reps))
	for i, r := range reps {
		ids[i], docs[i] = r.id, docMentions{r.id, r.res}
	}
	if err := deleteMentions(ctx, tx, ids); err != nil {
		return err
	}
	if err := insertMentions(ctx, tx, docs); err != nil {
		return err
	}
	for _, r := range reps {
		if err := updateExtractionColumns(ctx, tx, r.id, r.res, r.hash, r.victim, now); err != nil {
			return fmt.Errorf("document %d: %w", r.id, err)
		}
	}
	return nil
}

// ResultHash is the digest of res that documents.extraction_hash holds:
// two results with the same hash write the same rows. The id and the
// source of the publication date are left out: a page date given to the
// extractor is "given" to it but stored with the page's own source.
func ResultHash(res *extract.Result) string {
	if res == nil {
		return ""
	}
	r := *res
	r.ID, r.PublishedSource, r.Words = "", "", nil
	b, err := json.Marshal(&r)
	if err != nil {
		return ""
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// ForgetExtractionHashes clears every document's extraction_hash, so that
// the next reextract rewrites all extraction rows.
func (db *DB) ForgetExtractionHashes(ctx context.Context) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE documents SET extraction_hash = NULL WHERE extraction_hash IS NOT NULL`)
		return err
	})
	if err != nil {
		return fmt.Errorf("corpus: forget extraction hashes: %w", err)
	}
	return nil
}

// Extraction is a new extraction result for a stored document.
type Extraction struct {
	ID     int64
	Result *extract.Result
	// Hash is ResultHash(Result) when the caller has computed it already
	// (reextract compares it with the stored one); "" has it computed.
	Hash string
	// Doc, when not nil, is the document as EachDocument read it: its
	// title, text, kind and publisher are not read again.
	Doc *TextDocument
}

// ReplaceExtractions replaces the extraction rows of several documents in
// one transaction, each as ReplaceExtraction would. A document that no
// longer exists is skipped. All or none are written.
func (db *DB) ReplaceExtractions(ctx context.Context, batch []Extraction) error {
	for _, e := range batch {
		if e.Result == nil {
			return fmt.Errorf("corpus: replace extraction of document %d: nil result", e.ID)
		}
	}
	err := db.update(ctx, func(tx *sql.Tx) error {
		reps := make([]replacement, 0, len(batch))
		seen := make(map[int64]int, len(batch))
		for _, e := range batch {
			r, err := prepareReplacement(ctx, tx, e.ID, e.Result, e.Hash, e.Doc)
			if errors.Is(err, ErrNotFound) {
				continue // deleted meanwhile
			}
			if err != nil {
				return fmt.Errorf("document %d: %w", e.ID, err)
			}
			if i, ok := seen[e.ID]; ok { // given twice: the last wins
				reps[i] = r
				continue
			}
			seen[e.ID] = len(reps)
			reps = append(reps, r)
		}
		return writeReplacements(ctx, tx, reps, db.now())
	})
	if err != nil {
		return fmt.Errorf("corpus: replace extractions: %w", err)
	}
	return nil
}

// replaceMentions deletes and rewrites the mention rows of one document.
// fresh says the document row was just inserted, so there is nothing to delete.
func replaceMentions(ctx context.Context, tx *sql.Tx, id int64, res *extract.Result, fresh bool) error {
	if !fresh {
		if err := deleteMentions(ctx, tx, []any{id}); err != nil {
			return err
		}
	}
	return insertMentions(ctx, tx, []docMentions{{id, res}})
}

// mentionTables are the tables of mention rows, keyed by doc_id.
var mentionTables = []string{"dates", "counts", "attackers", "categories", "incident_types"}

// deleteMentions deletes the mention rows of the documents ids, one
// statement per table for up to 500 documents.
func deleteMentions(ctx context.Context, tx *sql.Tx, ids []any) error {
	const perStatement = 500
	for lo := 0; lo < len(ids); lo += perStatement {
		part := ids[lo:min(lo+perStatement, len(ids))]
		in := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		for _, t := range mentionTables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t+` WHERE doc_id IN (`+in+`)`, part...); err != nil {
				return fmt.Errorf("clear %s: %w", t, err)
			}
		}
	}
	return nil
}

// docMentions is a document's extraction result to write as mention rows.
type docMentions struct {
	id  int64
	res *extract.Result
}

// insertMentions writes the mention rows of docs: one multi-row insert
// per table for all of them (in statements of at most 200 rows, under
// SQLite's 32766-variable limit).
func insertMentions(ctx context.Context, tx *sql.Tx, docs []docMentions) error {
	ins := func(table, cols string, rows func(yield func([]any))) error {
		ncol := strings.Count(cols, ",") + 1
		ph := "(" + strings.TrimSuffix(strings.Repeat("?,", ncol), ",") + ")"
		const perStatement = 200
		args := make([]any, 0, perStatement*ncol)
		n := 0
		flush := func() error {
			if n == 0 {
				return nil
			}
			q := "INSERT INTO " + table + " (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(ph+",", n), ",")
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("insert %s: %w", table, err)
			}
			args, n = args[:0], 0
			return nil
		}
		var err error
		rows(func(row []any) {
			if err != nil {
				return
			}
			args = append(args, row...)
			if n++; n == perStatement {
				err = flush()
			}
		})
		if err != nil {
			return err
		}
		return flush()
	}
	if err := ins("dates", `doc_id, seq, value, precision, text, start, "end"`, func(yield func([]any)) {
		for _, d := range docs {
			for i, m := range d.res.Dates {
				yield([]any{d.id, i, m.Value, string(m.Precision), m.Text, m.Start, m.End})
			}
		}
	}); err != nil {
		return err
	}
	if err := ins("counts", `doc_id, seq, value, counter, qualifier, text, start, "end"`, func(yield func([]any)) {
		for _, d := range docs {
			for i, c := range d.res.Counts {
				yield([]any{d.id, i, c.Value, c.Counter, c.Qualifier, c.Text, c.Start, c.End})
			}
		}
	}); err != nil {
		return err
	}
	if err := ins("attackers", `doc_id, seq, name, known, kind, text, start, "end"`, func(yield func([]any)) {
		for _, d := range docs {
			for i, a := range d.res.Attackers {
				yield([]any{d.id, i, a.Name, a.Known, nullString(a.Kind), a.Text, a.Start, a.End})
			}
		}
	}); err != nil {
		return err
	}
	if err := ins("categories", `doc_id, seq, category, text, start, "end"`, func(yield func([]any)) {
		for _, d := range docs {
			for i, c := range d.res.Categories {
				yield([]any{d.id, i, c.Category, c.Text, c.Start, c.End})
			}
		}
	}); err != nil {
		return err
	}
	return ins("incident_types", `doc_id, seq, type, text, start, "end"`, func(yield func([]any)) {
		for _, d := range docs {
			// One row per evidence cue, plus one bare row for a type
			// without a cue.
			seen := map[string]bool{}
			i := 0
			for _, e := range d.res.IncidentCues {
				yield([]any{d.id, i, e.Type, e.Span.Text, e.Span.Start, e.Span.End})
				seen[e.Type] = true
				i++
			}
			for _, t := range d.res.IncidentTypes {
				if !seen[t] {
					yield([]any{d.id, i, t, nil, nil, nil})
					seen[t] = true
					i++
				}
			}
		}
	})
}

// storedVictim holds the victim columns of a document.
type storedVictim struct{ victim, start, end, source any }

func resolvedVictimOf(doc *page.Document, res *extract.Result, siteName string) storedVictim {
	v, s, e, src := resolvedVictim(doc, res, siteName)
	return storedVictim{v, s, e, src}
}

// resolvedVictim is the victim to store for a page: what the extraction
// found, or the publisher for a 当社/本市 notice, or a news article's
// subject (incident.ResolveVictim).
func resolvedVictim(doc *page.Document, res *extract.Result, siteName string) (victim, start, end, source any) {
	victim, start, end = victimArgs(res)
	found, _ := victim.(string)
	if len(res.IncidentTypes) == 0 { // no incident, no victim to find
		if found == "" {
			return victim, start, end, nil
		}
		return victim, start, end, incident.VictimFromText
	}
	publisher := publisherFor(doc.Publisher, doc.PublisherSource, siteName)
	v, src := incident.ResolveVictim(doc.Title, doc.Text, found, publisher)
	if v == found {
		return victim, start, end, nullString(src)
	}
	return nullString(v), nil, nil, nullString(src)
}

// publisherFor is the publisher a page's victim may be: the page's own
// when its metadata names it (og:site_name, JSON-LD), else its site's
// name (the strongest any page of the site gave), else what the page's
// title or footer said. Pages of one site so get one name.
func publisherFor(pagePublisher, pageSource, siteName string) string {
	switch {
	case pagePublisher != "" && page.PublisherRank(pageSource) <= page.PublisherRank(page.PublisherJSONLD):
		return pagePublisher
	case siteName != "":
		return siteName
	}
	return pagePublisher
}

// publisherSQL is publisherFor in SQL, over documents d and sites s.
const publisherSQL = `coalesce(CASE WHEN d.publisher_source IN ('og_site_name', 'jsonld') THEN d.publisher END, s.name, d.publisher, '')`

// withoutFacts keeps of an extraction what describes the page (its date,
// its words for the search index) and drops the facts.
func withoutFacts(res *extract.Result) *extract.Result {
	return &extract.Result{ID: res.ID, Published: res.Published, PublishedSource: res.PublishedSource,
		Truncated: res.Truncated, Words: res.Words}
}

// noteSite records the page's publisher as its site's name when the
// site has none yet or the page's source is stronger (the first of equal
// strength stays: a site's name does not flip page by page)
// (page.PublisherRank), and returns the site's name.
func noteSite(ctx context.Context, tx *sql.Tx, host string, doc *page.Document, now time.Time) (string, error) {
	var name, src sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT name, name_source FROM sites WHERE host = ?`, host).Scan(&name, &src)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	if doc.Publisher == "" || name.Valid && page.PublisherRank(doc.PublisherSource) >= page.PublisherRank(src.String) {
		return name.String, nil
	}
	if name.String == doc.Publisher && src.String == doc.PublisherSource {
		return name.String, nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO sites (host, name, name_source, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (host) DO UPDATE SET name = excluded.name, name_source = excluded.name_source, updated_at = excluded.updated_at`,
		host, doc.Publisher, doc.PublisherSource, formatTime(now))
	return doc.Publisher, err
}

func victimArgs(res *extract.Result) (victim, start, end any) {
	if res.Victim != nil {
		victim = *res.Victim
		if res.VictimSpan != nil {
			start, end = res.VictimSpan.Start, res.VictimSpan.End
		}
	}
	return victim, start, end
}

// updateExtractionColumns sets a stored document's columns that come from
// its extraction.
func updateExtractionColumns(ctx context.Context, tx *sql.Tx, id int64, res *extract.Result, hash string, v storedVictim, now time.Time) error {
	victim, vs, ve, vsrc := v.victim, v.start, v.end, v.source
	var pub, src any
	if res.Published != "" {
		pub, src = res.Published, res.PublishedSource
	}
	// A date the crawler took from the page itself outranks the extractor's.
	_, err := tx.ExecContext(ctx, `
		UPDATE documents SET victim = ?, victim_start = ?, victim_end = ?, victim_source = ?, extracted_at = ?, extraction_hash = ?,
			truncated = truncated OR ?,
			published = CASE WHEN published_source IN ('document', 'today', 'given') OR published IS NULL
				THEN coalesce(?, published) ELSE published END,
			published_source = CASE WHEN published_source IN ('document', 'today', 'given') OR published IS NULL
				THEN coalesce(?, published_source) ELSE published_source END
		WHERE id = ?`, victim, vs, ve, vsrc, formatTime(now), nullString(hash), res.Truncated, pub, src, id)
	return err
}

// TextDocument is what reextraction needs from a stored document.
type TextDocument struct {
	ID    int64
	URL   string
	Title string
	Text  string
	// Published is the publication date the crawler took from the page
	// (metadata, <time>, URL...), zero when the stored date came from the
	// text or was unknown: pass it as extract.Input.Published.
	Published time.Time
	// PublishedSource is where Published came from (meta, url, feed, ...).
	PublishedSource string
	FetchedAt       time.Time
	// WARCFile and WARCOffset locate the response record of the stored
	// body in the WARC archive; WARCFile is "" when none was recorded.
	WARCFile   string
	WARCOffset int64
	// ExtractionHash is ResultHash of the stored extraction ("" if none).
	ExtractionHash string
	// Kind is the page kind (page.KindListing...) and Publisher the name
	// a 当社 notice's victim may be (publisherFor's choice).
	Kind, Publisher string
}

// pageSources are published_source values set by the crawler.
var pageSources = map[string]bool{
	"meta": true, "jsonld": true, "time": true, "page": true, "url": true, "last_modified": true, page.SourceFeed: true,
	page.SourcePageYearURL: true, page.SourcePageYearTime: true, page.SourcePageYearText: true,
	page.SourcePageYearListed: true, page.SourcePageYearLastModified: true,
	extract.PublishedGiven: true,
}

// EachDocument calls fn for every stored document that has text, in id
// order. It reads in small batches, so fn may write (ReplaceExtraction)
// and no read transaction stays open for long. An error from fn stops the
// iteration and is returned.
func (db *DB) EachDocument(ctx context.Context, fn func(TextDocument) error) error {
	const batch = 64
	var last int64
	for {
		rows, err := db.read.QueryContext(ctx, `
			SELECT d.id, d.url, coalesce(d.title, ''), d.text, d.published, d.published_source, d.fetched_at,
				coalesce(d.warc_file, ''), coalesce(d.warc_offset, 0), coalesce(d.extraction_hash, ''),
				coalesce(d.kind, ''), `+publisherSQL+`
			FROM documents d LEFT JOIN sites s ON s.host = d.site
			WHERE d.id > ? AND d.text IS NOT NULL AND coalesce(d.language, 'ja') = 'ja' ORDER BY d.id LIMIT ?`, last, batch)
		if err != nil {
			return fmt.Errorf("corpus: read documents: %w", classify(err))
		}
		var docs []TextDocument
		for rows.Next() {
			var (
				d                     TextDocument
				pub, src, fetchedText sql.NullString
			)
			if err := rows.Scan(&d.ID, &d.URL, &d.Title, &d.Text, &pub, &src, &fetchedText, &d.WARCFile, &d.WARCOffset, &d.ExtractionHash, &d.Kind, &d.Publisher); err != nil {
				rows.Close()
				return fmt.Errorf("corpus: read documents: %w", err)
			}
			if pageSources[src.String] && pub.Valid {
				d.Published, _ = time.Parse("2006-01-02", pub.String)
				d.PublishedSource = src.String
			}
			d.FetchedAt = parseTime(fetchedText)
			docs = append(docs, d)
		}
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("corpus: read documents: %w", classify(err))
		}
		rows.Close()
		if len(docs) == 0 {
			return nil
		}
		for _, d := range docs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := fn(d); err != nil {
				return err
			}
			last = d.ID
		}
	}
}

// CountDocuments returns the number of stored documents with text and the
// number with a fetch error.
func (db *DB) CountDocuments(ctx context.Context) (withText, withError int, err error) {
	err = db.read.QueryRowContext(ctx,
		`SELECT count(text), count(error) FROM documents`).Scan(&withText, &withError)
	if err != nil {
		return 0, 0, fmt.Errorf("corpus: count documents: %w", classify(err))
	}
	return withText, withError, nil
}

// ArchiveRecord is where a stored body lies in the WARC archive.
type ArchiveRecord struct {
	DocID     int64
	URL       string
	FetchedAt time.Time
	File      string // relative to the archive directory
	Offset    int64
	Current   bool // the stored version (else an earlier one, from document_versions)
}

// ArchiveRecords returns the WARC records of url's stored bodies, the
// current version first, then earlier versions newest first. It returns
// ErrNotFound when the URL is not stored or none of its versions has a
// record.
func (db *DB) ArchiveRecords(ctx context.Context, rawURL string) ([]ArchiveRecord, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, url, fetched_at, warc_file, warc_offset, 1 AS current, 0 AS vid FROM documents
		WHERE url = ? AND warc_file IS NOT NULL
		UNION ALL
		SELECT d.id, d.url, v.fetched_at, v.warc_file, v.warc_offset, 0, v.id FROM document_versions v
		JOIN documents d ON d.id = v.doc_id WHERE d.url = ? AND v.warc_file IS NOT NULL
		ORDER BY current DESC, vid DESC`, rawURL, rawURL)
	if err != nil {
		return nil, fmt.Errorf("corpus: archive records of %s: %w", rawURL, classify(err))
	}
	defer rows.Close()
	var out []ArchiveRecord
	for rows.Next() {
		var (
			r       ArchiveRecord
			fetched sql.NullString
			vid     int64
		)
		if err := rows.Scan(&r.DocID, &r.URL, &fetched, &r.File, &r.Offset, &r.Current, &vid); err != nil {
			return nil, fmt.Errorf("corpus: archive records of %s: %w", rawURL, err)
		}
		r.FetchedAt = parseTime(fetched)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("corpus: archive records of %s: %w", rawURL, classify(err))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus: archive records of %s: %w", rawURL, ErrNotFound)
	}
	return out, nil
}
