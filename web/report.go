package web

import (
	"context"
	"fmt"
	"html/template"
	"io"
	"time"
)

// reportView is the data of the self-contained report.
type reportView struct {
	CSS       template.CSS
	DB        string
	Generated string
	Filter    Filter
	Stats     *Stats
	Incidents []Incident
}

// WriteReport writes one self-contained HTML file (inline CSS and SVG, no
// script, nothing fetched) with the statistics charts and the table of the
// incidents that pass f (Since and Until are the ones that matter).
func (s *Server) WriteReport(ctx context.Context, w io.Writer, f Filter, now time.Time) error {
	layout, all, err := s.store.incidents(ctx)
	if err != nil {
		return fmt.Errorf("web: report: %w", err)
	}
	css, err := assets.ReadFile("static/style.css")
	if err != nil {
		return fmt.Errorf("web: report: %w", err)
	}
	v := reportView{
		CSS:       template.CSS(css),
		DB:        s.name,
		Generated: now.UTC().Format(time.RFC3339),
		Filter:    f,
		Stats:     computeStats(layout, all, f),
		Incidents: filterIncidents(all, f),
	}
	if err := s.pages["report"].ExecuteTemplate(w, "report", v); err != nil {
		return fmt.Errorf("web: report: %w", err)
	}
	return nil
}
