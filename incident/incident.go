package incident

import (
	"cmp"
	"slices"
	"time"
)

// Roles of a document in an incident.
const (
	RoleReport   = "report"    // the victim's first notice of the incident in the corpus
	RoleFollowUp = "follow-up" // a later notice of the victim (第2報, 最終報, 調査結果のご報告)
	RoleNews     = "news"      // an article by another publisher about the victim
)

// The windows of the grouping rules.
//
// TypeWindow: a document with an overlapping incident type joins an
// incident whose first document is at most this much older. Follow-up
// reports of one case come within days to weeks (piyolog's timelines:
// 第2報 within 1-3 weeks, the investigation result within about three
// months), while two incidents of one type at one organisation within a
// quarter are rare, and when they happen their reports state different
// incident dates, which vetoes the join.
//
// ChainWindow: a document that says it continues an earlier report
// (第2報, 続報, 最終報, 調査結果のご報告, "X月X日にお知らせした") joins
// the victim's latest incident of at most this age: forensic
// investigation results arrive up to half a year or more after the first
// notice.
//
// DateWindow: how far before its publication a date may lie to count as
// the incident's (detection or occurrence) date.
const (
	TypeWindow  = 90 * 24 * time.Hour
	ChainWindow = 365 * 24 * time.Hour
	DateWindow  = 365 * 24 * time.Hour
	// dateVeto: two documents that both state incident dates, none shared
	// and the nearest this far apart, tell of different events.
	dateVeto = 14 * 24 * time.Hour
)

// Date is a date mentioned in a document's text (extract.Date).
type Date struct {
	Value      string // YYYY-MM-DD, YYYY-MM, YYYY, FYYYYY
	Precision  string // day, month, year, fiscal_year
	Start, End int    // code-point offsets into Doc.Text
}

// Attacker is an attacker named in a document (extract.Attacker).
type Attacker struct {
	Name       string
	Start, End int
}

// Count is a number with its counter (extract.Count).
type Count struct {
	Value     int64
	Counter   string
	Qualifier string
	Text      string
}

// Doc is one stored document with its extraction, as Consolidate needs it.
// Only documents that may join an incident are passed: articles and PDFs
// with a victim and at least one incident type, or leaked data (listings
// never). A document without incident types only follows an incident it
// continues (it refers to an earlier notice's date, or says 第2報, 続報);
// it starts none.
type Doc struct {
	ID         int64
	URL, Title string
	Published  string // YYYY-MM-DD or ""
	Publisher  string // the page's (or its site's) publisher, "" when unknown
	Victim     string // the document's victim (see ResolveVictim)
	Text       string
	Types      []string // incident types, in order of first mention
	Attackers  []Attacker
	Counts     []Count
	Categories []string
	Dates      []Date
}

// Member is one document of an incident's timeline.
type Member struct {
	DocID     int64
	URL       string
	Title     string
	Published string
	Role      string // RoleReport, RoleFollowUp, RoleNews
}

// AttackerInfo is an attacker of an incident.
type AttackerInfo struct {
	Name       string
	FirstNamed string // published date of the first document naming it
	Claimed    bool   // a document ties it to a claim (犯行声明, leak site)
	Confirmed  bool   // the victim's own report names it outside a claim
}

// CountRevision is the record count one document states (its largest).
type CountRevision struct {
	DocID     int64
	Published string
	Value     int64
	Qualifier string
	Text      string
}

// Incident is one real event and every document that tells of it.
type Incident struct {
	ID             int64 // 0 until stored; corpus keeps ids stable
	Victim         string
	VictimKey      string
	Publisher      string
	Types          []string
	Attackers      []AttackerInfo
	Categories     []string
	Detected       string // earliest incident date stated, YYYY-MM-DD
	FirstPublished string
	LastPublished  string
	MaxCount       *int64
	LatestCount    *int64
	Counts         []CountRevision // in published order
	Documents      []Member        // the timeline, in published order
}

// Reports counts the victim's own documents; News the articles.
func (in *Incident) Reports() (reports, news int) {
	for _, m := range in.Documents {
		if m.Role == RoleNews {
			news++
		} else {
			reports++
		}
	}
	return reports, news
}

// Consolidate groups documents into incidents. The order of the work:
//
//  1. features: each document's victim key, report-chain cue and the
//     dates it refers back to, its incident dates, its record count;
//  2. names: a notice that calls its issuer 当社 and names it joins the
//     name in its text to its site's publisher (brand and full name);
//  3. roles: a document whose publisher is not its victim, and that does
//     not speak as the issuer (当社), is news;
//  4. groups: documents by victim, then events within a victim, in
//     published order (see join for the rules);
//  5. incidents: the union of each event's facts and its timeline.
//
// Incidents come ordered by first publication, then by smallest doc id.
func Consolidate(docs []Doc) []Incident {
	fs := make([]*features, len(docs))
	for i := range docs {
		fs[i] = analyse(&docs[i])
	}
	names := aliases(fs)
	byVictim := map[string][]*features{}
	var order []string
	for _, f := range fs {
		if f.key == "" {
			continue
		}
		// News: published by someone other than the victim, and not
		// speaking as the issuer (a group's site publishes its
		// subsidiaries' own notices: 当社グループの〇〇株式会社において).
		f.news = f.pubKey != "" && names.find(f.pubKey) != names.find(f.key) && !f.own
		root := names.find(f.key)
		if _, ok := byVictim[root]; !ok {
			order = append(order, root)
		}
		byVictim[root] = append(byVictim[root], f)
	}
	var out []Incident
	for _, root := range order {
		group := byVictim[root]
		slices.SortStableFunc(group, func(a, b *features) int {
			if c := cmp.Compare(a.doc.Published, b.doc.Published); c != 0 {
				return c
			}
			if a.news != b.news { // the victim's own report first
				if a.news {
					return 1
				}
				return -1
			}
			return cmp.Compare(a.doc.ID, b.doc.ID)
		})
		for _, ev := range events(group) {
			out = append(out, build(ev))
		}
	}
	slices.SortStableFunc(out, func(a, b Incident) int {
		if c := cmp.Compare(a.FirstPublished, b.FirstPublished); c != 0 {
			return c
		}
		return cmp.Compare(a.Documents[0].DocID, b.Documents[0].DocID)
	})
	return out
}

// aliases joins a publisher's name to the name its own notices give it
// (a 当社 notice that names its issuer: brand and full name). Only a
// one-to-one pairing counts: a publisher whose notices name several
// issuers (a group's site, a misread site name) joins none of them, so one
// wrong pairing cannot chain organisations together.
func aliases(fs []*features) unionFind {
	partners := map[string]map[string]bool{}
	link := func(a, b string) {
		if partners[a] == nil {
			partners[a] = map[string]bool{}
		}
		partners[a][b] = true
	}
	for _, f := range fs {
		if f.aliasOf != "" {
			link("p:"+f.aliasOf, "v:"+f.key)
			link("v:"+f.key, "p:"+f.aliasOf)
		}
	}
	names := newUnionFind()
	for _, f := range fs {
		if f.aliasOf != "" && len(partners["p:"+f.aliasOf]) == 1 && len(partners["v:"+f.key]) == 1 {
			names.union(f.aliasOf, f.key)
		}
	}
	return names
}

// unionFind joins organisation keys known to name one organisation.
type unionFind map[string]string

func newUnionFind() unionFind { return unionFind{} }

func (u unionFind) find(k string) string {
	for {
		p, ok := u[k]
		if !ok || p == k {
			return k
		}
		if gp, ok := u[p]; ok && gp != p {
			u[k] = gp
		}
		k = p
	}
}

func (u unionFind) union(a, b string) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	// The smaller key is the root, so the result does not depend on order.
	if rb < ra {
		ra, rb = rb, ra
	}
	u[rb] = ra
}
