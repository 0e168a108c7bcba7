// Package archive owns kohyo's web archive: every HTTP exchange of a crawl
// kept as WARC (ISO 28500, WARC/1.1) files, and reading records back.
//
// A Writer appends, for each exchange, a request record and a response
// record (a revisit record, profile server-not-modified, for a 304), each
// with WARC-Date, WARC-Target-URI and digests, each its own gzip member,
// to files it rotates by size (kohyo-<time>-<pid>-<serial>.warc.gz, a
// warcinfo record first). Write returns the file and byte offset of the
// response record, which the corpus stores beside the document, so that
// Read can fetch exactly that record again: to show the page a fact came
// from, or to re-decode and re-extract it without the network.
//
// The files are standard WARC: warcio, pywb, wget's and Heritrix's
// readers list them record by record. Records are built and parsed with
// github.com/nlnwa/gowarc; this package only maps HTTP exchanges to them.
package archive
