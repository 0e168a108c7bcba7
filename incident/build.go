package incident

import "unicode/utf8"

// build turns an event into an Incident: the union of its documents'
// facts, its timeline and the revisions of its record count.
func build(ev *event) Incident {
	var in Incident
	seenType, seenCat := map[string]bool{}, map[string]bool{}
	attackers := map[string]int{} // name → index in in.Attackers
	reported := false
	for _, f := range ev.docs {
		d := f.doc
		role := RoleNews
		if !f.news {
			role = RoleFollowUp
			if !reported {
				role = RoleReport
				reported = true
			}
		}
		in.Documents = append(in.Documents, Member{DocID: d.ID, URL: d.URL, Title: titleOrText(d), Published: d.Published, Role: role})
		if d.Published != "" {
			if in.FirstPublished == "" || d.Published < in.FirstPublished {
				in.FirstPublished = d.Published
			}
			if d.Published > in.LastPublished {
				in.LastPublished = d.Published
			}
		}
		for _, t := range d.Types {
			if !seenType[t] {
				seenType[t] = true
				in.Types = append(in.Types, t)
			}
		}
		for _, c := range d.Categories {
			if !seenCat[c] {
				seenCat[c] = true
				in.Categories = append(in.Categories, c)
			}
		}
		for _, a := range d.Attackers {
			i, ok := attackers[a.Name]
			if !ok {
				i = len(in.Attackers)
				attackers[a.Name] = i
				in.Attackers = append(in.Attackers, AttackerInfo{Name: a.Name, FirstNamed: d.Published})
			}
			if f.claimed[a.Name] {
				in.Attackers[i].Claimed = true
			} else if !f.news {
				in.Attackers[i].Confirmed = true
			}
		}
		for x := range f.incDates {
			if in.Detected == "" || x < in.Detected {
				in.Detected = x
			}
		}
		if c := f.count; c != nil {
			in.Counts = append(in.Counts, CountRevision{DocID: d.ID, Published: d.Published, Value: c.Value, Qualifier: c.Qualifier, Text: c.Text})
			v := c.Value
			in.LatestCount = &v
			if in.MaxCount == nil || v > *in.MaxCount {
				m := v
				in.MaxCount = &m
			}
		}
	}
	in.Victim, in.Publisher = victimName(ev)
	in.VictimKey = Key(in.Victim)
	return in
}

// victimName: the longest name the victim's own documents give it (the
// one with its legal form), else the first document's; the publisher of
// its first own document.
func victimName(ev *event) (victim, publisher string) {
	for _, f := range ev.docs {
		if f.news {
			continue
		}
		if publisher == "" {
			publisher = f.doc.Publisher
		}
		if utf8.RuneCountInString(f.doc.Victim) > utf8.RuneCountInString(victim) {
			victim = f.doc.Victim
		}
	}
	if victim == "" {
		victim = ev.docs[0].doc.Victim
	}
	return victim, publisher
}
