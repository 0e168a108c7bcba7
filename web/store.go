package web

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/kohyo-dev/kohyo/corpus"
)

// The data-access layer: every SQL statement of the package is here.
//
// A corpus holds incidents in one of two layouts, detected on every read
// (a crawl may migrate the file while the server runs):
//
//   - consolidated: the table incidents (one row per real event) and
//     incident_documents(incident_id, doc_id, role) linking its reports
//     and news articles;
//   - per document: the view incidents (called incident_documents_view
//     once consolidation exists), one row per document with an incident
//     type; the incident id is the document id.
//
// Both are read into the same Incident rows; filtering, paging and the
// statistics then run in Go over those rows (one query per request).

// Layouts of the incidents data.
const (
	LayoutIncidents = "incidents" // consolidated incidents
	LayoutDocuments = "documents" // one incident per incident document
)

// Incident is one row of the incident list.
type Incident struct {
	ID             int64    `json:"id"`
	Victim         string   `json:"victim"`
	Title          string   `json:"title"` // the first document's title
	URL            string   `json:"url"`   // the first document's URL
	Types          []string `json:"types"`
	Attackers      []string `json:"attackers"`
	Categories     []string `json:"categories"`
	FirstPublished string   `json:"first_published"` // YYYY-MM-DD or ""
	LastPublished  string   `json:"last_published"`
	MaxCount       *int64   `json:"max_count"` // the largest number any document states, or null
	Documents      int      `json:"documents"` // documents linked to the incident
}

// MaxCountText is the largest count with thousands separators, or "".
func (i Incident) MaxCountText() string {
	if i.MaxCount == nil {
		return ""
	}
	return formatInt(*i.MaxCount)
}

// Year is the year of the first publication, or "".
func (i Incident) Year() string {
	if len(i.FirstPublished) >= 4 {
		return i.FirstPublished[:4]
	}
	return ""
}

// TimelineEntry is one document of an incident.
type TimelineEntry struct {
	DocID     int64  `json:"doc_id"`
	Published string `json:"published"`
	Title     string `json:"title"`
	URL       string `json:"url"`
	Role      string `json:"role"` // report, follow-up, news
}

// CountRevision is the largest count one document of an incident states.
type CountRevision struct {
	DocID     int64  `json:"doc_id"`
	Published string `json:"published"`
	Value     int64  `json:"value"`
	Counter   string `json:"counter"`
	Qualifier string `json:"qualifier"`
	Text      string `json:"text"`
}

// AttackerInfo is an attacker of an incident and the first document naming it.
type AttackerInfo struct {
	Name       string `json:"name"`
	FirstNamed string `json:"first_named"` // published date of the first document naming it
	Claimed    bool   `json:"claimed"`     // consolidated layout only
	Confirmed  bool   `json:"confirmed"`   // consolidated layout only
}

// IncidentDetail is one incident with its timeline.
type IncidentDetail struct {
	Incident
	Layout string `json:"layout"`
	// From the consolidated incidents table, when the corpus has these columns.
	Publisher   string `json:"publisher,omitempty"`    // the victim's own site name
	Detected    string `json:"detected,omitempty"`     // earliest incident date stated
	LatestCount *int64 `json:"latest_count,omitempty"` // the count of the latest document that states one
	Reports     *int   `json:"reports,omitempty"`      // the victim's own reports
	News        *int   `json:"news,omitempty"`         // news articles

	Timeline     []TimelineEntry `json:"timeline"`
	Counts       []CountRevision `json:"counts"`
	AttackerInfo []AttackerInfo  `json:"attacker_info"`
}

// store reads a corpus. It never writes.
type store struct {
	db *corpus.DB
}

var errNotFound = errors.New("not found")

// layout reports which incidents layout the corpus has and the name of
// the per-document view.
func (s *store) layout(ctx context.Context) (layout, view string, err error) {
	rows, err := s.db.Query(ctx, `SELECT type, name FROM sqlite_schema
		WHERE name IN ('incidents', 'incident_documents', 'incident_documents_view')`)
	if err != nil {
		return "", "", err
	}
	defer rows.Close()
	have := map[string]string{}
	for rows.Next() {
		var typ, name string
		if err := rows.Scan(&typ, &name); err != nil {
			return "", "", err
		}
		have[name] = typ
	}
	if err := rows.Err(); err != nil {
		return "", "", err
	}
	switch {
	case have["incidents"] == "table" && have["incident_documents"] == "table":
		return LayoutIncidents, "", nil
	case have["incident_documents_view"] == "view":
		return LayoutDocuments, "incident_documents_view", nil
	case have["incidents"] == "view":
		return LayoutDocuments, "incidents", nil
	}
	return "", "", errors.New("the corpus has no incidents table or view")
}

// incidentsQuery selects every incident in the common column order.
func incidentsQuery(layout, view string) string {
	if layout == LayoutIncidents {
		first := func(col string) string {
			return `coalesce((SELECT d.` + col + ` FROM incident_documents g JOIN documents d ON d.id = g.doc_id
				WHERE g.incident_id = i.id ORDER BY coalesce(d.published, '9999'), d.id LIMIT 1), '')`
		}
		return `SELECT i.id, coalesce(i.victim, ''), ` + first("title") + `, ` + first("url") + `,
			coalesce(i.types, ''), coalesce(i.attackers, ''), coalesce(i.categories, ''),
			coalesce(i.first_published, ''), coalesce(i.last_published, ''), i.max_count, i.documents
			FROM incidents AS i`
	}
	return `SELECT v.doc_id, coalesce(v.victim, ''), coalesce(v.title, ''), v.url,
		coalesce(v.types, ''), coalesce(v.attackers, ''), coalesce(v.categories, ''),
		coalesce(v.published, ''), coalesce(v.published, ''), v.max_count, 1
		FROM ` + view + ` AS v`
}

// incidents reads every incident, newest first.
func (s *store) incidents(ctx context.Context) (string, []Incident, error) {
	layout, view, err := s.layout(ctx)
	if err != nil {
		return "", nil, err
	}
	out, err := s.scanIncidents(ctx, incidentsQuery(layout, view))
	if err != nil {
		return "", nil, err
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].LastPublished != out[b].LastPublished {
			return out[a].LastPublished > out[b].LastPublished
		}
		return out[a].ID > out[b].ID
	})
	return layout, out, nil
}

// incidentByID reads one incident.
func (s *store) incidentByID(ctx context.Context, id int64) (string, Incident, error) {
	layout, view, err := s.layout(ctx)
	if err != nil {
		return "", Incident{}, err
	}
	where := ` WHERE v.doc_id = ?`
	if layout == LayoutIncidents {
		where = ` WHERE i.id = ?`
	}
	out, err := s.scanIncidents(ctx, incidentsQuery(layout, view)+where, id)
	if err != nil {
		return "", Incident{}, err
	}
	if len(out) == 0 {
		return "", Incident{}, errNotFound
	}
	return layout, out[0], nil
}

func (s *store) scanIncidents(ctx context.Context, q string, args ...any) ([]Incident, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Incident
	for rows.Next() {
		var (
			in                     Incident
			types, attackers, cats string
			maxCount               sql.NullInt64
		)
		if err := rows.Scan(&in.ID, &in.Victim, &in.Title, &in.URL, &types, &attackers, &cats,
			&in.FirstPublished, &in.LastPublished, &maxCount, &in.Documents); err != nil {
			return nil, err
		}
		in.Types, in.Attackers, in.Categories = splitList(types), splitList(attackers), splitList(cats)
		if maxCount.Valid {
			v := maxCount.Int64
			in.MaxCount = &v
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

func splitList(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// incident reads one incident with its timeline.
func (s *store) incident(ctx context.Context, id int64) (*IncidentDetail, error) {
	layout, in, err := s.incidentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	det := &IncidentDetail{Layout: layout, Incident: in}
	q := `SELECT d.id, coalesce(d.published, ''), coalesce(d.title, ''), d.url, 'report'
		FROM documents d WHERE d.id = ?`
	if layout == LayoutIncidents {
		q = `SELECT d.id, coalesce(d.published, ''), coalesce(d.title, ''), d.url, g.role
			FROM incident_documents g JOIN documents d ON d.id = g.doc_id WHERE g.incident_id = ?
			ORDER BY coalesce(d.published, '9999'), d.id`
	}
	rows, err := s.db.Query(ctx, q, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e TimelineEntry
		if err := rows.Scan(&e.DocID, &e.Published, &e.Title, &e.URL, &e.Role); err != nil {
			return nil, err
		}
		det.Timeline = append(det.Timeline, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, e := range det.Timeline {
		if err := s.timelineFacts(ctx, det, e); err != nil {
			return nil, err
		}
	}
	if layout == LayoutIncidents {
		if err := s.attackerFlags(ctx, det); err != nil {
			return nil, err
		}
		if err := s.incidentCounts(ctx, det); err != nil {
			return nil, err
		}
		if err := s.incidentColumns(ctx, det); err != nil {
			return nil, err
		}
	}
	return det, nil
}

// DocumentSummary is the number of documents, with the victim's own
// reports and the news articles among them when the corpus counts them.
func (d IncidentDetail) DocumentSummary() string {
	s := strconv.Itoa(d.Documents)
	if d.Reports != nil && d.News != nil {
		s += fmt.Sprintf(" (本人の報告 %d, 報道 %d)", *d.Reports, *d.News)
	}
	return s
}

// incidentColumns reads the consolidated incident's own summary columns
// (those of issue 8's schema that this file has).
func (s *store) incidentColumns(ctx context.Context, det *IncidentDetail) error {
	rows, err := s.db.Query(ctx, `SELECT name FROM pragma_table_info('incidents')`)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		have[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	col := func(c, zero string) string {
		if have[c] {
			return c
		}
		return zero
	}
	var (
		publisher, detected sql.NullString
		latest              sql.NullInt64
		reports, news       sql.NullInt64
	)
	err = s.queryRow(ctx, `SELECT `+col("publisher", "NULL")+`, `+col("detected", "NULL")+`, `+
		col("latest_count", "NULL")+`, `+col("reports", "NULL")+`, `+col("news", "NULL")+
		` FROM incidents WHERE id = ?`, []any{det.ID}, &publisher, &detected, &latest, &reports, &news)
	if err != nil {
		return err
	}
	det.Publisher, det.Detected = publisher.String, detected.String
	if latest.Valid {
		det.LatestCount = &latest.Int64
	}
	if reports.Valid {
		n := int(reports.Int64)
		det.Reports = &n
	}
	if news.Valid {
		n := int(news.Int64)
		det.News = &n
	}
	return nil
}

// incidentCounts replaces the count revisions by the consolidation's own
// (table incident_counts: the counts it takes as record counts) when the
// corpus has that table.
func (s *store) incidentCounts(ctx context.Context, det *IncidentDetail) error {
	if ok, err := s.hasTable(ctx, "incident_counts"); err != nil || !ok {
		return err
	}
	rows, err := s.db.Query(ctx, `SELECT doc_id, coalesce(published, ''), value, qualifier, text
		FROM incident_counts WHERE incident_id = ? ORDER BY coalesce(published, '9999'), doc_id`, det.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	counts := []CountRevision{}
	for rows.Next() {
		var c CountRevision
		if err := rows.Scan(&c.DocID, &c.Published, &c.Value, &c.Qualifier, &c.Text); err != nil {
			return err
		}
		counts = append(counts, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	det.Counts = counts
	return nil
}

func (s *store) hasTable(ctx context.Context, name string) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, []any{name}, &n)
	return n == 1, err
}

// timelineFacts adds one document's largest count and newly named
// attackers to the incident (documents come in published order).
func (s *store) timelineFacts(ctx context.Context, det *IncidentDetail, e TimelineEntry) error {
	var c CountRevision
	err := s.queryRow(ctx, `SELECT value, counter, qualifier, text FROM counts WHERE doc_id = ?
		ORDER BY value DESC, seq LIMIT 1`, []any{e.DocID}, &c.Value, &c.Counter, &c.Qualifier, &c.Text)
	switch {
	case err == nil:
		c.DocID, c.Published = e.DocID, e.Published
		det.Counts = append(det.Counts, c)
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	rows, err := s.db.Query(ctx, `SELECT name FROM attackers WHERE doc_id = ? GROUP BY name ORDER BY min(seq)`, e.DocID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		seen := false
		for _, a := range det.AttackerInfo {
			seen = seen || a.Name == name
		}
		if !seen {
			det.AttackerInfo = append(det.AttackerInfo, AttackerInfo{Name: name, FirstNamed: e.Published})
		}
	}
	return rows.Err()
}

// attackerFlags reads claimed/confirmed from incident_attackers when the
// corpus has that table.
func (s *store) attackerFlags(ctx context.Context, det *IncidentDetail) error {
	if ok, err := s.hasTable(ctx, "incident_attackers"); err != nil || !ok {
		return err
	}
	rows, err := s.db.Query(ctx, `SELECT name, coalesce(first_named, ''), claimed, confirmed
		FROM incident_attackers WHERE incident_id = ?`, det.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a AttackerInfo
		if err := rows.Scan(&a.Name, &a.FirstNamed, &a.Claimed, &a.Confirmed); err != nil {
			return err
		}
		merged := false
		for i := range det.AttackerInfo {
			if det.AttackerInfo[i].Name == a.Name {
				det.AttackerInfo[i], merged = a, true
			}
		}
		if !merged {
			det.AttackerInfo = append(det.AttackerInfo, a)
		}
	}
	return rows.Err()
}

func (s *store) queryRow(ctx context.Context, q string, args []any, dest ...any) error {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}
