package corpus

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kohyo-dev/kohyo/crawler"
)

// The frontier is the crawl's to-do list and done list, one row per URL,
// persisted so that a killed crawl loses nothing. Frontier (below) is the
// crawler's view of it (crawler.Frontier: Colly's queue and visited set):
//
//	pending ──GetRequest──▶ in_flight ──Finish (lease ended)──▶ done
//	                           │ └─────RecordFetchError──────────▶ failed
//	                           └──OpenFrontier (after a crash)──▶ pending
//
// StoreDocument marks its URL done, RecordFetchError failed. One crawling
// process per database: two crawlers sharing a frontier would each recover
// the other's in-flight URLs.

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

// claim marks up to limit pending URLs (oldest first) in_flight and
// returns them.
func claim(ctx context.Context, tx *sql.Tx, limit int, now any) ([]FrontierItem, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE frontier SET state = 'in_flight', attempts = attempts + 1, updated_at = ?
		WHERE id IN (SELECT id FROM frontier WHERE state = 'pending' ORDER BY id LIMIT ?)
		RETURNING id, url, host, seed, depth, state, attempts, coalesce(error, '')`, now, limit)
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

// recoverFrontier puts URLs left in_flight by a crawl that died back to
// pending.
func (db *DB) recoverFrontier(ctx context.Context) (int, error) {
	var n int64
	err := db.update(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'pending', updated_at = ? WHERE state = 'in_flight'`, formatTime(db.now()))
		if err != nil {
			return err
		}
		n, _ = r.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("corpus: recover frontier: %w", err)
	}
	return int(n), nil
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

// Frontier is the crawler's frontier kept in the corpus (crawler.Frontier:
// Colly's visited set and queue, in the frontier, colly_visited and
// colly_cookies tables), with leased entries (crawler.Finisher) and batch
// adds (crawler.BatchAdder). Get one with OpenFrontier.
//
// Requests are claimed from the database claimBatch at a time (one write
// transaction instead of one per request). Claimed requests are in flight
// in the database as soon as they are claimed, as those the crawler has
// taken into its host lanes are: a crawl that dies puts them back (the
// next OpenFrontier), one that stops gives them back.
type Frontier struct {
	db   *DB
	lock *os.File // the crawl lock (one crawl per database)

	mu      sync.Mutex
	claimed [][]byte // claimed, not yet handed out

	// Finished requests are recorded visitBatch at a time. A crash loses
	// at most that many marks: those pages are stored already, so the next
	// run only asks for them again (conditionally) and stores nothing new.
	visited     map[uint64]bool // recorded here, not yet in the database
	visitedIDs  []uint64
	finishedURL []string
}

// visitBatch is how many finished requests one write records.
const visitBatch = 64

// claimBatch is how many requests one claim takes from the database.
const claimBatch = 64

var (
	_ crawler.Frontier   = (*Frontier)(nil)
	_ crawler.Finisher   = (*Frontier)(nil)
	_ crawler.BatchAdder = (*Frontier)(nil)
)

// OpenFrontier takes the database's crawl lock and returns its frontier,
// after putting back to pending what a crashed or killed crawl had in
// flight (recovered counts them). One crawl per database: while a
// Frontier is open, in this process or another, OpenFrontier fails with
// an error matching ErrCrawlRunning (a *CrawlRunningError). Close the
// Frontier when the crawl is over.
func OpenFrontier(ctx context.Context, db *DB) (f *Frontier, recovered int, err error) {
	if db == nil || db.write == nil {
		return nil, 0, fmt.Errorf("corpus: frontier: %w", ErrReadOnly)
	}
	lock, err := lockFrontier(db.path)
	if err != nil {
		return nil, 0, err
	}
	n, err := db.recoverFrontier(ctx)
	if err != nil {
		unlockFrontier(lock)
		return nil, 0, err
	}
	return &Frontier{db: db, lock: lock, visited: map[uint64]bool{}}, n, nil
}

// Close writes what Flush writes and releases the crawl lock.
func (f *Frontier) Close() error {
	err := f.Flush()
	f.mu.Lock()
	lock := f.lock
	f.lock = nil
	f.mu.Unlock()
	if uerr := unlockFrontier(lock); err == nil {
		err = uerr
	}
	return err
}

// Finish implements crawler.Finisher: the lease ends with the next batch.
func (f *Frontier) Finish(rawURL string) error {
	f.mu.Lock()
	f.finishedURL = append(f.finishedURL, rawURL)
	full := len(f.visitedIDs)+len(f.finishedURL) >= visitBatch
	f.mu.Unlock()
	if full {
		return f.Flush()
	}
	return nil
}

// Flush writes the recorded visits and finished requests.
func (f *Frontier) Flush() error {
	f.mu.Lock()
	ids, urls := f.visitedIDs, f.finishedURL
	f.visitedIDs, f.finishedURL = nil, nil
	f.mu.Unlock()
	if err := f.db.markVisited(context.Background(), ids, urls); err != nil {
		return err
	}
	f.mu.Lock()
	for _, id := range ids {
		delete(f.visited, id)
	}
	f.mu.Unlock()
	return nil
}
