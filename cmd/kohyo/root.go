package main

import (
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/extract"
)

// iostreams carries the process's standard streams into commands, so that
// every command can run in a test without a process.
type iostreams struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// errIsTerminal reports whether stderr is a terminal (progress is drawn only then).
func (s *iostreams) errIsTerminal() bool { return isTerminal(s.Err) }

// globalOptions are the flags every command has.
type globalOptions struct {
	logFormat string
	verbose   bool
	dicts     []string // --dict: user attacker dictionaries (files or directories)
}

func (g *globalOptions) logger(w io.Writer) *slog.Logger {
	lvl := slog.LevelInfo
	if g.verbose {
		lvl = slog.LevelDebug
	}
	o := &slog.HandlerOptions{Level: lvl}
	if strings.EqualFold(g.logFormat, "json") {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// defaultExtractor is the process's extractor with the embedded
// dictionaries, built once; its tokenizer (the IPA dictionary) is built on
// first use.
var defaultExtractor = sync.OnceValues(func() (*extract.Extractor, error) { return extract.New() })

// sharedExtractor is defaultExtractor with its tokenizer built: the IPA
// dictionary loads once per process, here.
func sharedExtractor() (*extract.Extractor, error) {
	return ready(defaultExtractor())
}

// ready builds the tokenizer of ex now (see extract.Extractor.Ready).
func ready(ex *extract.Extractor, err error) (*extract.Extractor, error) {
	if err != nil {
		return nil, err
	}
	if err := ex.Ready(); err != nil {
		return nil, err
	}
	return ex, nil
}

// extractor returns the extractor of a command that tokenises every
// document (crawl, reextract, eval, serve), its tokenizer built: the
// shared one, or one built with the user dictionaries (the config
// directory's, then --dict).
func (g *globalOptions) extractor() (*extract.Extractor, error) {
	return ready(g.lazyExtractor())
}

// lazyExtractor is extractor without building the tokenizer: kohyo
// extract reads one document or a few, many of which need no tokens, so
// Extract builds it when a document first does (a failure is the
// result's Err).
func (g *globalOptions) lazyExtractor() (*extract.Extractor, error) {
	dicts := g.userDicts()
	if len(dicts) == 0 {
		return defaultExtractor()
	}
	d, err := loadUserDicts(dicts)
	if err != nil {
		return nil, err
	}
	return extract.New(extract.WithDict(d))
}

func newRootCmd(io *iostreams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "kohyo",
		Short: "Turn Japanese data-breach announcements into structured data",
		Long: `kohyo crawls the information / news / press-release sections of Japanese
sites, extracts dates, record counts, attackers, leaked data categories,
incident types and the victim organisation from each announcement, and
stores everything in SQLite.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			switch strings.ToLower(g.logFormat) {
			case "text", "json":
				return nil
			}
			return usagef("--log-format must be text or json, not %q", g.logFormat)
		},
	}
	root.SetIn(io.In)
	root.SetOut(io.Out)
	root.SetErr(io.Err)
	root.PersistentFlags().StringVar(&g.logFormat, "log-format", "text", "log format on stderr: text or json")
	root.PersistentFlags().BoolVarP(&g.verbose, "verbose", "v", false, "log debug messages")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newIncidentsCmd(io, g),
		newStatsCmd(io, g),
		newExtractCmd(io, g),
		newEvalCmd(io, g),
		newCrawlCmd(io, g),
		newDemoCmd(io, g),
		newSearchCmd(io, g),
		newExportCmd(io, g),
		newReextractCmd(io, g),
		newDictCmd(io, g),
		newServeCmd(io, g),
		newReportCmd(io, g),
		newWARCCmd(io, g),
	)
	return root
}

// exactArgs is cobra.ExactArgs with a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := cobra.ExactArgs(n)(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}
