package corpus

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gocolly/colly/v2/queue"
	"github.com/gocolly/colly/v2/storage"
	whatwg "github.com/nlnwa/whatwg-url/url"
)

// Colly's storage interfaces have no context and, for cookies, no error
// results: these adapters use context.Background and log what they cannot
// return. The frontier and visited set they keep are the same tables the
// explicit frontier methods use, so a Colly crawl and kohyo's own loop can
// be mixed and both resume after a restart.

// SeedContextKey is the colly.Context key whose string value CollyQueue
// stores as the frontier entry's seed.
const SeedContextKey = "kohyo.seed"

var (
	_ storage.Storage = (*CollyStorage)(nil)
	_ queue.Storage   = (*CollyQueue)(nil)
)

// CollyStorage is Colly's visited set and cookie jar kept in the corpus
// (colly.Collector.SetStorage).
type CollyStorage struct{ db *DB }

// CollyStorage returns the DB's storage.Storage for Colly.
func (db *DB) CollyStorage() *CollyStorage { return &CollyStorage{db: db} }

// Init implements storage.Storage; the tables exist once the DB is open.
func (s *CollyStorage) Init() error {
	if s.db == nil || s.db.write == nil {
		return fmt.Errorf("corpus: colly storage: %w", ErrReadOnly)
	}
	return nil
}

// Visited implements storage.Storage: it records a request hash.
func (s *CollyStorage) Visited(requestID uint64) error {
	ctx := context.Background()
	err := s.db.update(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO colly_visited (id) VALUES (?) ON CONFLICT DO NOTHING`, int64(requestID))
		return err
	})
	if err != nil {
		return fmt.Errorf("corpus: colly visited: %w", err)
	}
	return nil
}

// IsVisited implements storage.Storage.
func (s *CollyStorage) IsVisited(requestID uint64) (bool, error) {
	var n int
	err := s.db.read.QueryRowContext(context.Background(),
		`SELECT count(*) FROM colly_visited WHERE id = ?`, int64(requestID)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("corpus: colly is visited: %w", classify(err))
	}
	return n > 0, nil
}

// Cookies implements storage.Storage: the cookies stored for u's host.
// Paths, expiry and the Secure flag are not applied (kohyo crawls public
// pages; cookies matter only for the odd consent wall).
func (s *CollyStorage) Cookies(u *url.URL) string {
	var c string
	err := s.db.read.QueryRowContext(context.Background(),
		`SELECT cookies FROM colly_cookies WHERE host = ?`, strings.ToLower(u.Host)).Scan(&c)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		s.db.log.Warn("corpus: read cookies", "host", u.Host, "err", err)
	}
	return c
}

// SetCookies implements storage.Storage: cookies are merged by name into
// those stored for u's host; a cookie with MaxAge < 0 is removed.
func (s *CollyStorage) SetCookies(u *url.URL, cookies string) {
	ctx := context.Background()
	host := strings.ToLower(u.Host)
	err := s.db.update(ctx, func(tx *sql.Tx) error {
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
		s.db.log.Warn("corpus: store cookies", "host", host, "err", err)
	}
}

// CollyQueue is Colly's request queue kept in the frontier table
// (queue.New(threads, db.CollyQueue())). AddRequest enqueues a URL once;
// GetRequest claims the oldest pending one (in_flight); StoreDocument,
// RecordFetchError, MarkDone or MarkFailed finish it. Call RecoverFrontier
// before queue.Run so that requests in flight when a crawl died run again.
//
// Depth: Colly counts the seed as depth 1, the frontier as depth 0.
type CollyQueue struct{ db *DB }

// CollyQueue returns the DB's queue.Storage for Colly.
func (db *DB) CollyQueue() *CollyQueue { return &CollyQueue{db: db} }

// Init implements queue.Storage.
func (q *CollyQueue) Init() error {
	if q.db == nil || q.db.write == nil {
		return fmt.Errorf("corpus: colly queue: %w", ErrReadOnly)
	}
	return nil
}

// collyRequest is the part of Colly's serialised request the frontier reads.
type collyRequest struct {
	URL    string
	Method string
	Depth  int
	Ctx    map[string]any
}

// AddRequest implements queue.Storage. A URL is queued once while it is
// pending or in flight; a URL that is done or failed is queued again (a
// later crawl of the same site).
func (q *CollyQueue) AddRequest(b []byte) error { return q.AddRequests([][]byte{b}) }

// AddRequests adds several requests, as AddRequest does, in one transaction.
func (q *CollyQueue) AddRequests(reqs [][]byte) error {
	type row struct {
		url, host, seed string
		depth           int
		b               []byte
	}
	rows := make([]row, 0, len(reqs))
	for _, b := range reqs {
		var r collyRequest
		if err := json.Unmarshal(b, &r); err != nil {
			return fmt.Errorf("corpus: colly queue: bad request: %w", err)
		}
		host, err := frontierHost(r.URL)
		if err != nil {
			return fmt.Errorf("corpus: colly queue: %w", err)
		}
		seed, _ := r.Ctx[SeedContextKey].(string)
		rows = append(rows, row{r.URL, host, seed, max(r.Depth-1, 0), b})
	}
	ctx := context.Background()
	now := formatTime(q.db.now())
	err := q.db.update(ctx, func(tx *sql.Tx) error {
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO frontier (url, host, seed, depth, request, added_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (url) DO UPDATE SET state = 'pending', seed = excluded.seed, depth = excluded.depth,
				request = excluded.request, attempts = 0, error = NULL, updated_at = excluded.updated_at
			WHERE frontier.state IN ('done', 'failed')`,
				r.url, r.host, r.seed, r.depth, r.b, now, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("corpus: colly queue: %w", err)
	}
	return nil
}

// GetRequest implements queue.Storage: it claims the oldest pending URL.
// URLs enqueued with Enqueue come back as GET requests carrying their
// seed under SeedContextKey. It returns ErrFrontierEmpty when none is
// pending.
func (q *CollyQueue) GetRequest() ([]byte, error) {
	reqs, err := q.GetRequests(1)
	if err != nil {
		return nil, err
	}
	return reqs[0], nil
}

// GetRequests claims up to n of the oldest pending URLs in one
// transaction, oldest first, as GetRequest would one by one. It returns
// ErrFrontierEmpty when none is pending.
func (q *CollyQueue) GetRequests(n int) ([][]byte, error) {
	ctx := context.Background()
	var out [][]byte
	err := q.db.update(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		items, err := claim(ctx, tx, max(n, 1), nil, formatTime(q.db.now()))
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
				"Ctx": map[string]any{SeedContextKey: it.Seed},
			})
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: colly queue: %w", err)
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

// QueueSize implements queue.Storage: the number of pending URLs.
func (q *CollyQueue) QueueSize() (int, error) {
	var n int
	err := q.db.read.QueryRowContext(context.Background(),
		`SELECT n FROM frontier_stats WHERE state = 'pending'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("corpus: colly queue size: %w", classify(err))
	}
	return n, nil
}

var collyURLParser = whatwg.NewParser(whatwg.WithPercentEncodeSinglePercentSign())

// CollyRequestID is the visited-set key Colly v2 uses for a GET of rawURL
// without a body (FNV-64a of the WHATWG-normalised URL).
func CollyRequestID(rawURL string) uint64 {
	h := fnv.New64a()
	s := rawURL
	if u, err := collyURLParser.Parse(rawURL); err == nil {
		s = u.String()
	}
	io.WriteString(h, s)
	return h.Sum64()
}

// MarkVisited records several finished requests in one transaction: their
// request hashes go into Colly's visited set, and the frontier entries of
// their URLs that are still in flight become done (see FinishRequest).
func (db *DB) MarkVisited(ctx context.Context, ids []uint64, urls []string) error {
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
