package incident

import (
	"slices"
	"time"
)

// event is one incident while it is being grouped.
type event struct {
	docs      []*features
	first     time.Time       // earliest publication
	last      time.Time       // latest publication
	published map[string]bool // publication dates of its documents
	attackers map[string]bool
	incDates  map[string]bool
	types     map[string]bool
}

func newEvent(f *features) *event {
	ev := &event{attackers: map[string]bool{}, incDates: map[string]bool{}, types: map[string]bool{}, published: map[string]bool{}}
	ev.add(f)
	return ev
}

func (ev *event) add(f *features) {
	ev.docs = append(ev.docs, f)
	if f.published.After(ev.last) {
		ev.last = f.published
	}
	if !f.published.IsZero() && (ev.first.IsZero() || f.published.Before(ev.first)) {
		ev.first = f.published
	}
	if f.doc.Published != "" {
		ev.published[f.doc.Published] = true
	}
	for k := range f.attackers {
		ev.attackers[k] = true
	}
	for k := range f.incDates {
		ev.incDates[k] = true
	}
	for k := range f.types {
		ev.types[k] = true
	}
}

// events splits the documents of one victim (in published order) into
// events: each document joins the event join picks, else starts one.
func events(group []*features) []*event {
	var evs []*event
	for _, f := range group {
		if len(f.types) == 0 {
			// A report without an incident type of its own (only leaked
			// data) follows an incident it explicitly continues, and
			// starts none.
			if ev := follow(evs, f); ev != nil {
				ev.add(f)
			}
			continue
		}
		if ev := join(evs, f); ev != nil {
			ev.add(f)
			continue
		}
		evs = append(evs, newEvent(f))
	}
	return evs
}

// join picks the event f belongs to, or nil. The rules, strongest first:
//
//  1. f refers to an earlier notice by its date (X月X日にお知らせした) and
//     an event has a document published that day;
//  2. f names an attacker an event names;
//  3. f states an incident date an event states;
//  4. f continues an earlier report (第2報, 続報, 最終報, 調査結果) and the
//     victim has an event within ChainWindow: the latest one that shares
//     an incident type, else the latest one;
//  5. f shares an incident type with an event that began (its first
//     document) within TypeWindow: the latest one. Measured from the
//     start, not the latest document, so that weak evidence cannot chain
//     an organisation's incidents of one type into one.
//
// Rules 3 to 5 are vetoed by a conflict: both name attackers and none
// is shared, or (rules 4 and 5) both state incident dates, none shared,
// the nearest more than two weeks apart.
func join(evs []*event, f *features) *event {
	latest := func(ok func(*event) bool) *event {
		for _, ev := range slices.Backward(evs) {
			if ok(ev) {
				return ev
			}
		}
		return nil
	}
	if ev := latest(func(ev *event) bool {
		return overlaps(f.refDates, ev.published)
	}); ev != nil {
		return ev
	}
	if ev := latest(func(ev *event) bool { return overlaps(f.attackers, ev.attackers) }); ev != nil {
		return ev
	}
	attackerConflict := func(ev *event) bool {
		return len(f.attackers) > 0 && len(ev.attackers) > 0 && !overlaps(f.attackers, ev.attackers)
	}
	if ev := latest(func(ev *event) bool {
		return overlaps(f.incDates, ev.incDates) && !attackerConflict(ev)
	}); ev != nil {
		return ev
	}
	conflict := func(ev *event) bool { return attackerConflict(ev) || datesConflict(f.incDates, ev.incDates) }
	within := func(since time.Time, w time.Duration) bool {
		if f.published.IsZero() || since.IsZero() {
			return false
		}
		d := f.published.Sub(since)
		return d >= -w && d <= w
	}
	if f.followUp {
		chain := func(ev *event) bool { return within(ev.last, ChainWindow) && !conflict(ev) }
		if ev := latest(func(ev *event) bool { return chain(ev) && overlaps(f.types, ev.types) }); ev != nil {
			return ev
		}
		if ev := latest(chain); ev != nil {
			return ev
		}
	}
	return latest(func(ev *event) bool {
		return overlaps(f.types, ev.types) && within(ev.first, TypeWindow) && !conflict(ev)
	})
}

// follow picks the event a document without incident types continues:
// one with a document published on a date it refers back to (rule 1 of
// join), else, when it says it continues a report (rule 4), the latest
// event within ChainWindow that names no other attacker.
func follow(evs []*event, f *features) *event {
	for _, ev := range slices.Backward(evs) {
		if overlaps(f.refDates, ev.published) {
			return ev
		}
	}
	if !f.followUp || f.published.IsZero() {
		return nil
	}
	for _, ev := range slices.Backward(evs) {
		d := f.published.Sub(ev.last)
		if d >= 0 && d <= ChainWindow && (len(f.attackers) == 0 || overlaps(f.attackers, ev.attackers)) {
			return ev
		}
	}
	return nil
}

// datesConflict: both state incident dates, none shared, and the nearest
// two are more than dateVeto apart.
func datesConflict(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 || overlaps(a, b) {
		return false
	}
	best := time.Duration(-1)
	for x := range a {
		tx, err := time.Parse(time.DateOnly, x)
		if err != nil {
			continue
		}
		for y := range b {
			ty, err := time.Parse(time.DateOnly, y)
			if err != nil {
				continue
			}
			d := tx.Sub(ty)
			if d < 0 {
				d = -d
			}
			if best < 0 || d < best {
				best = d
			}
		}
	}
	return best > dateVeto
}
