package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kohyo-dev/kohyo/corpus"
	"github.com/kohyo-dev/kohyo/dict"
	"github.com/kohyo-dev/kohyo/incident"
)

type incidentsOptions struct {
	io     *iostreams
	global *globalOptions
	db     string
	format string
	since  string
	until  string
	typ    string
	att    string
	victim string
}

func newIncidentsCmd(io *iostreams, g *globalOptions) *cobra.Command {
	o := &incidentsOptions{io: io, global: g}
	cmd := &cobra.Command{
		Use:   "incidents [--db FILE] [--format table|json|csv] [filters]",
		Short: "List the consolidated incidents (one row per real event, its reports and news joined)",
		Long: `List the incidents of the corpus: the documents that tell of one event
(第1報, 第2報, 最終報, news articles) consolidated into one row with the union of
their facts. Filters: --since/--until (YYYY, YYYY-MM or YYYY-MM-DD, on the first
publication), --type, --attacker, --victim (a part of the name, legal forms
ignored). 'kohyo incidents show ID' prints one incident's timeline.`,
		Example: `  kohyo incidents --db kohyo-demo.db
  kohyo incidents --db corpus.db --since 2024 --type ransomware --format json
  kohyo incidents --db corpus.db --format csv > incidents.csv
  kohyo incidents show --db kohyo-demo.db 1`,
		Args: exactArgs(0),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd.Context()) },
	}
	f := cmd.PersistentFlags()
	f.StringVar(&o.db, "db", "kohyo.db", "SQLite corpus to read")
	f.StringVar(&o.format, "format", "table", "table, json (one object per line) or csv")
	cmd.Flags().StringVar(&o.since, "since", "", "first published on or after this date")
	cmd.Flags().StringVar(&o.until, "until", "", "first published on or before this date")
	cmd.Flags().StringVar(&o.typ, "type", "", "incident type (ransomware, misdelivery, ...)")
	cmd.Flags().StringVar(&o.att, "attacker", "", "attacker name (LockBit, ...)")
	cmd.Flags().StringVar(&o.victim, "victim", "", "part of the victim's name")
	cmd.AddCommand(newIncidentShowCmd(o))
	return cmd
}

func newIncidentShowCmd(o *incidentsOptions) *cobra.Command {
	return &cobra.Command{
		Use:     "show [--db FILE] [--format table|json] ID",
		Short:   "Print one incident: its facts, attackers, count revisions and timeline",
		Example: `  kohyo incidents show --db kohyo-demo.db 1`,
		Args:    exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return usagef("incident id must be a positive number, not %q", args[0])
			}
			return o.show(cmd.Context(), id)
		},
	}
}

var dateArgRE = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// validDateArg: YYYY, YYYY-MM or YYYY-MM-DD, and a real date.
func validDateArg(s string) bool {
	if !dateArgRE.MatchString(s) {
		return false
	}
	full := s + "-01-01"[len(s)-4:]
	_, err := time.Parse(time.DateOnly, full)
	return err == nil
}

// filter checks the flags and turns them into a corpus filter.
func (o *incidentsOptions) filter() (corpus.IncidentFilter, error) {
	f := corpus.IncidentFilter{Type: o.typ, Attacker: o.att, Victim: o.victim}
	for _, d := range []struct {
		flag, val string
		dst       *string
		pad       string
	}{{"--since", o.since, &f.Since, ""}, {"--until", o.until, &f.Until, "-12-31"}} {
		if d.val == "" {
			continue
		}
		if !validDateArg(d.val) {
			return f, usagef("%s must be YYYY, YYYY-MM or YYYY-MM-DD, not %q", d.flag, d.val)
		}
		v := d.val
		if d.pad != "" { // an upper bound covers the whole year or month
			switch len(v) {
			case 4:
				v += "-12-31"
			case 7:
				v += "-31"
			}
		}
		*d.dst = v
	}
	if o.typ != "" && !slices.Contains(dict.IncidentTypes, o.typ) {
		return f, usagef("--type %q: choose one of %s", o.typ, strings.Join(dict.IncidentTypes, ", "))
	}
	return f, nil
}

func (o *incidentsOptions) checkFormat(allowCSV bool) error {
	switch o.format {
	case "table", "json":
		return nil
	case "csv":
		if allowCSV {
			return nil
		}
	}
	want := "table, json or csv"
	if !allowCSV {
		want = "table or json"
	}
	return usagef("--format must be %s, not %q", want, o.format)
}

func (o *incidentsOptions) run(ctx context.Context) error {
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
	ins, err := db.Incidents(ctx, f)
	if err != nil {
		return err
	}
	switch o.format {
	case "json":
		for i := range ins {
			if err := writeJSONLine(o.io.Out, incidentJSON(&ins[i])); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		return writeIncidentsCSV(o.io.Out, ins)
	}
	if len(ins) == 0 {
		fmt.Fprintln(o.io.Err, "no incident matches")
		return nil
	}
	writeIncidentsTable(o.io.Out, ins)
	return nil
}

func (o *incidentsOptions) show(ctx context.Context, id int64) error {
	if err := o.checkFormat(false); err != nil {
		return err
	}
	db, err := openExisting(ctx, o.db, corpus.ReadOnly())
	if err != nil {
		return err
	}
	defer db.Close()
	in, err := db.Incident(ctx, id)
	if err != nil {
		return err
	}
	if o.format == "json" {
		return writeJSONLine(o.io.Out, incidentJSON(&in))
	}
	writeIncidentDetail(o.io.Out, &in)
	return nil
}

// The JSON shape of an incident (README: "kohyo incidents").
type incidentOut struct {
	ID             int64             `json:"id"`
	Victim         string            `json:"victim"`
	Publisher      string            `json:"publisher,omitempty"`
	Types          []string          `json:"types"`
	Cause          string            `json:"cause"`
	Attackers      []attackerOut     `json:"attackers"`
	Categories     []string          `json:"categories"`
	Detected       string            `json:"detected,omitempty"`
	FirstPublished string            `json:"first_published,omitempty"`
	LastPublished  string            `json:"last_published,omitempty"`
	MaxCount       *int64            `json:"max_count"`
	LatestCount    *int64            `json:"latest_count"`
	Counts         []countOut        `json:"counts"`
	Reports        int               `json:"reports"`
	News           int               `json:"news"`
	Documents      []incidentDocJSON `json:"documents"`
}

type attackerOut struct {
	Name       string `json:"name"`
	FirstNamed string `json:"first_named,omitempty"`
	Claimed    bool   `json:"claimed"`
	Confirmed  bool   `json:"confirmed"`
}

type countOut struct {
	Published string `json:"published,omitempty"`
	Value     int64  `json:"value"`
	Qualifier string `json:"qualifier,omitempty"`
	Text      string `json:"text"`
	URL       string `json:"url"`
}

type incidentDocJSON struct {
	URL       string `json:"url"`
	Title     string `json:"title"`
	Published string `json:"published"`
	Role      string `json:"role"`
}

func incidentJSON(in *incident.Incident) incidentOut {
	out := incidentOut{ID: in.ID, Victim: in.Victim, Publisher: in.Publisher, Types: nonNil(in.Types),
		Cause: incident.Cause(in.Types), Categories: nonNil(in.Categories), Detected: in.Detected,
		FirstPublished: in.FirstPublished, LastPublished: in.LastPublished, MaxCount: in.MaxCount,
		LatestCount: in.LatestCount, Attackers: []attackerOut{}, Counts: []countOut{}, Documents: []incidentDocJSON{}}
	out.Reports, out.News = in.Reports()
	urls := map[int64]string{}
	for _, m := range in.Documents {
		urls[m.DocID] = m.URL
		out.Documents = append(out.Documents, incidentDocJSON{URL: m.URL, Title: m.Title, Published: m.Published, Role: m.Role})
	}
	for _, a := range in.Attackers {
		out.Attackers = append(out.Attackers, attackerOut(a))
	}
	for _, c := range in.Counts {
		out.Counts = append(out.Counts, countOut{Published: c.Published, Value: c.Value, Qualifier: c.Qualifier, Text: c.Text, URL: urls[c.DocID]})
	}
	return out
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func incidentAttackerNames(in *incident.Incident) string {
	names := make([]string, len(in.Attackers))
	for i, a := range in.Attackers {
		names[i] = a.Name
	}
	return strings.Join(names, ",")
}

func countOrEmpty(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

var incidentCSVHeader = []string{"id", "first_published", "last_published", "victim", "publisher", "types", "cause",
	"attackers", "categories", "detected", "max_count", "latest_count", "reports", "news", "urls"}

func writeIncidentsCSV(w io.Writer, ins []incident.Incident) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(incidentCSVHeader); err != nil {
		return err
	}
	for i := range ins {
		in := &ins[i]
		r, n := in.Reports()
		var urls []string
		for _, m := range in.Documents {
			urls = append(urls, m.URL)
		}
		if err := cw.Write([]string{strconv.FormatInt(in.ID, 10), in.FirstPublished, in.LastPublished, in.Victim,
			in.Publisher, strings.Join(in.Types, ","), incident.Cause(in.Types), incidentAttackerNames(in),
			strings.Join(in.Categories, ","), in.Detected, countOrEmpty(in.MaxCount), countOrEmpty(in.LatestCount),
			strconv.Itoa(r), strconv.Itoa(n), strings.Join(urls, " ")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeIncidentsTable(w io.Writer, ins []incident.Incident) {
	table := [][]string{{"id", "first", "last", "victim", "types", "attackers", "records", "reports", "news"}}
	for i := range ins {
		in := &ins[i]
		r, n := in.Reports()
		table = append(table, []string{strconv.FormatInt(in.ID, 10), in.FirstPublished, in.LastPublished, in.Victim,
			strings.Join(in.Types, ","), incidentAttackerNames(in), countOrEmpty(in.MaxCount), strconv.Itoa(r), strconv.Itoa(n)})
	}
	writeTable(w, table)
}

func writeIncidentDetail(w io.Writer, in *incident.Incident) {
	kv := [][]string{
		{"incident", strconv.FormatInt(in.ID, 10)},
		{"victim", in.Victim},
		{"publisher", in.Publisher},
		{"types", strings.Join(in.Types, ", ") + "  (" + incident.Cause(in.Types) + ")"},
		{"categories", strings.Join(in.Categories, ", ")},
		{"detected", in.Detected},
		{"published", in.FirstPublished + " … " + in.LastPublished},
		{"records", countOrEmpty(in.MaxCount) + " (latest " + countOrEmpty(in.LatestCount) + ")"},
	}
	for _, a := range in.Attackers {
		how := []string{}
		if a.Claimed {
			how = append(how, "claimed")
		}
		if a.Confirmed {
			how = append(how, "confirmed by the victim")
		}
		kv = append(kv, []string{"attacker", a.Name + " (first named " + a.FirstNamed + "; " + strings.Join(how, ", ") + ")"})
	}
	for _, c := range in.Counts {
		kv = append(kv, []string{"count", c.Published + "  " + c.Text})
	}
	writeTable(w, kv)
	fmt.Fprintln(w, "\ntimeline:")
	table := [][]string{{"date", "role", "title", "url"}}
	for _, m := range in.Documents {
		table = append(table, []string{m.Published, m.Role, m.Title, m.URL})
	}
	writeTable(w, table)
}
