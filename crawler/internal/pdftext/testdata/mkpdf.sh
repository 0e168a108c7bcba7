#!/bin/sh
# Regenerates the test PDFs in crawler/internal/pdftext/testdata (notice.pdf, blank.pdf,
# identityrange.pdf); run from anywhere. Needs Debian's fonts-ipafont-gothic
# (apt-get install fonts-ipafont-gothic) and the Go module proxy. The PDF
# writers (gopdf, fpdf) are fetched into a throw-away module so that they
# never become dependencies of kohyo.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^//go:build ignore' "$here/pdfgen/main.go" >"$tmp/main.go"
cd "$tmp"
go mod init pdfgen >/dev/null 2>&1
go get github.com/signintech/gopdf@v0.33.0 github.com/go-pdf/fpdf@v0.9.0 >/dev/null 2>&1
go run main.go -dir "$here"
ls -l "$here"/*.pdf
