package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Server-rendered SVG charts. The geometry is computed here and drawn by
// the template "chart" (templates/chart.html): no script, no library, so
// the charts render offline, in the report file and in a screenshot.

// Chart is one SVG chart.
type Chart struct {
	ID             string // element id, also used by tests
	Title          string
	XLabel, YLabel string
	Width, Height  float64
	// The plot area.
	PX, PY, PW, PH float64
	Bars           []Bar
	XTicks, YTicks []Tick
	Legend         []LegendItem
	LabelY         float64 // baseline of the x-axis title
	Empty          bool    // no data: the template says so
}

// Bar is one rectangle.
type Bar struct {
	X, Y, W, H float64
	Fill       string
	Title      string // tooltip
	Value      string // printed at the bar's end (horizontal charts)
	VX, VY     float64
}

// Tick is one axis label (and grid line for the value axis).
type Tick struct {
	X, Y           float64
	Label          string
	Anchor         string // start, middle, end
	Rotate         bool   // month labels stand at 45°
	Grid           bool
	X1, Y1, X2, Y2 float64 // the grid line
}

// LegendItem is one coloured key.
type LegendItem struct {
	X, Y  float64
	Fill  string
	Label string
}

// palette is colour-blind safe (Okabe–Ito).
var palette = []string{"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000", "#999999"}

// KV is one labelled number of a series.
type KV struct {
	Key   string `json:"key"`
	Label string `json:"label,omitempty"`
	N     int64  `json:"n"`
}

// niceMax returns an axis maximum ≥ v and its tick step (1, 2 or 5 × 10^k).
func niceMax(v int64) (top, step int64) {
	if v <= 0 {
		return 1, 1
	}
	raw := float64(v) / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	var s float64
	switch r := raw / mag; {
	case r <= 1:
		s = mag
	case r <= 2:
		s = 2 * mag
	case r <= 5:
		s = 5 * mag
	default:
		s = 10 * mag
	}
	step = max(1, int64(s))
	top = ((v + step - 1) / step) * step
	return top, step
}

// formatInt writes n with thousands separators.
func formatInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// columnChart draws one vertical bar per item (a time series).
func columnChart(id, title, xLabel, yLabel string, items []KV) Chart {
	series := []stackSeries{{Label: yLabel, Values: map[string]int64{}}}
	keys := make([]string, len(items))
	for i, it := range items {
		keys[i] = it.Key
		series[0].Values[it.Key] = it.N
	}
	c := stackedChart(id, title, xLabel, yLabel, keys, series)
	c.Legend = nil
	return c
}

// r1 rounds a coordinate to a tenth of a pixel (shorter SVG, same picture).
func r1(v float64) float64 { return math.Round(v*10) / 10 }

// round rounds every coordinate of the chart.
func (c *Chart) round() {
	for i := range c.Bars {
		b := &c.Bars[i]
		b.X, b.Y, b.W, b.H, b.VX, b.VY = r1(b.X), r1(b.Y), r1(b.W), r1(b.H), r1(b.VX), r1(b.VY)
	}
	for _, ts := range [][]Tick{c.XTicks, c.YTicks} {
		for i := range ts {
			t := &ts[i]
			t.X, t.Y, t.X1, t.Y1, t.X2, t.Y2 = r1(t.X), r1(t.Y), r1(t.X1), r1(t.Y1), r1(t.X2), r1(t.Y2)
		}
	}
}

type stackSeries struct {
	Label  string
	Values map[string]int64 // by key
}

// stackedChart draws one column per key with the series stacked.
func stackedChart(id, title, xLabel, yLabel string, keys []string, series []stackSeries) Chart {
	c := Chart{ID: id, Title: title, XLabel: xLabel, YLabel: yLabel, Width: 720, Height: 340,
		PX: 78, PY: 24, PW: 600, PH: 220}
	if len(series) > 1 {
		c.PW = 470 // room for the legend on the right
	}
	var maxTotal int64
	for _, k := range keys {
		var t int64
		for _, s := range series {
			t += s.Values[k]
		}
		maxTotal = max(maxTotal, t)
	}
	if len(keys) == 0 || maxTotal == 0 {
		c.Empty = true
		return c
	}
	c.yAxis(maxTotal)
	slot := c.PW / float64(len(keys))
	barW := math.Max(1, slot*0.7)
	every := int(math.Ceil(float64(len(keys)) / 24)) // at most 24 labels
	rotate := len(keys) > 8
	top, _ := niceMax(maxTotal)
	for i, k := range keys {
		x := c.PX + slot*float64(i) + (slot-barW)/2
		base := c.PY + c.PH
		for si, s := range series {
			v := s.Values[k]
			if v == 0 {
				continue
			}
			h := c.PH * float64(v) / float64(top)
			base -= h
			tip := fmt.Sprintf("%s: %s", k, formatInt(v))
			if len(series) > 1 {
				tip = fmt.Sprintf("%s %s: %s", k, s.Label, formatInt(v))
			}
			c.Bars = append(c.Bars, Bar{X: x, Y: base, W: barW, H: h, Fill: palette[si%len(palette)], Title: tip})
		}
		if i%every == 0 {
			t := Tick{X: x + barW/2, Y: c.PY + c.PH + 16, Label: k, Anchor: "middle"}
			if rotate {
				t.Anchor, t.Rotate, t.Y = "end", true, c.PY+c.PH+12
			}
			c.XTicks = append(c.XTicks, t)
		}
	}
	c.LabelY = c.PY + c.PH + 40
	if rotate {
		c.LabelY = c.PY + c.PH + 76
	}
	c.Height = c.LabelY + 10
	if len(series) > 1 {
		c.Height = max(c.Height, c.PY+float64(len(series))*20+16)
		for si, s := range series {
			c.Legend = append(c.Legend, LegendItem{X: c.PX + c.PW + 20, Y: c.PY + 4 + float64(si)*20,
				Fill: palette[si%len(palette)], Label: s.Label})
		}
	}
	c.round()
	return c
}

// yAxis adds the value axis ticks and grid lines of a column chart.
func (c *Chart) yAxis(maxV int64) {
	top, step := niceMax(maxV)
	for v := int64(0); v <= top; v += step {
		y := c.PY + c.PH - c.PH*float64(v)/float64(top)
		c.YTicks = append(c.YTicks, Tick{X: c.PX - 6, Y: y + 4, Label: formatInt(v), Anchor: "end",
			Grid: true, X1: c.PX, Y1: y, X2: c.PX + c.PW, Y2: y})
	}
}

// barChart draws one horizontal bar per item (a ranking).
func barChart(id, title, xLabel, yLabel string, items []KV) Chart {
	const rowH = 26
	c := Chart{ID: id, Title: title, XLabel: xLabel, YLabel: yLabel, Width: 720,
		PX: 200, PY: 16, PW: 460}
	c.PH = float64(max(5, len(items))) * rowH // room for the rotated axis title
	c.LabelY = c.PY + c.PH + 40
	c.Height = c.LabelY + 10
	var maxV int64
	for _, it := range items {
		maxV = max(maxV, it.N)
	}
	if len(items) == 0 || maxV == 0 {
		c.Empty = true
		return c
	}
	top, step := niceMax(maxV)
	for v := int64(0); v <= top; v += step {
		x := c.PX + c.PW*float64(v)/float64(top)
		c.XTicks = append(c.XTicks, Tick{X: x, Y: c.PY + c.PH + 16, Label: formatInt(v), Anchor: "middle",
			Grid: true, X1: x, Y1: c.PY, X2: x, Y2: c.PY + c.PH})
	}
	for i, it := range items {
		y := c.PY + float64(i)*rowH + 4
		w := c.PW * float64(it.N) / float64(top)
		name := it.Label
		if name == "" {
			name = it.Key
		}
		c.Bars = append(c.Bars, Bar{X: c.PX, Y: y, W: w, H: rowH - 8, Fill: palette[0],
			Title: fmt.Sprintf("%s: %s", name, formatInt(it.N)), Value: formatInt(it.N), VX: c.PX + w + 4, VY: y + rowH/2 + 1})
		c.YTicks = append(c.YTicks, Tick{X: c.PX - 8, Y: y + rowH/2 + 1, Label: name, Anchor: "end"})
	}
	c.round()
	return c
}

// Bottom and Right are the plot area's edges; the label positions
// place the axis titles (the y title is drawn rotated by -90°).
func (c Chart) Bottom() float64  { return c.PY + c.PH }
func (c Chart) Right() float64   { return c.PX + c.PW }
func (c Chart) XLabelX() float64 { return c.PX + c.PW/2 }
func (c Chart) XLabelY() float64 { return c.LabelY }
func (c Chart) YLabelX() float64 { return -(c.PY + c.PH/2) }
