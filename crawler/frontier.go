package crawler

import (
	"github.com/gocolly/colly/v2/queue"
	"github.com/gocolly/colly/v2/storage"
)

// Frontier is the crawl's durable state: the visited set and cookies
// (Colly's storage.Storage, given to Collector.SetStorage) and the pending
// requests (Colly's queue.Storage, the backend of a colly/queue.Queue).
// Being Colly's own interfaces, any Colly storage plugs in: the corpus's
// SQLite frontier, the in-memory one (NewMemoryFrontier), or a shared Redis
// backend (github.com/gocolly/redisstorage implements both) so that several
// machines can crawl one frontier.
//
// The crawler uses the queue storage but not colly/queue.Queue's runner:
// that runner pops requests in FIFO order onto threads that then block on
// a per-domain LimitRule, so one large host stalls every thread, its waits
// (time.Sleep) ignore cancellation, and it drops the popped requests of an
// interrupted run. The crawler pops requests itself into one lane per host
// (one request in flight per host, many hosts in parallel, ctx-aware waits)
// and gives requests it took but did not start back with AddRequest when a
// run stops.
//
// What the crawler relies on:
//
//   - Init may be called more than once (Collector.SetStorage calls it).
//   - AddRequest receives a request serialised by colly.Request.Marshal
//     (JSON: URL, Depth and a Ctx map with the crawler's bookkeeping). An
//     implementation may drop a request whose URL it already holds pending.
//   - GetRequest returns (nil, nil) or an error when the queue is empty.
//     For a run killed with SIGKILL to lose nothing, GetRequest should lease
//     rather than delete: mark the entry taken, and have Init (the next
//     process) return taken entries to pending. The crawler skips any
//     request whose visited ID is already recorded, so redelivery is
//     harmless. A store whose GetRequest deletes (Colly's in-memory queue,
//     redisstorage) loses at most the requests in flight (Parallel of them
//     at most) on a hard kill, and nothing on a cancelled context.
//   - Visited(id) is called only after the Sink has committed the page (or
//     its failure), so a recorded ID means "done". IDs are 64-bit FNV-1a
//     hashes of a crawl generation and the page's canonical URL: a new
//     generation starts when a run finds the queue empty, so a later crawl
//     fetches everything again (conditionally) while a resumed one skips
//     what is done.
//   - Cookies and SetCookies hold the cookie jar, as in Colly.
type Frontier interface {
	storage.Storage
	queue.Storage
}

// BatchAdder is implemented by a Frontier that can add several requests
// in one write (the links of one page); the crawler uses it when present.
type BatchAdder interface {
	AddRequests(reqs [][]byte) error
}

// Finisher is implemented by a Frontier whose GetRequest leases entries
// rather than deleting them (the corpus's SQLite frontier). The crawler
// calls Finish with the request's URL once the request is done (committed
// by the Sink, or skipped because it was done already), so the lease ends.
type Finisher interface {
	Finish(rawURL string) error
}

// NewMemoryFrontier returns a Frontier held in memory, built from Colly's
// own in-memory storages: what tests and one-off crawls use. It survives
// between runs of one process (a cancelled run resumes), not a restart.
func NewMemoryFrontier() Frontier {
	return &memoryFrontier{
		InMemoryStorage:      &storage.InMemoryStorage{},
		InMemoryQueueStorage: &queue.InMemoryQueueStorage{},
	}
}

var _ Frontier = (*memoryFrontier)(nil)

type memoryFrontier struct {
	*storage.InMemoryStorage
	*queue.InMemoryQueueStorage
	inited bool
}

// Init initialises both storages once.
func (m *memoryFrontier) Init() error {
	if m.inited {
		return nil
	}
	if err := m.InMemoryStorage.Init(); err != nil {
		return err
	}
	if err := m.InMemoryQueueStorage.Init(); err != nil {
		return err
	}
	m.inited = true
	return nil
}
