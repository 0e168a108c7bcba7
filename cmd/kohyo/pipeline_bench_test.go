package main

// The pipeline benchmarks: kohyo crawl against its two baselines, on one
// generated loopback site, in one run:
//
//	go test -tags sqlite_fts5 -run XXX -bench Pipeline -count 3 ./cmd/kohyo
//
// The site has 2,000 fictional announcements of about 1,000 Japanese
// characters each (breach notices of several kinds and unrelated news, from
// templates with varied organisations, dates, counts, categories and
// attackers) and 100 listing pages of 20 links each, chained by 次へ.
// Every benchmark reports pages/s, where a page is one of the 2,000
// announcements:
//
//   - BenchmarkPipelineBareColly: Colly alone following every link, one
//     request at a time (Colly's synchronous mode), which is the
//     per-host concurrency of kohyo's crawler on a one-host site;
//   - BenchmarkPipelineExtract: extraction alone over the texts the crawler
//     reads from the same pages, on GOMAXPROCS workers (as kohyo extract
//     --jsonl), with the same extract.Input the crawl's sink builds;
//   - BenchmarkPipelineCrawl: crawlInto (what kohyo crawl --delay 0 runs
//     once the flags are read) into a fresh SQLite file per iteration:
//     fetch, WARC archive, parse, extraction, search index, group commit,
//     frontier.
//     Opening and closing the database are timed; loading the dictionary
//     is not;
//   - BenchmarkPipelineCrawlCommand: the kohyo crawl command itself, the
//     test binary re-run as kohyo in a child process against the same
//     site, reporting the child's peak RSS (VmHWM of /proc/self/status,
//     read by the child when the command returns: a per-process figure
//     that the benchmark process's own memory does not inflate). Its
//     pages/s includes process start and dictionary loading.
//
// Delays are off (--delay 0). The target (issue 4) compares
// BenchmarkPipelineCrawl with the slower of the first two, as a ratio of
// figures from the same run.

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/kohyo-dev/kohyo/archive"
	"github.com/kohyo-dev/kohyo/crawler"
	"github.com/kohyo-dev/kohyo/crawler/page"
	"github.com/kohyo-dev/kohyo/extract"
)

const (
	pipelinePages      = 2000 // announcements
	pipelinePerListing = 20   // links per listing page
	pipelineSeedPath   = "/information/"

	// benchCrawlEnv makes the test binary run one kohyo command line (its
	// arguments) and write its peak RSS to the file the variable names.
	benchCrawlEnv = "KOHYO_BENCH_PEAK_RSS_FILE"
)

// init runs the child of BenchmarkPipelineCrawlCommand: the kohyo command
// line in os.Args, then VmHWM, before the test framework starts.
func init() {
	out := os.Getenv(benchCrawlEnv)
	if out == "" {
		return
	}
	code := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	kb, err := vmHWM()
	if err == nil {
		err = os.WriteFile(out, []byte(strconv.FormatInt(kb, 10)), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "peak rss:", err)
		code = exitFailure
	}
	os.Exit(code)
}

// vmHWM returns the peak resident set size of this process in KiB.
func vmHWM() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportRates reports pages/s and the CPU time per page (both cores, the
// loopback server included) since start and cpu0.
func reportRates(b *testing.B, pages int, start time.Time, cpu0 time.Duration) {
	b.ReportMetric(float64(pages)/time.Since(start).Seconds(), "pages/s")
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(time.Millisecond)/float64(pages), "cpu-ms/page")
}

// crawlFlags returns the options kohyo crawl runs with for args: its flag
// defaults and args parsed.
func crawlFlags(tb testing.TB, args ...string) *crawlOptions {
	tb.Helper()
	o := &crawlOptions{global: &globalOptions{}}
	if err := crawlCommand(o).ParseFlags(args); err != nil {
		tb.Fatal(err)
	}
	return o
}

// pipelineSite is the generated site: served bytes by path.
type pipelineSite struct {
	pages    map[string][]byte
	articles []string // announcement paths, in listing order
}

var pipelineSiteOnce = sync.OnceValue(func() *pipelineSite { return genPipelineSite(pipelinePages, 20240501) })

// serve starts a loopback server for the site, closed when b ends.
func (s *pipelineSite) serve(b *testing.B) *httptest.Server {
	srv := httptestServe(s)
	b.Cleanup(srv.Close)
	return srv
}

func httptestServe(s *pipelineSite) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		path := r.URL.Path
		if path == pipelineSeedPath && r.URL.RawQuery != "" {
			path += "?" + r.URL.RawQuery
		}
		body, ok := s.pages[path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if path == "/robots.txt" {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
}

// texts parses every announcement as the crawler does and returns the
// extraction inputs the crawl's sink would build, and their total runes.
func (s *pipelineSite) inputs(b *testing.B, base string) ([]extract.Input, int) {
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	ins := make([]extract.Input, len(s.articles))
	n := 0
	for i, p := range s.articles {
		doc, err := page.Parse(base+p, "", http.StatusOK, h, s.pages[p], page.DatesWith(extract.FirstDate))
		if err != nil {
			b.Fatalf("%s: %v", p, err)
		}
		ins[i] = extract.Input{ID: doc.URL, Text: doc.Text, Published: doc.Published}
		n += len([]rune(doc.Text))
	}
	return ins, n
}

func BenchmarkPipelineBareColly(b *testing.B) {
	site := pipelineSiteOnce()
	srv := site.serve(b)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range b.N {
		articles := 0
		col := &colly.Collector{} // colly.NewCollector would read COLLY_* variables
		col.Init()                // synchronous: one request at a time
		col.OnHTML("a[href]", func(e *colly.HTMLElement) {
			_ = e.Request.Visit(e.Attr("href"))
		})
		col.OnResponse(func(r *colly.Response) {
			if strings.HasSuffix(r.Request.URL.Path, ".html") {
				articles++
			}
		})
		if err := col.Visit(srv.URL + pipelineSeedPath); err != nil {
			b.Fatal(err)
		}
		col.Wait()
		if articles != pipelinePages {
			b.Fatalf("visited %d announcements, want %d", articles, pipelinePages)
		}
	}
	reportRates(b, b.N*pipelinePages, start, cpu0)
}

func BenchmarkPipelineExtract(b *testing.B) {
	site := pipelineSiteOnce()
	ex, err := sharedExtractor()
	if err != nil {
		b.Fatal(err)
	}
	ins, runes := site.inputs(b, "http://127.0.0.1:8080")
	workers := runtime.GOMAXPROCS(0)
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range b.N {
		jobs := make(chan int, workers*2)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					ex.Extract(ins[i])
				}
			}()
		}
		for i := range ins {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}
	b.ReportMetric(float64(b.N*runes)/time.Since(start).Seconds(), "chars/s")
	reportRates(b, b.N*len(ins), start, cpu0)
}

func BenchmarkPipelineCrawl(b *testing.B) {
	site := pipelineSiteOnce()
	srv := site.serve(b)
	if _, err := sharedExtractor(); err != nil { // the dictionary loads once, untimed
		b.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	o := crawlFlags(b, "--delay", "0")
	ios := &iostreams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}
	ctx := context.Background()
	b.ResetTimer()
	start, cpu0 := time.Now(), cpuTime()
	for range b.N {
		path := filepath.Join(b.TempDir(), "bench.db")
		opts, err := o.crawlerOptions(log)
		if err != nil {
			b.Fatal(err)
		}
		ex, db, err := openCorpus(ctx, path, log, &globalOptions{})
		if err != nil {
			b.Fatal(err)
		}
		// The WARC archive, as kohyo crawl keeps it by default.
		w, err := (&archiveFlags{maxSize: archive.DefaultMaxFileSize >> 20}).open(path, log)
		if err != nil {
			b.Fatal(err)
		}
		sum, err := crawlInto(ctx, db, ex, []string{srv.URL + pipelineSeedPath}, append(opts, crawler.WithArchive(w)), ios, log)
		if err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		if sum.New != pipelinePages || sum.Errors != 0 {
			b.Fatalf("stored %d new documents, want %d: %+v", sum.New, pipelinePages, sum)
		}
	}
	reportRates(b, b.N*pipelinePages, start, cpu0)
}

func BenchmarkPipelineCrawlCommand(b *testing.B) {
	if _, err := vmHWM(); err != nil {
		b.Skipf("peak RSS needs /proc/self/status: %v", err)
	}
	site := pipelineSiteOnce()
	srv := site.serve(b)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	var peak int64
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		dir := b.TempDir()
		rssFile := filepath.Join(dir, "peak-rss")
		cmd := exec.Command(exe, "crawl", "--db", filepath.Join(dir, "bench.db"), "--delay", "0", srv.URL+pipelineSeedPath)
		cmd.Env = append(os.Environ(), benchCrawlEnv+"="+rssFile)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("kohyo crawl: %v\n%s", err, out)
		}
		if want := fmt.Sprintf("%d new", pipelinePages); !strings.Contains(string(out), want) {
			b.Fatalf("kohyo crawl did not store %s documents:\n%s", want, out)
		}
		raw, err := os.ReadFile(rssFile)
		if err != nil {
			b.Fatal(err)
		}
		kb, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		peak = max(peak, kb)
	}
	b.ReportMetric(float64(b.N*pipelinePages)/time.Since(start).Seconds(), "pages/s")
	b.ReportMetric(float64(peak)/1024, "peak-RSS-MB")
}

// The generated site. Everything in it is fictional: organisations,
// people, events and figures come from the pools below.

var (
	orgStems = []string{"みなと野", "あさぎり", "北斗", "桜川", "しらかば", "青葉台", "ひかり丘", "月見坂", "若草",
		"東雲", "白鷺", "霧ヶ原", "大観", "つばさ", "朝凪", "星ヶ浦", "紅葉谷", "常盤台", "千鳥", "山吹"}
	orgKinds = []string{"商事", "物産", "精機", "電工", "化成", "運輸", "製薬", "食品", "不動産", "システムズ",
		"ホールディングス", "工業", "証券", "保険", "百貨店", "学園", "信用金庫", "情報サービス"}
	orgForms = []string{"株式会社%s", "%s株式会社", "%s有限会社", "一般社団法人%s", "学校法人%s"}
	vendors  = []string{"業務委託先", "システム保守委託先", "クラウドサービス事業者", "配送委託先", "コールセンター運営委託先"}
	systems  = []string{"会員管理システム", "オンラインストア", "予約管理サーバー", "社内ファイルサーバー", "顧客管理データベース",
		"採用応募管理システム", "メール配信サービス", "ポイント管理システム"}
	attackersPool = []string{"LockBit", "BlackCat", "ALPHV", "Akira", "8Base", "Phobos", "Emotet", "MirrorFace"}
	categoryPool  = []string{"氏名", "住所", "電話番号", "メールアドレス", "生年月日", "性別", "学歴", "職歴",
		"クレジットカード番号", "有効期限", "銀行口座番号", "会員番号", "ログインID", "パスワード", "勤務先", "購入履歴"}
	personPool = []string{"会員", "お客様", "応募者", "取引先担当者", "従業員", "卒業生", "利用者", "株主"}
	staffPool  = []string{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"}
	newsTopics = []string{"新製品「%sシリーズ」発売のお知らせ", "%s営業所移転のお知らせ", "役員人事に関するお知らせ",
		"夏季休業期間のお知らせ", "%s工場の操業開始について", "サステナビリティ報告書発行のお知らせ",
		"ホームページリニューアルのお知らせ", "%s地域での共同研究開始について"}
	places = []string{"札幌", "仙台", "新潟", "名古屋", "金沢", "大阪", "広島", "高松", "福岡", "那覇"}
)

// genPipelineSite builds n announcements and their listing pages.
func genPipelineSite(n int, seed uint64) *pipelineSite {
	rnd := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s := &pipelineSite{pages: map[string][]byte{}}
	s.pages["/robots.txt"] = []byte("User-agent: *\nDisallow: /admin/\n")
	type entry struct{ path, title, date string }
	entries := make([]entry, n)
	day := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)
	for i := range n {
		if rnd.IntN(3) == 0 {
			day = day.AddDate(0, 0, -1)
		}
		path := fmt.Sprintf("/information/%d/%04d.html", day.Year(), i)
		var prev string
		if i > 0 && rnd.IntN(6) == 0 {
			prev = entries[i-1].path
		}
		title, html := genAnnouncement(rnd, day, prev)
		s.pages[path] = html
		s.articles = append(s.articles, path)
		entries[i] = entry{path, title, day.Format("2006年1月2日")}
	}
	lists := (n + pipelinePerListing - 1) / pipelinePerListing
	for p := range lists {
		var b strings.Builder
		b.WriteString(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>お知らせ一覧</title></head><body>`)
		b.WriteString(`<header><a href="/information/">お知らせ</a></header><main><h1>お知らせ一覧</h1><ul class="news">`)
		for _, e := range entries[p*pipelinePerListing : min(n, (p+1)*pipelinePerListing)] {
			fmt.Fprintf(&b, `<li><a href="%s">%s（%s）</a></li>`, e.path, e.title, e.date)
		}
		b.WriteString(`</ul><nav class="pager">`)
		if p > 0 {
			fmt.Fprintf(&b, `<a href="%s">前へ</a> `, listingPath(p-1))
		}
		if p+1 < lists {
			fmt.Fprintf(&b, `<a href="%s">次へ</a>`, listingPath(p+1))
		}
		b.WriteString(`</nav></main></body></html>`)
		s.pages[listingPath(p)] = []byte(b.String())
	}
	return s
}

func listingPath(p int) string {
	if p == 0 {
		return pipelineSeedPath
	}
	return fmt.Sprintf("%s?page=%d", pipelineSeedPath, p+1)
}

func pick[T any](rnd *rand.Rand, xs []T) T { return xs[rnd.IntN(len(xs))] }

func orgName(rnd *rand.Rand) string {
	return fmt.Sprintf(pick(rnd, orgForms), pick(rnd, orgStems)+pick(rnd, orgKinds))
}

// dateText writes t in one of the ways announcements do.
func dateText(rnd *rand.Rand, t time.Time) string {
	switch rnd.IntN(5) {
	case 0:
		return fmt.Sprintf("令和%d年%d月%d日", t.Year()-2018, int(t.Month()), t.Day())
	case 1:
		return zenkaku(t.Format("2006年1月2日"))
	case 2:
		return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day())
	default:
		return t.Format("2006年1月2日")
	}
}

func zenkaku(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + '０'
		}
		return r
	}, s)
}

// countText writes a record count in one of the ways announcements do.
func countText(rnd *rand.Rand, n int, counter string) string {
	switch rnd.IntN(4) {
	case 0:
		return fmt.Sprintf("約%d万件", max(1, n/10000))
	case 1:
		s := strconv.Itoa(n)
		var b strings.Builder
		for i, r := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		return b.String() + counter
	case 2:
		if n >= 10000 {
			return fmt.Sprintf("%d万%d%s", n/10000, n%10000, counter)
		}
		return fmt.Sprintf("%d%s", n, counter)
	default:
		return fmt.Sprintf("最大%d%s", n, counter)
	}
}

func categoriesText(rnd *rand.Rand) string {
	k := 2 + rnd.IntN(5)
	idx := rnd.Perm(len(categoryPool))[:k]
	parts := make([]string, k)
	for i, j := range idx {
		parts[i] = categoryPool[j]
	}
	return strings.Join(parts, "、")
}

// Paragraphs that any notice may carry, to bring a page to about 1,000
// characters.
var fillerParagraphs = []string{
	"当社は、本件を厳粛に受け止め、外部の専門家の助言を受けながら、情報セキュリティ管理体制の一層の強化と再発防止に努めてまいります。",
	"現時点において、本件に起因する個人情報の不正利用等の二次被害は確認されておりませんが、引き続き調査を継続し、新たな事実が判明した場合には速やかにお知らせいたします。",
	"対象となるお客様には、順次、電子メールまたは書面にてご連絡を差し上げております。身に覚えのない電話や郵便物、メールにはご注意くださいますようお願い申し上げます。",
	"関係機関への報告については、個人情報保護委員会への報告を完了しており、所轄の警察署にも相談のうえ、捜査に全面的に協力しております。",
	"お客様をはじめ関係者の皆様には、多大なるご迷惑とご心配をおかけしますことを、深くお詫び申し上げます。",
	"本件に関するお問い合わせにつきましては、下記の専用窓口にて承っております。受付時間は平日午前九時から午後六時までとなります。",
	"再発防止策として、全従業員を対象とした情報セキュリティ研修を改めて実施するとともに、アクセス権限の見直しと多要素認証の導入を進めております。",
	"なお、クレジットカード決済につきましては、決済代行会社のシステムを利用しており、当該システムへの影響は確認されておりません。",
	"当社では、調査の過程で確認された脆弱性について既に対策を講じており、現在は安全が確認された環境にてサービスを提供しております。",
}

var newsParagraphs = []string{
	"当社はこれまで、地域のお客様に寄り添った製品とサービスの提供に取り組んでまいりました。",
	"今後も、品質の向上と環境負荷の低減を両立させる取り組みを進め、持続可能な社会の実現に貢献してまいります。",
	"詳細につきましては、添付の資料をご覧ください。今後の見通しについては、決まり次第お知らせいたします。",
	"期間中にいただいたお問い合わせにつきましては、営業再開後、順次対応させていただきます。",
	"新拠点では、最新の設備を導入し、生産能力を従来の約一・五倍に高める計画です。",
	"本件による当期の業績への影響は軽微であると見込んでおります。",
}

// genAnnouncement returns the title and HTML of one announcement; prev,
// when not empty, is an earlier report of the same event to link to.
func genAnnouncement(rnd *rand.Rand, day time.Time, prev string) (string, []byte) {
	org := orgName(rnd)
	var title string
	var paras []string
	d0 := day.AddDate(0, 0, -(10 + rnd.IntN(60)))
	d1 := d0.AddDate(0, 0, 1+rnd.IntN(5))
	n := 100 + rnd.IntN(80000)
	who := pick(rnd, personPool)
	switch kind := rnd.IntN(6); kind {
	case 0, 1: // unauthorised access, ransomware
		sys, atk := pick(rnd, systems), pick(rnd, attackersPool)
		title = fmt.Sprintf("不正アクセスによる個人情報漏えいのおそれに関するお知らせ（第%d報）", 1+rnd.IntN(3))
		paras = []string{
			fmt.Sprintf("このたび、%sが運営する%sのサーバーが第三者による不正アクセスを受け、ランサムウェアに感染したことが判明いたしました。", org, sys),
			fmt.Sprintf("%s、当社システム担当者が%sの一部ファイルが暗号化されていることを発見し、直ちにネットワークから遮断いたしました。その後の調査により、攻撃者はランサムウェア「%s」を用いたことが確認されております。", dateText(rnd, d0), sys, atk),
			fmt.Sprintf("外部の専門調査機関による調査の結果、%s、%sの%sを含む%sの情報が外部に流出した可能性があることが判明いたしました。", dateText(rnd, d1), who, categoriesText(rnd), countText(rnd, n, "件")),
		}
	case 2: // misdelivered e-mail
		title = "メール誤送信による個人情報の流出に関するお詫び"
		paras = []string{
			fmt.Sprintf("%sにおいて、%s、%s様向けのご案内メールを送信する際、送信先アドレスを宛先欄に入力したため、受信者間でメールアドレスが閲覧できる状態となる事案が発生いたしました。", org, dateText(rnd, d0), who),
			fmt.Sprintf("対象は%sで、流出した情報は%sです。担当者%sが送信直後に誤りに気付き、受信者の皆様に削除をお願いしております。", countText(rnd, 20+rnd.IntN(900), "名"), categoriesText(rnd), pick(rnd, staffPool)),
		}
	case 3: // lost documents or device
		title = "個人情報を含む書類の紛失に関するお詫びとお知らせ"
		paras = []string{
			fmt.Sprintf("%sの%sにおいて、%sの%sが記載された書類およびUSBメモリを紛失したことが判明いたしました。", org, pick(rnd, places)+"支店", who, categoriesText(rnd)),
			fmt.Sprintf("%sに社内で保管状況を確認した際に所在が分からないことに気付き、%sまで捜索を行いましたが、現時点で発見に至っておりません。対象となる方は%sです。", dateText(rnd, d0), dateText(rnd, d1), countText(rnd, 50+rnd.IntN(3000), "名")),
		}
	case 4: // the breach at a contractor
		vendor := pick(rnd, vendors)
		title = fmt.Sprintf("%sへのサイバー攻撃による当社お客様情報への影響について", vendor)
		paras = []string{
			fmt.Sprintf("%sが利用する%sにおいて、%s、マルウェア「%s」への感染が確認されました。", org, vendor, dateText(rnd, d0), pick(rnd, attackersPool)),
			fmt.Sprintf("%sからの報告によれば、当社が委託している業務に関連する%sの%s、計%sが閲覧された可能性がございます。", vendor, who, categoriesText(rnd), countText(rnd, n, "件")),
		}
	default: // unrelated news
		topic := pick(rnd, newsTopics)
		if strings.Contains(topic, "%s") {
			topic = fmt.Sprintf(topic, pick(rnd, places))
		}
		title = topic
		paras = []string{fmt.Sprintf("%s（本社：%s）は、%sより、%sについて下記のとおりお知らせいたします。", org, pick(rnd, places), dateText(rnd, d1), strings.TrimSuffix(topic, "のお知らせ"))}
		for len([]rune(strings.Join(paras, ""))) < 950 {
			paras = append(paras, pick(rnd, newsParagraphs))
		}
	}
	for len([]rune(strings.Join(paras, ""))) < 950 {
		paras = append(paras, pick(rnd, fillerParagraphs))
	}

	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">`)
	fmt.Fprintf(&b, `<title>%s｜%s</title>`, title, org)
	if rnd.IntN(2) == 0 {
		fmt.Fprintf(&b, `<meta property="article:published_time" content="%s">`, day.Format("2006-01-02"))
	}
	b.WriteString(`</head><body><header class="site"><a href="/information/">お知らせ</a> <a href="/information/">ニュース一覧</a></header>`)
	fmt.Fprintf(&b, `<main><article><h1>%s</h1><p class="date">%s</p>`, title, day.Format("2006年1月2日"))
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	if prev != "" {
		fmt.Fprintf(&b, `<p>前回のお知らせは<a href="%s">こちら</a>をご覧ください。</p>`, prev)
	}
	fmt.Fprintf(&b, `<p class="sign">%s<br>お客様相談窓口 電話 0120-000-%03d</p>`, org, rnd.IntN(1000))
	b.WriteString(`</article></main><footer><p>Copyright 架空企業グループ. All rights reserved.</p></footer></body></html>`)
	return title, []byte(b.String())
}
