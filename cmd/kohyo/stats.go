package main

import (
	"context"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
)

type statsOptions struct {
	incidentsOptions
	by string
}

func newStatsCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &statsOptions{incidentsOptions: incidentsOptions{io: io, global: g}}
	cmd := &cobra.Command{
		Use:   "stats [--db FILE] [--by year|month|type|cause|attacker|category|publisher] [--format table|json|csv]",
		Short: "Count incidents and records by year, month, type, cause, attacker, category or publisher",
		Long: `Count incidents (not documents) and their records, as the annual surveys
count: an incident with several reports counts once; its records are its
largest stated count. --by type adds each type's survey cause class
(不正アクセス・ウイルス感染, 誤表示・誤送信, 紛失・誤廃棄, 盗難・不正持ち出し);
--by cause counts each incident once under its strongest cause. The filters
of 'kohyo incidents' apply.`,
		Example: `  kohyo stats --db kohyo-demo.db
  kohyo stats --db corpus.db --by cause --since 2024 --until 2024
  kohyo stats --db corpus.db --by attacker --format csv`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to read")
	f.StringVar(&o.by, "by", "year", strings.Join(corpus.StatsBy, ", "))
	f.StringVar(&o.format, "format", "table", "table, json (one object per line) or csv")
	f.StringVar(&o.since, "since", "", "first published on or after this date")
	f.StringVar(&o.until, "until", "", "first published on or before this date")
	f.StringVar(&o.typ, "type", "", "incident type")
	f.StringVar(&o.att, "attacker", "", "attacker name")
	f.StringVar(&o.victim, "victim", "", "part of the victim's name")
	return cmd
}

type statOut struct {
	Key       string `json:"key"`
	Cause     string `json:"cause,omitempty"`
	Incidents int    `json:"incidents"`
	Counted   int    `json:"with_count"`
	Records   int64  `json:"records"`
}

func (o *statsOptions) run(ctx context.Context) error {
	if !slices.Contains(corpus.StatsBy, o.by) {
		return usagef("--by must be one of %s, not %q", strings.Join(corpus.StatsBy, ", "), o.by)
	}
	if err := o.checkFormat(true); err != nil {
		return err
	}
	f, err := o.filter()
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.Stats(ctx, o.by, f)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		for _, r := range rows {
			if err := writeJSONLine(o.io.Out, statOut(r)); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(o.io.Out)
		head := []string{o.by, "incidents", "with_count", "records"}
		if o.by == "type" {
			head = slices.Insert(head, 1, "cause")
		}
		cw.Write(head)
		for _, r := range rows {
			rec := []string{r.Key, strconv.Itoa(r.Incidents), strconv.Itoa(r.Counted), strconv.FormatInt(r.Records, 10)}
			if o.by == "type" {
				rec = slices.Insert(rec, 1, r.Cause)
			}
			cw.Write(rec)
		}
		cw.Flush()
		return cw.Error()
	}
	writeStatsTable(o.io.Out, o.by, rows)
	return nil
}

func writeStatsTable(w io.Writer, by string, rows []corpus.StatRow) {
	head := []string{by, "incidents", "with count", "records"}
	if by == "type" {
		head = slices.Insert(head, 1, "cause class")
	}
	table := [][]string{head}
	for _, r := range rows {
		key := r.Key
		if key == "" {
			key = "(unknown)"
		}
		rec := []string{key, strconv.Itoa(r.Incidents), strconv.Itoa(r.Counted), strconv.FormatInt(r.Records, 10)}
		if by == "type" {
			rec = slices.Insert(rec, 1, r.Cause)
		}
		table = append(table, rec)
	}
	writeTable(w, table)
}
