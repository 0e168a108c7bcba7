package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
)

// Reading one stored document: its metadata, every mention of the
// extraction with its offsets, its earlier versions and its incidents.

// Mention is one extracted fact with its code-point offsets into the text.
type Mention struct {
	Field string `json:"field"` // dates, counts, attackers, categories, incident_types, victim
	Seq   int    `json:"seq"`
	Value string `json:"value"` // the normalised value, as text
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Version is an earlier content of a document.
type Version struct {
	FetchedAt  string `json:"fetched_at"`
	ReplacedAt string `json:"replaced_at"`
	SHA256     string `json:"sha256"`
	Title      string `json:"title"`
	Published  string `json:"published"`
}

// Document is a stored page with its extraction.
type Document struct {
	ID              int64     `json:"id"`
	URL             string    `json:"url"`
	FinalURL        string    `json:"final_url"`
	Site            string    `json:"site"`
	FetchedAt       string    `json:"fetched_at"`
	Status          int       `json:"status"`
	ContentType     string    `json:"content_type"`
	Charset         string    `json:"charset"`
	Title           string    `json:"title"`
	Published       string    `json:"published"`
	PublishedSource string    `json:"published_source"`
	Victim          string    `json:"victim"`
	Publisher       string    `json:"publisher,omitempty"` // when the corpus stores publishers
	Kind            string    `json:"kind,omitempty"`      // when the corpus stores page kinds
	Error           string    `json:"error,omitempty"`
	Text            string    `json:"text"`
	Mentions        []Mention `json:"mentions"`
	Versions        []Version `json:"versions"`
	Incidents       []int64   `json:"incidents"` // ids of the incidents it belongs to
}

// documentColumns lists the optional columns of documents the file has.
func (s *store) documentColumns(ctx context.Context) (map[string]bool, error) {
	rows, err := s.db.Query(ctx, `SELECT name FROM pragma_table_info('documents')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		cols[n] = true
	}
	return cols, rows.Err()
}

// document reads one stored document, its mentions, versions and incidents.
func (s *store) document(ctx context.Context, id int64) (*Document, error) {
	cols, err := s.documentColumns(ctx)
	if err != nil {
		return nil, err
	}
	optional := func(c string) string {
		if cols[c] {
			return `coalesce(` + c + `, '')`
		}
		return `''`
	}
	d := &Document{ID: id}
	var status sql.NullInt64
	err = s.queryRow(ctx, `SELECT url, coalesce(final_url, ''), site, coalesce(fetched_at, ''), status,
		coalesce(content_type, ''), coalesce(charset, ''), coalesce(title, ''), coalesce(published, ''),
		coalesce(published_source, ''), coalesce(victim, ''), `+optional("publisher")+`, `+optional("kind")+`,
		coalesce(error, ''), coalesce(text, '') FROM documents WHERE id = ?`, []any{id},
		&d.URL, &d.FinalURL, &d.Site, &d.FetchedAt, &status, &d.ContentType, &d.Charset, &d.Title,
		&d.Published, &d.PublishedSource, &d.Victim, &d.Publisher, &d.Kind, &d.Error, &d.Text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	d.Status = int(status.Int64)
	if d.Mentions, err = s.mentions(ctx, id); err != nil {
		return nil, err
	}
	if d.Versions, err = s.versions(ctx, id); err != nil {
		return nil, err
	}
	if d.Incidents, err = s.documentIncidents(ctx, id); err != nil {
		return nil, err
	}
	return d, nil
}

// mentionQueries read each mention table as (seq, value, text, start, end).
var mentionQueries = []struct{ field, query string }{
	{"dates", `SELECT seq, value || ' (' || precision || ')', text, start, "end" FROM dates WHERE doc_id = ?`},
	{"counts", `SELECT seq, value || ' ' || counter || CASE qualifier WHEN '' THEN '' ELSE ' ' || qualifier END,
		text, start, "end" FROM counts WHERE doc_id = ?`},
	{"attackers", `SELECT seq, name || ' (' || coalesce(kind, 'unknown kind') || CASE known WHEN 1 THEN '' ELSE ', not in dictionary' END || ')',
		text, start, "end" FROM attackers WHERE doc_id = ?`},
	{"categories", `SELECT seq, category, text, start, "end" FROM categories WHERE doc_id = ?`},
	{"incident_types", `SELECT seq, type, text, start, "end" FROM incident_types WHERE doc_id = ? AND start IS NOT NULL`},
	{"victim", `SELECT 0, victim, substr(coalesce(text, ''), victim_start + 1, victim_end - victim_start), victim_start, victim_end
		FROM documents WHERE id = ? AND victim IS NOT NULL AND victim_start IS NOT NULL AND victim_end > victim_start`},
}

func (s *store) mentions(ctx context.Context, id int64) ([]Mention, error) {
	var out []Mention
	for _, mq := range mentionQueries {
		rows, err := s.db.Query(ctx, mq.query+` ORDER BY 1`, id)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", mq.field, err)
		}
		for rows.Next() {
			m := Mention{Field: mq.field}
			if err := rows.Scan(&m.Seq, &m.Value, &m.Text, &m.Start, &m.End); err != nil {
				rows.Close()
				return nil, err
			}
			out = append(out, m)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Start < out[b].Start })
	return out, nil
}

func (s *store) versions(ctx context.Context, id int64) ([]Version, error) {
	rows, err := s.db.Query(ctx, `SELECT coalesce(fetched_at, ''), replaced_at, coalesce(sha256, ''),
		coalesce(title, ''), coalesce(published, '') FROM document_versions WHERE doc_id = ? ORDER BY id DESC`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Version{}
	for rows.Next() {
		var v Version
		if err := rows.Scan(&v.FetchedAt, &v.ReplacedAt, &v.SHA256, &v.Title, &v.Published); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *store) documentIncidents(ctx context.Context, id int64) ([]int64, error) {
	layout, view, err := s.layout(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT doc_id FROM ` + view + ` WHERE doc_id = ?`
	if layout == LayoutIncidents {
		q = `SELECT incident_id FROM incident_documents WHERE doc_id = ? ORDER BY incident_id`
	}
	rows, err := s.db.Query(ctx, q, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
