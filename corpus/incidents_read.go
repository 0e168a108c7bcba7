package corpus

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kohyo-dev/kohyo/incident"
)

// IncidentFilter selects incidents. Empty fields select all.
type IncidentFilter struct {
	Since, Until string // YYYY-MM-DD bounds on first_published, inclusive
	Type         string // an incident type the incident has
	Attacker     string // an attacker name (case-insensitive)
	Victim       string // a substring of the victim's name (legal forms ignored)
	ID           int64  // one incident
}

// Incidents returns the stored incidents that pass f, each with its
// attackers, count revisions and timeline, ordered by first publication
// and id.
func (db *DB) Incidents(ctx context.Context, f IncidentFilter) ([]incident.Incident, error) {
	var (
		where []string
		args  []any
	)
	if f.ID != 0 {
		where, args = append(where, "i.id = ?"), append(args, f.ID)
	}
	if f.Since != "" {
		where, args = append(where, "i.first_published >= ?"), append(args, f.Since)
	}
	if f.Until != "" {
		where, args = append(where, "i.first_published <= ?"), append(args, f.Until)
	}
	if f.Type != "" {
		where, args = append(where, "(',' || i.types || ',') LIKE ?"), append(args, "%,"+f.Type+",%")
	}
	if f.Attacker != "" {
		where = append(where, "EXISTS (SELECT 1 FROM incident_attackers a WHERE a.incident_id = i.id AND a.name = ? COLLATE NOCASE)")
		args = append(args, f.Attacker)
	}
	if f.Victim != "" {
		where = append(where, "(i.victim_key LIKE ? OR i.victim LIKE ?)")
		args = append(args, "%"+incident.Key(f.Victim)+"%", "%"+f.Victim+"%")
	}
	q := `SELECT i.id, i.victim, i.victim_key, coalesce(i.publisher, ''), i.types, i.attackers, i.categories,
		coalesce(i.detected, ''), coalesce(i.first_published, ''), coalesce(i.last_published, ''), i.max_count, i.latest_count
		FROM incidents i`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY i.first_published, i.id"
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("corpus: incidents: %w", classify(err))
	}
	var out []incident.Incident
	at := map[int64]int{}
	for rows.Next() {
		var (
			in                     incident.Incident
			types, attackers, cats string
			maxCount, latestCount  sql.NullInt64
		)
		if err := rows.Scan(&in.ID, &in.Victim, &in.VictimKey, &in.Publisher, &types, &attackers, &cats,
			&in.Detected, &in.FirstPublished, &in.LastPublished, &maxCount, &latestCount); err != nil {
			rows.Close()
			return nil, fmt.Errorf("corpus: incidents: %w", err)
		}
		in.Types, in.Categories = split(types), split(cats)
		if maxCount.Valid {
			in.MaxCount = &maxCount.Int64
		}
		if latestCount.Valid {
			in.LatestCount = &latestCount.Int64
		}
		at[in.ID] = len(out)
		out = append(out, in)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("corpus: incidents: %w", classify(err))
	}
	if len(out) == 0 {
		return nil, nil
	}
	get := func(id int64) *incident.Incident {
		if i, ok := at[id]; ok {
			return &out[i]
		}
		return nil
	}
	err = scanAll(ctx, db.read, `SELECT l.incident_id, l.doc_id, d.url, coalesce(d.title, ''), coalesce(d.published, ''), l.role
		FROM incident_documents l JOIN documents d ON d.id = l.doc_id
		ORDER BY l.incident_id, d.published, CASE l.role WHEN 'news' THEN 1 ELSE 0 END, d.id`, func(r *sql.Rows) error {
		var (
			id int64
			m  incident.Member
		)
		if err := r.Scan(&id, &m.DocID, &m.URL, &m.Title, &m.Published, &m.Role); err != nil {
			return err
		}
		if in := get(id); in != nil {
			in.Documents = append(in.Documents, m)
		}
		return nil
	})
	if err == nil {
		err = scanAll(ctx, db.read, `SELECT incident_id, name, coalesce(first_named, ''), claimed, confirmed
			FROM incident_attackers ORDER BY incident_id, first_named, name`, func(r *sql.Rows) error {
			var (
				id int64
				a  incident.AttackerInfo
			)
			if err := r.Scan(&id, &a.Name, &a.FirstNamed, &a.Claimed, &a.Confirmed); err != nil {
				return err
			}
			if in := get(id); in != nil {
				in.Attackers = append(in.Attackers, a)
			}
			return nil
		})
	}
	if err == nil {
		err = scanAll(ctx, db.read, `SELECT incident_id, doc_id, coalesce(published, ''), value, qualifier, text
			FROM incident_counts ORDER BY incident_id, published, doc_id`, func(r *sql.Rows) error {
			var (
				id int64
				c  incident.CountRevision
			)
			if err := r.Scan(&id, &c.DocID, &c.Published, &c.Value, &c.Qualifier, &c.Text); err != nil {
				return err
			}
			if in := get(id); in != nil {
				in.Counts = append(in.Counts, c)
			}
			return nil
		})
	}
	if err != nil {
		return nil, fmt.Errorf("corpus: incidents: %w", err)
	}
	return out, nil
}

// Incident returns one incident by id, or ErrNotFound.
func (db *DB) Incident(ctx context.Context, id int64) (incident.Incident, error) {
	ins, err := db.Incidents(ctx, IncidentFilter{ID: id})
	if err != nil {
		return incident.Incident{}, err
	}
	if len(ins) == 0 {
		return incident.Incident{}, fmt.Errorf("corpus: incident %d: %w", id, ErrNotFound)
	}
	return ins[0], nil
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// StatsBy are the groupings Stats accepts.
var StatsBy = []string{"year", "month", "type", "cause", "attacker", "category", "publisher"}

// StatRow is one line of Stats: a group, its incidents and records.
type StatRow struct {
	Key       string // the year, month, type, cause class, attacker, category or publisher
	Cause     string // for type: the survey cause class of the type
	Incidents int    // incidents in the group
	Counted   int    // of which state a record count
	Records   int64  // sum of their largest record counts
}

// ErrBadStatsBy: Stats was asked for an unknown grouping.
var ErrBadStatsBy = errors.New("unknown grouping")

// Stats counts incidents (not documents) and their records by a
// grouping, like the annual surveys: an incident with two types counts
// once under each type, once under its cause class (incident.Cause).
// Rows come in the group's natural order (time ascending, else most
// incidents first).
func (db *DB) Stats(ctx context.Context, by string, f IncidentFilter) ([]StatRow, error) {
	if !slices.Contains(StatsBy, by) {
		return nil, fmt.Errorf("corpus: stats: %w %q (want one of %s)", ErrBadStatsBy, by, strings.Join(StatsBy, ", "))
	}
	ins, err := db.Incidents(ctx, f)
	if err != nil {
		return nil, err
	}
	rows := map[string]*StatRow{}
	var order []string
	add := func(key string, in *incident.Incident) {
		r, ok := rows[key]
		if !ok {
			r = &StatRow{Key: key}
			if by == "type" {
				r.Cause = incident.CauseOfType(key)
			}
			rows[key] = r
			order = append(order, key)
		}
		r.Incidents++
		if in.MaxCount != nil {
			r.Counted++
			r.Records += *in.MaxCount
		}
	}
	for i := range ins {
		in := &ins[i]
		var keys []string
		switch by {
		case "year":
			keys = []string{prefixOr(in.FirstPublished, 4)}
		case "month":
			keys = []string{prefixOr(in.FirstPublished, 7)}
		case "type":
			keys = in.Types
		case "cause":
			keys = []string{incident.Cause(in.Types)}
		case "attacker":
			for _, a := range in.Attackers {
				keys = append(keys, a.Name)
			}
		case "category":
			keys = in.Categories
		case "publisher":
			keys = []string{in.Publisher}
		}
		if len(keys) == 0 {
			keys = []string{""}
		}
		for _, k := range keys {
			add(k, in)
		}
	}
	out := make([]StatRow, 0, len(order))
	for _, k := range order {
		out = append(out, *rows[k])
	}
	sortStats(out, by == "year" || by == "month")
	return out, nil
}

func prefixOr(s string, n int) string {
	if len(s) < n {
		return ""
	}
	return s[:n]
}

// sortStats orders rows by key (byTime) or by incidents descending, then
// key; the empty key ("unknown") goes last.
func sortStats(rows []StatRow, byTime bool) {
	slices.SortStableFunc(rows, func(a, b StatRow) int {
		if (a.Key == "") != (b.Key == "") {
			if a.Key == "" {
				return 1
			}
			return -1
		}
		if !byTime {
			if c := cmp.Compare(b.Incidents, a.Incidents); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.Key, b.Key)
	})
}
