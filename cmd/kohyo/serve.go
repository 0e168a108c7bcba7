package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/web"
)

type serveOptions struct {
	io     *iostreams
	global *globalOptions
	db     string
	addr   string
	// ready, when set, is called with the base URL once the server listens (tests).
	ready func(base string)
}

func newServeCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &serveOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "serve [--db FILE] [--addr 127.0.0.1:8080]",
		Short: "Browse the corpus in a web browser: incidents, timelines, highlighted facts, charts, search",
		Long: `Serve a read-only view of the corpus over HTTP: the incidents (filterable by
year, type, attacker and victim), each incident's timeline of reports, every
document with its extracted facts highlighted in the text, full-text search,
charts, and the same data as JSON under /api/. The corpus is opened
read-only, so serving is safe while a crawl writes to it.

By default the server listens on loopback only (127.0.0.1): other machines
cannot connect. Give --addr 0.0.0.0:8080 to share it, knowing that anyone
who can reach the port can read the corpus.`,
		Example: `  kohyo serve --db kohyo-demo.db
  kohyo serve --db corpus.db --addr 127.0.0.1:9000`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	cmd.Flags().StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to serve (opened read-only)")
	addDictFlag(cmd, o.global)
	_ = cmd.Flags().MarkDeprecated("dict", "the search index and its queries are segmented by script, without dictionaries")
	cmd.Flags().StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	return cmd
}

func (o *serveOptions) run(ctx context.Context) error {
	log := o.global.logger(o.io.Err)
	host, _, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usagef("--addr %q: want host:port, e.g. 127.0.0.1:8080", o.addr)
	}
	if _, err := os.Stat(o.db); err != nil && o.db != "" {
		return fmt.Errorf("corpus %s: %w (run kohyo crawl or kohyo demo first)", o.db, err)
	}
	// Queries are segmented as the index was, by script (corpus's default
	// segmenter): serving loads no dictionary.
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := web.New(db, web.WithLogger(log), web.WithName(o.db))
	if err != nil {
		return err
	}
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	base := "http://" + ln.Addr().String() + "/"
	if isLoopback(host) {
		fmt.Fprintf(o.io.Err, "kohyo serve: %s (loopback only: other machines cannot connect; read-only on %s; Ctrl-C stops)\n", base, o.db)
	} else {
		fmt.Fprintf(o.io.Err, "kohyo serve: %s\nkohyo serve: WARNING: listening on %s, not on loopback: anyone who can reach this port can read %s\n", base, ln.Addr(), o.db)
	}
	srv := s.HTTPServer()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if o.ready != nil {
		o.ready(base)
	}
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintln(o.io.Err, "kohyo serve: stopped")
	return nil
}

// isLoopback reports whether a listen host reaches this machine only.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
