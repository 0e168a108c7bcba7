package demosite

// Charsets served by the site.
const (
	UTF8     = "UTF-8"
	ShiftJIS = "Shift_JIS"
	EUCJP    = "EUC-JP"
)

// Page describes one announcement of the demo site.
type Page struct {
	// Path is the URL path the page is served at, as linked from the
	// listing (no query, no fragment).
	Path string
	// Title is the announcement's title as it appears in the listing.
	Title string
	// Published is the publication date, YYYY-MM-DD.
	Published string
	// Charset is the encoding of the served bytes (UTF8, ShiftJIS or
	// EUCJP); empty for the PDF.
	Charset string
	// ContentType is the media type without parameters: "text/html" or
	// "application/pdf".
	ContentType string
	// HeaderCharset reports whether the Content-Type header names the
	// charset; when false only the page's <meta http-equiv> does.
	HeaderCharset bool
	// MetaPublished reports whether the page carries
	// <meta property="article:published_time">.
	MetaPublished bool
	// IsIncident reports whether the page reports a data-security
	// incident (breach, misdelivery, loss, phishing, malware).
	IsIncident bool
	// Victim is the organisation the notice is about ("" for news).
	Victim string

	// internal
	source    string // file under site/ (article fragment or PDF)
	dateLabel string // the date as written near the title
	category  string // listing label: 重要なお知らせ, ニュースリリース, IR, お知らせ
	legacy    bool   // old-fashioned table layout
	related   []string
}

const (
	holdings = "株式会社ときわ野精工ホールディングス"
	tokei    = "ときわ野時計株式会社"
	keisoku  = "ときわ野計測株式会社"
	service  = "ときわ野サービス株式会社"
)

// Announcements lists every announcement a crawl of the site's information
// section should store, newest first, in listing order.
var Announcements = []Page{
	{
		Path: "/information/2024/0301.html", Title: "ときわ野計測株式会社 霧ヶ原第二工場の竣工について",
		Published: "2024-03-01", Charset: UTF8, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		source: "articles/2024-0301.html", dateLabel: "2024年3月1日", category: "ニュースリリース",
	},
	{
		Path: "/information/2024/0222.html", Title: "代表取締役の異動に関するお知らせ",
		Published: "2024-02-22", Charset: UTF8, ContentType: "text/html", HeaderCharset: true,
		source: "articles/2024-0222.html", dateLabel: "2024.02.22", category: "IR",
	},
	{
		Path: "/information/2024/0208.html", Title: "マルウェア「Emotet」感染による不審メールの送信に関するお詫び",
		Published: "2024-02-08", Charset: ShiftJIS, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		IsIncident: true, Victim: keisoku,
		source: "articles/2024-0208.html", dateLabel: "2024年2月8日", category: "重要なお知らせ",
	},
	{
		Path: "/information/2023/1215.html", Title: "年末年始休業のお知らせ",
		Published: "2023-12-15", Charset: ShiftJIS, ContentType: "text/html", HeaderCharset: true,
		source: "articles/2023-1215.html", dateLabel: "令和5年12月15日", category: "お知らせ", legacy: true,
	},
	{
		Path: "/information/2023/1205.html", Title: "当社オンラインストアを装ったフィッシングメールにご注意ください",
		Published: "2023-12-05", Charset: UTF8, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		IsIncident: true, Victim: tokei,
		source: "articles/2023-1205.html", dateLabel: "2023年12月5日", category: "重要なお知らせ",
	},
	{
		Path: "/ir/news/20231110.html", Title: "2024年3月期 第2四半期決算の概要について",
		Published: "2023-11-10", Charset: UTF8, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		source: "articles/2023-1110.html", dateLabel: "2023年11月10日", category: "IR",
	},
	{
		Path: "/information/pdf/20231027_report.pdf", Title: "ランサムウェア被害に関する調査結果と再発防止策について（第3報）",
		Published: "2023-10-27", ContentType: "application/pdf",
		IsIncident: true, Victim: holdings,
		source: "pdf/20231027_report.pdf", category: "重要なお知らせ",
	},
	{
		Path: "/information/2023/1020.html", Title: "修理受付情報を保存したUSBメモリの紛失について",
		Published: "2023-10-20", Charset: EUCJP, ContentType: "text/html",
		IsIncident: true, Victim: service,
		source: "articles/2023-1020.html", dateLabel: "2023/10/20", category: "重要なお知らせ",
	},
	{
		Path: "/information/2023/1003.html", Title: "機械式腕時計「ときわ野 雲雀（ひばり）」シリーズ発売のお知らせ",
		Published: "2023-10-03", Charset: UTF8, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		source: "articles/2023-1003.html", dateLabel: "2023年10月3日", category: "ニュースリリース",
	},
	{
		Path: "/information/2023/0912.html", Title: "メール誤送信による個人情報の流出についてのお詫び",
		Published: "2023-09-12", Charset: ShiftJIS, ContentType: "text/html", HeaderCharset: true,
		IsIncident: true, Victim: keisoku,
		source: "articles/2023-0912.html", dateLabel: "令和5年9月12日", category: "重要なお知らせ", legacy: true,
	},
	{
		Path: "/information/2023/0825.html", Title: "ランサムウェア被害による個人情報漏えいの可能性に関するお詫びとお知らせ（第2報）",
		Published: "2023-08-25", Charset: ShiftJIS, ContentType: "text/html", HeaderCharset: true,
		IsIncident: true, Victim: holdings,
		source: "articles/2023-0825.html", dateLabel: "2023年8月25日", category: "重要なお知らせ",
		related: []string{"/information/2023/0731.html", "/information/pdf/20231027_report.pdf"},
	},
	{
		Path: "/information/2023/0731.html", Title: "当社グループにおけるランサムウェア被害の発生について（第1報）",
		Published: "2023-07-31", Charset: UTF8, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		IsIncident: true, Victim: holdings,
		source: "articles/2023-0731.html", dateLabel: "2023年7月31日", category: "重要なお知らせ",
		related: []string{"/information/2023/0825.html#contact", "/information/pdf/20231027_report.pdf"},
	},
	{
		Path: "/information/2023/0720.html", Title: "夏季休業のお知らせ",
		Published: "2023-07-20", Charset: UTF8, ContentType: "text/html", HeaderCharset: true,
		source: "articles/2023-0720.html", dateLabel: "2023年7月20日", category: "お知らせ",
	},
	{
		Path: "/information/2022/0610.html", Title: "当社オンラインストアへの不正ログインに関するお詫びとお知らせ",
		Published: "2022-06-10", Charset: UTF8, ContentType: "text/html", HeaderCharset: true, MetaPublished: true,
		IsIncident: true, Victim: holdings,
		source: "articles/2022-0610.html", dateLabel: "2022年6月10日", category: "重要なお知らせ",
	},
}

// Disallowed lists pages that exist and are linked from the site but that
// robots.txt forbids: a polite crawler never fetches them.
var Disallowed = []string{"/information/internal/2023-0901-memo.html"}

// internalPage is the page behind Disallowed[0].
var internalPage = Page{
	Path: "/information/internal/2023-0901-memo.html", Title: "【社内限定】対外公表文案（第3報）の確認依頼",
	Published: "2023-09-01", Charset: UTF8, ContentType: "text/html", HeaderCharset: true,
	source: "articles/internal-0901.html", dateLabel: "2023年9月1日", category: "社内限定",
}

// pageSize is the number of announcements per listing page.
const pageSize = 8
