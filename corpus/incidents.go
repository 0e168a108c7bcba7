package corpus

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/kohyo-dev/kohyo/incident"
)

// Incidents are rebuilt from the stored documents as a whole (after a
// crawl, by reextract): the grouping of one document can depend on any
// other document of the same victim, so a partial update would have to
// redo most of the work anyway, and a whole rebuild costs little (see
// BenchmarkConsolidate). Ids stay stable: a rebuilt incident takes the id
// of the old incident it shares most documents with.

// eligible selects the documents that may join an incident: text, at
// least one incident type, leaked data category or record count (a
// follow-up report may name no incident type: 「4月10日にお知らせした障害
// について…約4万5千件の情報が流出した可能性」;
// see incident.Consolidate), not a listing (nor another non-article
// page), not withdrawn (the last fetch said 404 or 410).
const eligible = `d.text IS NOT NULL
	AND coalesce(d.kind, 'article') IN ('article', 'pdf')
	AND (d.error IS NULL OR (d.error NOT LIKE '%http status 404%' AND d.error NOT LIKE '%http status 410%'))
	AND (EXISTS (SELECT 1 FROM incident_types t WHERE t.doc_id = d.id)
		OR EXISTS (SELECT 1 FROM categories c WHERE c.doc_id = d.id)
		OR EXISTS (SELECT 1 FROM counts c WHERE c.doc_id = d.id AND c.counter IN ('件', '名', '人')))`

// ConsolidateStats says what Consolidate did.
type ConsolidateStats struct {
	Documents int // documents in incidents
	Incidents int // incidents stored
	Kept      int // of which kept an earlier incident's id
	Victims   int // documents whose victim was set from their publisher
}

// Consolidate rebuilds the incidents tables from the stored documents:
// first documents without a victim get their publisher's name where
// incident.ResolveVictim says so, then incident.Consolidate groups them,
// then the result replaces the stored incidents in one transaction.
func (db *DB) Consolidate(ctx context.Context) (ConsolidateStats, error) {
	var st ConsolidateStats
	n, err := db.victimsFromPublishers(ctx)
	if err != nil {
		return st, fmt.Errorf("corpus: consolidate: %w", err)
	}
	st.Victims = n
	decided := map[int64][2]string{}
	docs, err := db.incidentDocs(ctx, decided)
	if err != nil {
		return st, fmt.Errorf("corpus: consolidate: %w", err)
	}
	ins := incident.Consolidate(docs)
	followers := map[int64][2]string{} // the decided victims of documents that joined
	for _, in := range ins {
		st.Documents += len(in.Documents)
		for _, m := range in.Documents {
			if v, ok := decided[m.DocID]; ok {
				followers[m.DocID] = v
			}
		}
	}
	kept, err := db.storeIncidents(ctx, ins, followers)
	if err != nil {
		return st, fmt.Errorf("corpus: consolidate: %w", err)
	}
	st.Incidents, st.Kept = len(ins), kept
	return st, nil
}

// victimsFromPublishers settles the victim of every eligible document
// (incident.ResolveVictim): the extractor's, unless it is a fragment; the
// publisher's name for a 当社/本市 notice; a news article's subject.
//
// A site that reads like a news outlet never lends its name: one whose
// documents name three or more other organisations as victims in their
// text and never call their issuer 当社/本市. That catches an article
// without the words a news text is recognised by (同社, 発表した).
func (db *DB) victimsFromPublishers(ctx context.Context) (int, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT d.id, d.site, coalesce(d.title, ''), d.text, coalesce(d.victim, ''), coalesce(d.victim_source, ''), `+publisherSQL+`
		FROM documents d LEFT JOIN sites s ON s.host = d.site
		WHERE `+eligible+` AND EXISTS (SELECT 1 FROM incident_types t WHERE t.doc_id = d.id)`)
	if err != nil {
		return 0, classify(err)
	}
	// Documents without an incident type keep no victim: incidentDocs
	// decides one for them, only to see whether they follow an incident.
	// One pass: each document's resolution and its site's figures; texts
	// are not kept.
	type resolved struct {
		id                         int64
		site, victim, source, v, s string
	}
	type siteStat struct {
		others map[string]bool // victims named in the text that are not the publisher
		self   bool            // a document calls its issuer 当社/本市
	}
	var docs []resolved
	sites := map[string]*siteStat{}
	for rows.Next() {
		var (
			d                      resolved
			title, text, publisher string
		)
		if err := rows.Scan(&d.id, &d.site, &title, &text, &d.victim, &d.source, &publisher); err != nil {
			rows.Close()
			return 0, err
		}
		st := sites[d.site]
		if st == nil {
			st = &siteStat{others: map[string]bool{}}
			sites[d.site] = st
		}
		if incident.SelfReference(text) {
			st.self = true
		}
		if d.source == incident.VictimFromText && d.victim != "" && incident.Key(d.victim) != incident.Key(publisher) {
			st.others[incident.Key(d.victim)] = true
		}
		found := d.victim
		if d.source == incident.VictimFromPublisher {
			found = "" // the extractor found none (or a fragment)
		}
		d.v, d.s = incident.ResolveVictim(title, text, found, publisher)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, classify(err)
	}
	type set struct {
		id             int64
		victim, source string
	}
	var sets []set
	for _, d := range docs {
		if st := sites[d.site]; d.s == incident.VictimFromPublisher && len(st.others) >= 3 && !st.self {
			d.v, d.s = "", "" // a news outlet is never the victim
		}
		if d.v != d.victim || d.s != d.source {
			sets = append(sets, set{d.id, d.v, d.s})
		}
	}
	if len(sets) == 0 {
		return 0, nil
	}
	err = db.update(ctx, func(tx *sql.Tx) error {
		for _, s := range sets {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET
				victim_start = CASE WHEN victim = ?1 THEN victim_start END,
				victim_end = CASE WHEN victim = ?1 THEN victim_end END,
				victim = ?1, victim_source = ?2 WHERE id = ?3`, nullString(s.victim), nullString(s.source), s.id); err != nil {
				return err
			}
		}
		return nil
	})
	return len(sets), err
}

// incidentTextRunes is how much of a document's text consolidation reads:
// report-chain words, dates that refer to earlier notices and claims
// beside attackers' names are looked for there (offsets stay valid: SQLite
// counts characters). It bounds the memory a rebuild takes.
const incidentTextRunes = 4000

// incidentDocs loads the eligible documents with a victim and their
// mentions.
//
// decided holds the victims decided here for documents without an
// incident type (not stored unless they join an incident).
func (db *DB) incidentDocs(ctx context.Context, decided map[int64][2]string) ([]incident.Doc, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT d.id, d.url, coalesce(d.title, ''), coalesce(d.published, ''), `+publisherSQL+`,
			d.victim, substr(d.text, 1, `+fmt.Sprint(incidentTextRunes)+`)
		FROM documents d LEFT JOIN sites s ON s.host = d.site
		WHERE `+eligible+` ORDER BY d.id`)
	if err != nil {
		return nil, classify(err)
	}
	var docs []incident.Doc
	at := map[int64]int{}
	for rows.Next() {
		var d incident.Doc
		var victim sql.NullString
		if err := rows.Scan(&d.ID, &d.URL, &d.Title, &d.Published, &d.Publisher, &victim, &d.Text); err != nil {
			rows.Close()
			return nil, err
		}
		d.Victim = victim.String
		at[d.ID] = len(docs)
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, classify(err)
	}
	if len(docs) == 0 {
		return nil, nil
	}
	// Each mention table is read whole, in one pass, and filtered here:
	// cheaper than one query per document.
	doc := func(id int64) *incident.Doc {
		if i, ok := at[id]; ok {
			return &docs[i]
		}
		return nil
	}
	err = scanAll(ctx, db.read, `SELECT doc_id, type FROM incident_types ORDER BY doc_id, seq`, func(r *sql.Rows) error {
		var (
			id int64
			t  string
		)
		if err := r.Scan(&id, &t); err != nil {
			return err
		}
		if d := doc(id); d != nil && !slices.Contains(d.Types, t) {
			d.Types = append(d.Types, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, db.read, `SELECT doc_id, name, start, "end" FROM attackers ORDER BY doc_id, seq`, func(r *sql.Rows) error {
		var (
			id int64
			a  incident.Attacker
		)
		if err := r.Scan(&id, &a.Name, &a.Start, &a.End); err != nil {
			return err
		}
		if d := doc(id); d != nil {
			d.Attackers = append(d.Attackers, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, db.read, `SELECT doc_id, value, counter, qualifier, text FROM counts ORDER BY doc_id, seq`, func(r *sql.Rows) error {
		var (
			id int64
			c  incident.Count
		)
		if err := r.Scan(&id, &c.Value, &c.Counter, &c.Qualifier, &c.Text); err != nil {
			return err
		}
		if d := doc(id); d != nil {
			d.Counts = append(d.Counts, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, db.read, `SELECT doc_id, category FROM categories ORDER BY doc_id, seq`, func(r *sql.Rows) error {
		var (
			id int64
			c  string
		)
		if err := r.Scan(&id, &c); err != nil {
			return err
		}
		if d := doc(id); d != nil && !slices.Contains(d.Categories, c) {
			d.Categories = append(d.Categories, c)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, db.read, `SELECT doc_id, value, precision, start, "end" FROM dates ORDER BY doc_id, seq`, func(r *sql.Rows) error {
		var (
			id int64
			x  incident.Date
		)
		if err := r.Scan(&id, &x.Value, &x.Precision, &x.Start, &x.End); err != nil {
			return err
		}
		if d := doc(id); d != nil {
			d.Dates = append(d.Dates, x)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// A document without a victim: with an incident type it has none to
	// find (a news article naming nobody); without one (a follow-up that
	// names only leaked data) it gets one here, to see whether it follows
	// an incident.
	out := docs[:0]
	for _, d := range docs {
		if d.Victim == "" {
			if len(d.Types) > 0 {
				continue
			}
			var src string
			d.Victim, src = incident.ResolveVictim(d.Title, d.Text, "", d.Publisher)
			if d.Victim == "" {
				continue
			}
			decided[d.ID] = [2]string{d.Victim, src}
		}
		out = append(out, d)
	}
	return out, nil
}

// scanAll runs query and calls fn for each row.
func scanAll(ctx context.Context, q *sql.DB, query string, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return classify(rows.Err())
}

// storeIncidents replaces the stored incidents with ins, giving each the
// id of the old incident it shares most documents with (each old id goes
// to one new incident at most); the others get new ids, never reused.
// It sets ins[i].ID and returns how many kept an id.
//
// followers are documents without an incident type that joined an
// incident: their victim (and its source) is stored with it.
func (db *DB) storeIncidents(ctx context.Context, ins []incident.Incident, followers map[int64][2]string) (int, error) {
	old := map[int64]int64{} // doc_id → incident_id
	err := scanAll(ctx, db.read, `SELECT incident_id, doc_id FROM incident_documents`, func(r *sql.Rows) error {
		var inc, doc int64
		if err := r.Scan(&inc, &doc); err != nil {
			return err
		}
		old[doc] = inc
		return nil
	})
	if err != nil {
		return 0, err
	}
	type pair struct {
		in      int
		old     int64
		overlap int
	}
	var pairs []pair
	for i := range ins {
		ins[i].ID = 0
		n := map[int64]int{}
		for _, m := range ins[i].Documents {
			if o, ok := old[m.DocID]; ok {
				n[o]++
			}
		}
		for o, c := range n {
			pairs = append(pairs, pair{i, o, c})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := cmp.Compare(b.overlap, a.overlap); c != 0 {
			return c
		}
		if c := cmp.Compare(a.old, b.old); c != 0 {
			return c
		}
		return cmp.Compare(a.in, b.in)
	})
	taken := map[int64]bool{}
	kept := 0
	for _, p := range pairs {
		if ins[p.in].ID != 0 || taken[p.old] {
			continue
		}
		ins[p.in].ID = p.old
		taken[p.old] = true
		kept++
	}
	now := formatTime(db.now())
	err = db.update(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM incidents`); err != nil {
			return err
		}
		for id, v := range followers {
			if _, err := tx.ExecContext(ctx, `UPDATE documents SET victim = ?, victim_source = ?
				WHERE id = ? AND (victim IS NULL OR victim = '')`, v[0], v[1], id); err != nil {
				return err
			}
		}
		for i := range ins {
			if err := insertIncident(ctx, tx, &ins[i], now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for i := range ins {
			ins[i].ID = 0
		}
		return 0, err
	}
	return kept, nil
}

func insertIncident(ctx context.Context, tx *sql.Tx, in *incident.Incident, now any) error {
	var id any
	if in.ID != 0 {
		id = in.ID
	}
	names := make([]string, len(in.Attackers))
	for i, a := range in.Attackers {
		names[i] = a.Name
	}
	reports, news := in.Reports()
	r, err := tx.ExecContext(ctx, `INSERT INTO incidents (id, victim, victim_key, publisher, types, attackers,
		categories, detected, first_published, last_published, max_count, latest_count, documents, reports, news,
		updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, in.Victim, in.VictimKey, nullString(in.Publisher), strings.Join(in.Types, ","), strings.Join(names, ","),
		strings.Join(in.Categories, ","), nullString(in.Detected), nullString(in.FirstPublished),
		nullString(in.LastPublished), intPtr(in.MaxCount), intPtr(in.LatestCount), len(in.Documents), reports, news, now)
	if err != nil {
		return fmt.Errorf("insert incident: %w", err)
	}
	if in.ID == 0 {
		if in.ID, err = r.LastInsertId(); err != nil {
			return err
		}
	}
	for _, m := range in.Documents {
		if _, err := tx.ExecContext(ctx, `INSERT INTO incident_documents (incident_id, doc_id, role) VALUES (?, ?, ?)`,
			in.ID, m.DocID, m.Role); err != nil {
			return fmt.Errorf("insert incident document: %w", err)
		}
	}
	for _, a := range in.Attackers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO incident_attackers (incident_id, name, first_named, claimed, confirmed)
			VALUES (?, ?, ?, ?, ?)`, in.ID, a.Name, nullString(a.FirstNamed), a.Claimed, a.Confirmed); err != nil {
			return fmt.Errorf("insert incident attacker: %w", err)
		}
	}
	for _, c := range in.Counts {
		if _, err := tx.ExecContext(ctx, `INSERT INTO incident_counts (incident_id, doc_id, published, value, qualifier, text)
			VALUES (?, ?, ?, ?, ?, ?)`, in.ID, c.DocID, nullString(c.Published), c.Value, c.Qualifier, c.Text); err != nil {
			return fmt.Errorf("insert incident count: %w", err)
		}
	}
	return nil
}

func intPtr(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
