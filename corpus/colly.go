package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gocolly/colly/v2/storage"

	"github.com/kohyo-dev/kohyo/crawler"
)

// Colly's storage interfaces, implemented by Frontier. They have no
// context and, for cookies, no error results: these methods use
// context.Background and log what they cannot return.

// Init implements storage.Storage and queue.Storage; the tables exist
// once the DB is open.
func (f *Frontier) Init() error {
	if f.db == nil || f.db.write == nil {
		return fmt.Errorf("corpus: frontier: %w", ErrReadOnly)
	}
	return nil
}

// Visited implements storage.Storage: the mark is written with the next
// batch (see Flush).
func (f *Frontier) Visited(id uint64) error {
	f.mu.Lock()
	f.visited[id] = true
	f.visitedIDs = append(f.visitedIDs, id)
	full := len(f.visitedIDs)+len(f.finishedURL) >= visitBatch
	f.mu.Unlock()
	if full {
		return f.Flush()
	}
	return nil
}

// IsVisited implements storage.Storage.
func (f *Frontier) IsVisited(id uint64) (bool, error) {
	f.mu.Lock()
	v := f.visited[id]
	f.mu.Unlock()
	if v {
		return true, nil
	}
	var n int
	err := f.db.read.QueryRowContext(context.Background(),
		`SELECT count(*) FROM colly_visited WHERE id = ?`, int64(id)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("corpus: is visited: %w", classify(err))
	}
	return n > 0, nil
}

// Cookies implements storage.Storage: the cookies stored for u's host.
// Paths, expiry and the Secure flag are not applied (kohyo crawls public
// pages; cookies matter only for the odd consent wall).
func (f *Frontier) Cookies(u *url.URL) string {
	var c string
	err := f.db.read.QueryRowContext(context.Background(),
		`SELECT cookies FROM colly_cookies WHERE host = ?`, strings.ToLower(u.Host)).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		f.db.log.Warn("corpus: read cookies", "host", u.Host, "err", err)
	}
	return c
}

// SetCookies implements storage.Storage: cookies are merged by name into
// those stored for u's host; a cookie with MaxAge < 0 is removed.
func (f *Frontier) SetCookies(u *url.URL, cookies string) {
	ctx := context.Background()
	host := strings.ToLower(u.Host)
	err := f.db.update(ctx, func(tx *sql.Tx) error {
		var old string
		err := tx.QueryRowContext(ctx, `SELECT cookies FROM colly_cookies WHERE host = ?`, host).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var merged []*http.Cookie
		index := map[string]int{}
		add := func(c *http.Cookie) {
			if i, ok := index[c.Name]; ok {
				merged[i] = c
				return
			}
			index[c.Name] = len(merged)
			merged = append(merged, c)
		}
		if old != "" {
			for _, c := range storage.UnstringifyCookies(old) {
				add(c)
			}
		}
		for _, c := range storage.UnstringifyCookies(cookies) {
			add(c)
		}
		kept := merged[:0]
		for _, c := range merged {
			if c.MaxAge >= 0 {
				kept = append(kept, c)
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO colly_cookies (host, cookies) VALUES (?, ?)
			ON CONFLICT (host) DO UPDATE SET cookies = excluded.cookies`, host, storage.StringifyCookies(kept))
		return err
	})
	if err != nil {
		f.db.log.Warn("corpus: store cookies", "host", host, "err", err)
	}
}

// genPath is the JSON path of the crawl generation in a serialised request.
var genPath = `$.Ctx."` + crawler.GenerationContextKey + `"`

// collyRequest is the part of Colly's serialised request the frontier reads.
type collyRequest struct {
	URL    string
	Method string
	Depth  int
	Ctx    map[string]any
}

// AddRequest implements queue.Storage. A URL is queued once while it is
// pending or in flight. A URL that is done or failed is queued again only
// by a request of another crawl generation (crawler.GenerationContextKey:
// a later crawl of the same site), never by one of its own: a resumed
// crawl that meets a link to a page it finished leaves it finished.
func (f *Frontier) AddRequest(b []byte) error { return f.AddRequests([][]byte{b}) }

// AddRequests implements crawler.BatchAdder: several requests added as
// AddRequest does, in one transaction.
func (f *Frontier) AddRequests(reqs [][]byte) error {
	type row struct {
		url, host, seed string
		depth           int
		b               []byte
	}
	rows := make([]row, 0, len(reqs))
	for _, b := range reqs {
		var r collyRequest
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("corpus: frontier: bad request: %w", err)
		}
		host, err := frontierHost(r.URL)
		if err != nil {
			return fmt.Errorf("corpus: frontier: %w", err)
		}
		seed, _ := r.Ctx[crawler.SeedContextKey].(string)
		rows = append(rows, row{r.URL, host, seed, max(r.Depth-1, 0), b})
	}
	ctx := context.Background()
	now := formatTime(f.db.now())
	err := f.db.update(ctx, func(tx *sql.Tx) error {
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, host, seed, depth, request, added_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET state = 'pending', seed = excluded.seed, depth = excluded.depth,
				request = excluded.request, attempts = 0, error = NULL, updated_at = excluded.updated_at
			WHERE frontier.state IN ('done', 'failed')
				AND coalesce(json_extract(CAST(frontier.request AS TEXT), ?8), '') <> coalesce(json_extract(CAST(excluded.request AS TEXT), ?8), '')`,
				r.url, r.host, r.seed, r.depth, r.b, now, now, genPath); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("corpus: frontier: %w", err)
	}
	return nil
}

// GetRequest implements queue.Storage: the oldest pending request, taken
// from a batch claimed claimBatch at a time; (nil, nil) when nothing is
// pending, as Colly's queue expects.
func (f *Frontier) GetRequest() ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.claimed) == 0 {
		reqs, err := f.db.claimRequests(claimBatch)
		if errors.Is(err, ErrFrontierEmpty) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		f.claimed = reqs
	}
	b := f.claimed[0]
	f.claimed[0] = nil
	f.claimed = f.claimed[1:]
	return b, nil
}

// claimRequests claims up to n of the oldest pending URLs in one
// transaction, oldest first. It returns ErrFrontierEmpty when none is
// pending.
func (db *DB) claimRequests(n int) ([][]byte, error) {
	ctx := context.Background()
	var out [][]byte
	err := db.update(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		items, err := claim(ctx, tx, max(n, 1), formatTime(db.now()))
		if err != nil || len(items) == 0 {
			return err
		}
		stored := map[int64][]byte{}
		rows, err := tx.QueryContext(ctx, `SELECT id, request FROM frontier WHERE id IN (SELECT value FROM json_each(?))`, idList(items))
		if err != nil {
			return err
		}
		for rows.Next() {
			var (
				id int64
				b  []byte
			)
			if err := rows.Scan(&id, &b); err != nil {
				rows.Close()
				return err
			}
			stored[id] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, it := range items {
			if b := stored[it.ID]; len(b) > 0 {
				out = append(out, b)
				continue
			}
			b, err := json.Marshal(map[string]any{
				"URL": it.URL, "Method": "GET", "Depth": it.Depth + 1,
				"Ctx": map[string]any{crawler.SeedContextKey: it.Seed},
			})
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: frontier: %w", err)
	}
	if len(out) == 0 {
		return nil, ErrFrontierEmpty
	}
	return out, nil
}

// idList renders the items' IDs as a JSON array (for json_each).
func idList(items []FrontierItem) string {
	b := make([]byte, 0, 8*len(items))
	b = append(b, '[')
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, it.ID, 10)
	}
	return string(append(b, ']'))
}

// QueueSize implements queue.Storage: the pending URLs, those claimed but
// not handed out included.
func (f *Frontier) QueueSize() (int, error) {
	var n int
	err := f.db.read.QueryRowContext(context.Background(),
		`SELECT n FROM frontier_stats WHERE state = 'pending'`).Scan(&n)
	f.mu.Lock()
	n += len(f.claimed)
	f.mu.Unlock()
	if err != nil {
		return n, fmt.Errorf("corpus: frontier queue size: %w", classify(err))
	}
	return n, nil
}

// markVisited records several finished requests in one transaction: their
// visited IDs, and the end of the lease of their URLs' frontier entries
// that are still in flight (they become done).
func (db *DB) markVisited(ctx context.Context, ids []uint64, urls []string) error {
	if len(ids) == 0 && len(urls) == 0 {
		return nil
	}
	now := formatTime(db.now())
	err := db.update(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO colly_visited (id) VALUES (?) ON CONFLICT DO NOTHING`, int64(id)); err != nil {
				return err
			}
		}
		for _, u := range urls {
			if _, err := tx.ExecContext(ctx, `UPDATE frontier SET state = 'done', updated_at = ? WHERE url = ? AND state = 'in_flight'`, now, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("corpus: mark visited: %w", err)
	}
	return nil
}
