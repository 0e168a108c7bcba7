package crawler

import (
	"context"
	"fmt"
	"net/url"
	"time"
)

// hostLane holds the requests of one scheme://host: one in flight at a
// time, delay apart.
type hostLane struct {
	key        string
	items      []*crawlItem
	busy       bool
	next       time.Time // earliest start of the next request
	delay      time.Duration
	robots     *robotsRules
	robotsDone bool
}

// laneResult is what a finished job tells the scheduler.
type laneResult struct {
	lane      string
	robots    *robotsRules // a robots job's rules
	robotsJob bool
	retry     *crawlItem // to try again after wait
	wait      time.Duration
	held      int64 // bytes the job's process step holds (budget), 0 when there is none
}

// scheduler is the state of one run's loop: requests taken from the
// frontier wait in host lanes; a lane starts its next job when its last
// exchange is over and its delay has passed.
type scheduler struct {
	r        *crawlRun
	lanes    map[string]*hostLane
	freed    chan laneResult // a job's exchange is over: its lane may go on
	finished chan int64      // a job is over: the bytes it held
	// fetching counts exchanges (at most Parallel, one per host); active
	// counts jobs, whose process step may still run after the exchange
	// (at most processing).
	fetching, active, buffered, pages int
	processing                        int
	// held is the memory budget in use: each exchange in flight holds what
	// its body may reach (reserve), each process step an estimate of what
	// parsing and storing its body takes (processCost). A job starts only
	// when its reservation fits in the budget, or when no job runs.
	held, reserve, budget int64
	stopping              bool
	drained               bool // the frontier was found empty and nothing was added since
}

// loop schedules requests onto host lanes until the work is done, the page
// budget is spent, or ctx is cancelled.
func (r *crawlRun) loop(ctx context.Context) (Stats, error) {
	s := &scheduler{r: r, lanes: map[string]*hostLane{}, freed: make(chan laneResult), finished: make(chan int64),
		processing: max(4*r.c.parallel, minProcessing), reserve: int64(r.maxBody) + 1, budget: r.c.memBudget}
	done, abort := ctx.Done(), (<-chan struct{})(r.abort)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	defer r.bgCancel()
	var lastProgress time.Time
	for {
		s.fill()
		wake := s.startReady(time.Now())
		if s.active == 0 && (s.stopping || (s.drained && s.buffered == 0)) {
			break
		}
		var tick <-chan time.Time
		if !wake.IsZero() && !s.stopping {
			timer.Reset(time.Until(wake))
			tick = timer.C
		}
		select {
		case held := <-s.finished:
			s.active--
			s.held -= held
		case res := <-s.freed:
			s.free(res)
		case <-tick:
		case <-done:
			done = nil
			if !s.stopping {
				s.stopping = true
				r.log.Info("crawl interrupted: finishing pages in flight", "in_flight", s.active, "at_most", stopGrace)
			}
			time.AfterFunc(stopGrace, r.bgCancel)
		case <-abort:
			abort = nil
			s.stopping = true
			time.AfterFunc(stopGrace, r.bgCancel)
		}
		if r.c.progress != nil && time.Since(lastProgress) >= progressEvery {
			lastProgress = time.Now()
			r.c.progress(r.snapshot(r.queued(s.buffered)))
		}
	}
	s.giveBack()
	return r.end(ctx)
}

// lane returns the lane of key, made on first use.
func (s *scheduler) lane(key string) *hostLane {
	l := s.lanes[key]
	if l == nil {
		l = &hostLane{key: key, delay: s.r.c.delay, robotsDone: s.r.c.ignoreRobots}
		s.lanes[key] = l
	}
	return l
}

// fill takes requests from the frontier into their lanes, up to
// laneBuffer, asking a drained frontier again only after an add.
func (s *scheduler) fill() {
	if !s.stopping && s.buffered < laneBuffer && (!s.drained || s.r.added.Swap(false)) {
		s.drained = false
	}
	for !s.stopping && !s.drained && s.buffered < laneBuffer {
		it, ok := s.r.pop()
		if !ok {
			s.drained = true
			return
		}
		if it == nil {
			continue
		}
		l := s.lane(it.lane)
		l.items = append(l.items, it)
		s.buffered++
	}
}

// startReady starts a job on every lane that may go on, within the bounds
// on exchanges and jobs, and returns when the next waiting lane is due
// (zero if none).
func (s *scheduler) startReady(now time.Time) (wake time.Time) {
	for _, l := range s.lanes {
		if s.stopping || s.fetching >= s.r.c.parallel || s.active >= s.processing {
			break
		}
		if s.active > 0 && s.held+s.reserve > s.budget {
			s.r.count(func(st *Stats) { st.BudgetWaits++ })
			break
		}
		if l.busy || len(l.items) == 0 {
			continue
		}
		if !l.robotsDone {
			s.start(l, func() (laneResult, func()) { return s.r.robotsJob(l.key), nil })
			continue
		}
		if now.Before(l.next) {
			if wake.IsZero() || l.next.Before(wake) {
				wake = l.next
			}
			continue
		}
		s.startNext(l)
	}
	return wake
}

// startNext starts the lane's first request that robots.txt allows, unless
// the page budget is spent.
func (s *scheduler) startNext(l *hostLane) {
	r := s.r
	for len(l.items) > 0 {
		it := l.items[0]
		u, _ := url.Parse(it.url)
		if !l.robots.allows(u) {
			l.items = l.items[1:]
			s.buffered--
			r.count(func(s *Stats) { s.Disallowed++ })
			r.log.Debug("disallowed by robots.txt", "url", it.url)
			r.markDone(it)
			continue
		}
		if it.kind == kindPage && r.c.maxPages > 0 && s.pages >= r.c.maxPages {
			r.log.Info("page budget reached", "max_pages", r.c.maxPages)
			s.stopping = true
			return
		}
		l.items = l.items[1:]
		s.buffered--
		if it.kind == kindPage {
			s.pages++
		}
		s.start(l, func() (laneResult, func()) { return r.job(it) })
		return
	}
}

// start runs job on its own goroutine: the lane is freed when the exchange
// is over, the job counted finished when its process step is.
func (s *scheduler) start(l *hostLane, job func() (laneResult, func())) {
	l.busy = true
	s.fetching++
	s.active++
	s.held += s.reserve
	go func() {
		res, rest := job()
		if rest == nil {
			res.held = 0
		}
		s.freed <- res
		if rest != nil {
			rest()
		}
		s.finished <- res.held
	}()
}

// free lets a lane go on after its exchange: robots.txt rules and
// Crawl-delay applied, a retry put first after its wait.
func (s *scheduler) free(res laneResult) {
	s.fetching--
	s.held += res.held - s.reserve
	l := s.lane(res.lane)
	l.busy = false
	if res.robotsJob {
		l.robotsDone = true
		l.robots = res.robots
		if res.robots != nil && res.robots.crawlDelay > l.delay {
			l.delay = min(res.robots.crawlDelay, maxCrawlDelay)
			if res.robots.crawlDelay > maxCrawlDelay {
				s.r.log.Warn("crawl-delay capped", "host", l.key, "asked", res.robots.crawlDelay, "used", maxCrawlDelay)
			}
		}
	}
	l.next = time.Now().Add(l.delay)
	if res.retry != nil {
		l.items = append([]*crawlItem{res.retry}, l.items...)
		s.buffered++
		if w := time.Now().Add(res.wait); w.After(l.next) {
			l.next = w
		}
	}
}

// giveBack returns to the frontier what was taken but not started, and
// what the sink did not commit, so that the next run does it.
func (s *scheduler) giveBack() {
	r := s.r
	var back []*crawlItem
	for _, l := range s.lanes {
		back = append(back, l.items...)
	}
	r.mu.Lock()
	back = append(back, r.later...)
	r.later = nil
	r.mu.Unlock()
	for i, it := range back {
		b, err := it.marshal(r.gen)
		if err == nil {
			err = r.c.frontier.AddRequest(b)
		}
		if err != nil {
			r.log.Warn("frontier: cannot give back requests; a leasing frontier returns them on the next run", "url", it.url, "left", len(back)-i, "err", err)
			return
		}
	}
}

// end closes the run: idle connections closed, the last progress and the
// summary logged.
func (r *crawlRun) end(ctx context.Context) (Stats, error) {
	r.client.CloseIdleConnections()
	st := r.snapshot(r.queued(0))
	if r.c.progress != nil {
		r.c.progress(st)
	}
	r.log.Info("crawl finished", "fetched", st.Fetched, "unchanged", st.Unchanged, "errors", st.Errors, "skipped", st.Skipped, "traps", st.Traps.Total(),
		"disallowed", st.Disallowed, "refused", st.Refused, "queued", st.Queued,
		"elapsed", st.Elapsed.Round(time.Millisecond), "rate", fmt.Sprintf("%.1f/s", st.Rate()))
	r.mu.Lock()
	fatal := r.fatal
	r.mu.Unlock()
	if fatal != nil {
		return st, fmt.Errorf("crawler: %w, crawl stopped: %w", ErrStorage, fatal)
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	return st, nil
}
