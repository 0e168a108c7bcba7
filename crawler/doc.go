// Package crawler fetches pages and crawls whole sections of sites,
// politely and resumably: a Fetcher for one URL (or a local file), and a
// Crawler that schedules requests onto one lane per host (robots.txt,
// Crawl-delay, one request per host at a time), runs each as a job of
// named steps (exchange, then process), keeps its state in a Frontier
// (Colly's storage interfaces), and hands each page to a Sink.
//
// Turning a response into a document (charset, main text, title, date,
// links) is package crawler/page; reading a PDF's text is
// crawler/internal/pdftext.
package crawler
