package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/extract"
)

type evalOptions struct {
	io      *iostreams
	global  *globalOptions
	errors  bool
	workers int
	path    string
}

func newEvalCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &evalOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "eval GOLD.jsonl",
		Short: "Score extraction against a gold file (same rules and numbers as score.py)",
		Long: `Run extraction over every document of a gold file ({"id", "text",
"published", "gold"} per line) and print precision, recall and F1 per field,
micro-averaged over documents, then the overall F1 (the mean of the field
F1s). The rules are those of ../shared/eval/score.py.`,
		Example: `  kohyo eval ../shared/eval/dev.jsonl
  kohyo eval --errors ../shared/eval/peer/jatimex_dates.jsonl`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.path = args[0]
			return o.run(cmd.Context())
		},
	}
	cmd.Flags().BoolVar(&o.errors, "errors", false, "list every document and field that differs from the gold")
	cmd.Flags().IntVar(&o.workers, "workers", runtime.NumCPU(), "worker goroutines")
	addDictFlag(cmd, o.global)
	return cmd
}

func (o *evalOptions) run(ctx context.Context) error {
	if o.workers < 1 {
		return usagef("--workers must be at least 1")
	}
	f, err := os.Open(o.path)
	if err != nil {
		return fmt.Errorf("open gold file: %w", err)
	}
	defer f.Close()
	ex, err := o.global.extractor()
	if err != nil {
		return err
	}
	sc := extract.NewScorer()
	docs := 0
	err = runBatch(ctx, ex, f, o.workers, nil, func(out batchOutput) error {
		it := out.item
		if it.err != nil {
			return fmt.Errorf("%s: %w", o.path, it.err)
		}
		if len(it.gold) == 0 {
			return fmt.Errorf("%s: document %s has no \"gold\" member", o.path, it.id)
		}
		var g extract.Gold
		if err := json.Unmarshal(it.gold, &g); err != nil {
			return fmt.Errorf("%s: document %s: bad gold: %w", o.path, it.id, err)
		}
		var keys map[string]json.RawMessage
		_ = json.Unmarshal(it.gold, &keys)
		present := make([]string, 0, len(keys))
		for k := range keys {
			present = append(present, k)
		}
		g.MarkPresent(present)
		sc.Add(it.id, &g, out.res)
		docs++
		return nil
	})
	if err != nil {
		return err
	}
	if docs == 0 {
		return fmt.Errorf("%s: no documents", o.path)
	}
	if o.errors {
		for _, e := range sc.Errors {
			fmt.Fprintln(o.io.Out, e)
		}
	}
	fmt.Fprint(o.io.Out, sc.Report())
	return nil
}
