package corpus

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// ErrCrawlRunning is returned by OpenFrontier when another crawl, in this
// process or another, holds the database's frontier.
var ErrCrawlRunning = errors.New("another crawl is running on this database")

// CrawlRunningError says which process holds the frontier.
type CrawlRunningError struct {
	Path string // the database
	PID  int    // the process that holds it, 0 if unknown
}

func (e *CrawlRunningError) Error() string {
	who := "another kohyo crawl"
	if e.PID > 0 {
		who += " (pid " + strconv.Itoa(e.PID) + ")"
	}
	return fmt.Sprintf("corpus: %s is being crawled by %s: one crawl per database; wait for it to finish or stop it (Ctrl-C), then run this command again", e.Path, who)
}

// Is makes errors.Is(err, ErrCrawlRunning) hold.
func (e *CrawlRunningError) Is(target error) bool { return target == ErrCrawlRunning }

// lockPath is the file whose lock a crawl holds: beside the database, as
// SQLite's -wal and -shm files are.
func lockPath(dbPath string) string { return dbPath + "-crawl.lock" }

// lockFrontier takes the crawl lock of the database at dbPath, or fails
// with a *CrawlRunningError. The lock is an advisory lock on an open file
// (flock), released by the kernel when the process ends however it ends:
// a crawl killed with SIGKILL leaves no stale lock.
func lockFrontier(dbPath string) (*os.File, error) {
	f, err := os.OpenFile(lockPath(dbPath), os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("corpus: crawl lock: %w", err)
	}
	ok, err := tryLock(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("corpus: crawl lock: %w", err)
	}
	if !ok {
		b := make([]byte, 32)
		n, _ := f.ReadAt(b, 0)
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
		f.Close()
		return nil, &CrawlRunningError{Path: dbPath, PID: pid}
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f, nil
}

// unlockFrontier releases the crawl lock taken by lockFrontier.
func unlockFrontier(f *os.File) error {
	if f == nil {
		return nil
	}
	f.Truncate(0)
	return f.Close() // closing the file releases its lock
}
