package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The frontier is the crawl's to-do list and done list, one row per URL,
// persisted so that a killed crawl loses nothing:
//
//	pending ──Next/GetRequest──▶ in_flight ──StoreDocument/MarkDone──▶ done
//	                                 │ └──────RecordFetchError/MarkFailed──▶ failed
//	                                 └──RecoverFrontier (after a crash)──▶ pending
//
// A URL enters once (Enqueue of a known URL is a no-op whatever its state);
// RequeueFrontier starts a new incremental pass over every known URL.
// One crawling process per database: two crawlers sharing a frontier would
// each recover the other's in-flight URLs.

// FrontierState is the state of one frontier URL.
type FrontierState string

// Frontier states.
const (
	StatePending  FrontierState = "pending"
	StateInFlight FrontierState = "in_flight"
	StateDone     FrontierState = "done"
	StateFailed   FrontierState = "failed"
)

const (
	stateDone   = StateDone
	stateFailed = StateFailed
)

// FrontierEntry is a URL to crawl.
type FrontierEntry struct {
	URL   string // absolute http(s) URL, canonical form
	Seed  string // the start URL it was found from
	Depth int    // link hops from the seed
}

// FrontierItem is a frontier row.
type FrontierItem struct {
	ID       int64
	URL      string
	Host     string
	Seed     string
	Depth    int
	State    FrontierState
	Attempts int
	Error    string
}

// FrontierCounts are the numbers of frontier URLs in each state.
type FrontierCounts struct {
	Pending  int `json:"pending"`
	InFlight int `json:"in_flight"`
	Done     int `json:"done"`
	Failed   int `json:"failed"`
}

// Total is the number of known URLs.
func (c FrontierCounts) Total() int { return c.Pending + c.InFlight + c.Done + c.Failed }

func frontierHost(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an absolute http(s) url", raw)
	}
	return strings.ToLower(u.Hostname()), nil
}

// Enqueue adds URLs to the frontier as pending, in one transaction, and
// returns how many were new. URLs already known (in any state) are left
// as they are. Invalid URLs are skipped and reported in the error, after
// the valid ones are stored.
func (db *DB) Enqueue(ctx context.Context, entries ...FrontierEntry) (int, error) {
	type row struct {
		FrontierEntry
		host string
	}
	rows := make([]row, 0, len(entries))
	var bad []error
	for _, e := range entries {
		h, err := frontierHost(e.URL)
		if err != nil {
			bad = append(bad, err)
			continue
		}
		rows = append(rows, row{e, h})
	}
	added := 0
	if len(rows) > 0 {
		now := formatTime(db.now())
		err := db.update(ctx, func(tx *sql.Tx) error {
			added = 0
			for _, r := range rows {
				res, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, host, seed, depth, added_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`, r.URL, r.host, r.Seed, r.Depth, now, now)
				if err != nil {
					return err
				}
				n, _ := res.RowsAffected()
				added += int(n)
			}
			return nil
		})
		if err != nil {
			return 0, fmt.Errorf("corpus: enqueue: %w", err)
		}
	}
	if len(bad) > 0 {
		return added, fmt.Errorf("corpus: enqueue: %w", errors.Join(bad...))
	}
	return added, nil
}

// Next claims up to limit pending URLs (oldest first), skipping the given
// hosts (those the caller is busy with), and marks them in_flight.
// It returns ErrFrontierEmpty when nothing is pending for other hosts.
func (db *DB) Next(ctx context.Context, limit int, skipHosts ...string) ([]FrontierItem, error) {
	if limit <= 0 {
		limit = 1
	}
	var items []FrontierItem
	err := db.update(ctx, func(tx *sql.Tx) error {
		var err error
		items, err = claim(ctx, tx, limit, skipHosts, formatTime(db.now()))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: next: %w", err)
	}
	if len(items) == 0 {
		return nil, ErrFrontierEmpty
	}
	return items, nil
}

func claim(ctx context.Context, tx *sql.Tx, limit int, skipHosts []string, now any) ([]FrontierItem, error) {
	q := `UPDATE frontier SET state = 'in_flight', attempts = attempts + 1, updated_at = ?
		WHERE id IN (SELECT id FROM frontier WHERE state = 'pending'`
	args := []any{now}
	if len(skipHosts) > 0 {
		q += ` AND host NOT IN (` + strings.TrimSuffix(strings.Repeat("?,", len(skipHosts)), ",") + `)`
		for _, h := range skipHosts {
			args = append(args, strings.ToLower(h))
		}
	}
	q += ` ORDER BY id LIMIT ?) RETURNING id, url, host, seed, depth, state, attempts, coalesce(error, '')`
	args = append(args, limit)
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []FrontierItem
	for rows.Next() {
		var it FrontierItem
		if err := rows.Scan(&it.ID, &it.URL, &it.Host, &it.Seed, &it.Depth, &it.State, &it.Attempts, &it.Error); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sort.Slice(items, func(i, j int) bool { return items[i].ID < items[j].ID })
	return items, nil
}

// MarkDone marks url done. StoreDocument and MarkNotModified do this
// themselves; use MarkDone for URLs finished without a document (skipped,
// out of scope, a listing page not stored). Unknown URLs are ignored.
func (db *DB) MarkDone(ctx context.Context, rawURL string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		return markFrontier(ctx, tx, rawURL, StateDone, "", db.now())
	})
	if err != nil {
		return fmt.Errorf("corpus: mark done %s: %w", rawURL, err)
	}
	return nil
}

// MarkFailed marks url failed with the reason. RecordFetchError does this
// itself. Unknown URLs are ignored.
func (db *DB) MarkFailed(ctx context.Context, rawURL string, reason error) error {
	msg := "failed"
	if reason != nil {
		msg = reason.Error()
	}
	err := db.update(ctx, func(tx *sql.Tx) error {
		return markFrontier(ctx, tx, rawURL, StateFailed, msg, db.now())
	})
	if err != nil {
		return fmt.Errorf("corpus: mark failed %s: %w", rawURL, err)
	}
	return nil
}

func markFrontier(ctx context.Context, tx *sql.Tx, rawURL string, state FrontierState, msg string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE frontier SET state = ?, error = ?, updated_at = ? WHERE url = ?`,
		state, nullString(msg), formatTime(now), rawURL)
	if err != nil {
		return fmt.Errorf("frontier: %w", err)
	}
	return nil
}

// CountFrontier returns the numbers of URLs in each state (O(1)).
func (db *DB) CountFrontier(ctx context.Context) (FrontierCounts, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT state, n FROM frontier_stats`)
	if err != nil {
		return FrontierCounts{}, fmt.Errorf("corpus: frontier counts: %w", classify(err))
	}
	defer rows.Close()
	var c FrontierCounts
	for rows.Next() {
		var (
			s FrontierState
			n int
		)
		if err := rows.Scan(&s, &n); err != nil {
			return FrontierCounts{}, fmt.Errorf("corpus: frontier counts: %w", err)
		}
		switch s {
		case StatePending:
			c.Pending = n
		case StateInFlight:
			c.InFlight = n
		case StateDone:
			c.Done = n
		case StateFailed:
			c.Failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return FrontierCounts{}, fmt.Errorf("corpus: frontier counts: %w", classify(err))
	}
	return c, nil
}

// LookupFrontier returns the frontier row of url, or ErrNotFound.
func (db *DB) LookupFrontier(ctx context.Context, rawURL string) (FrontierItem, error) {
	var it FrontierItem
	err := db.read.QueryRowContext(ctx, `SELECT id, url, host, seed, depth, state, attempts, coalesce(error, '')
		FROM frontier WHERE url = ?`, rawURL).
		Scan(&it.ID, &it.URL, &it.Host, &it.Seed, &it.Depth, &it.State, &it.Attempts, &it.Error)
	if errors.Is(err, sql.ErrNoRows) {
		return it, fmt.Errorf("corpus: frontier %s: %w", rawURL, ErrNotFound)
	}
	if err != nil {
		return it, fmt.Errorf("corpus: frontier %s: %w", rawURL, classify(err))
	}
	return it, nil
}

// RecoverFrontier puts URLs left in_flight by a crawl that died back to
// pending, and forgets them in Colly's visited set so Colly fetches them
// again. Call it once when a crawl starts, before any worker runs.
func (db *DB) RecoverFrontier(ctx context.Context) (int, error) {
	var n int
	err := db.update(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE frontier SET state = 'pending', updated_at = ?
			WHERE state = 'in_flight' RETURNING url`, formatTime(db.now()))
		if err != nil {
			return err
		}
		var urls []string
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			urls = append(urls, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		n = len(urls)
		for _, u := range urls {
			if _, err := tx.ExecContext(ctx, `DELETE FROM colly_visited WHERE id = ?`, int64(CollyRequestID(u))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("corpus: recover frontier: %w", err)
	}
	return n, nil
}

// RequeueFrontier starts a new pass: every done or failed URL becomes
// pending again and Colly's visited set is cleared, so an incremental
// crawl revisits known pages (with conditional requests, see Lookup).
func (db *DB) RequeueFrontier(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'pending', error = NULL, attempts = 0, updated_at = ?
			WHERE state IN ('done', 'failed')`, formatTime(db.now()))
		if err != nil {
			return err
		}
		n, _ = r.RowsAffected()
		_, err = tx.ExecContext(ctx, `DELETE FROM colly_visited`)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("corpus: requeue frontier: %w", err)
	}
	return int(n), nil
}

// FinishRequest ends the lease of a request taken with GetRequest: an
// in-flight entry becomes done. Entries in any other state (failed by
// RecordFetchError, pending again) and unknown URLs are left alone.
func (db *DB) FinishRequest(ctx context.Context, rawURL string) error {
	err := db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'done', updated_at = ? WHERE url = ? AND state = 'in_flight'`,
			formatTime(db.now()), rawURL)
		return err
	})
	if err != nil {
		return fmt.Errorf("corpus: finish %s: %w", rawURL, err)
	}
	return nil
}

// FrontierSeeds returns the seeds of the URLs still to crawl (pending or
// in flight): what `kohyo crawl --db FILE` resumes without seed arguments.
func (db *DB) FrontierSeeds(ctx context.Context) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT seed FROM frontier
		WHERE state IN ('pending', 'in_flight') AND seed <> '' ORDER BY seed`)
	if err != nil {
		return nil, fmt.Errorf("corpus: frontier seeds: %w", classify(err))
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, fmt.Errorf("corpus: frontier seeds: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("corpus: frontier seeds: %w", classify(err))
	}
	return out, nil
}
