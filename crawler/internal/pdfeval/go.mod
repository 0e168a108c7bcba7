module github.com/kohyo-dev/kohyo/crawler/internal/pdfeval

go 1.26.8

replace github.com/kohyo-dev/kohyo => ../../..

require (
	github.com/klippa-app/go-pdfium v1.21.5
	github.com/kohyo-dev/kohyo v0.0.0-00010101000000-000000000000
)

require (
	github.com/google/uuid v1.6.0 // indirect
	github.com/jolestar/go-commons-pool/v2 v2.1.2 // indirect
	github.com/ledongthuc/pdf v0.0.0-20260907135840-6c8c28e0e8a0 // indirect
	github.com/tetratelabs/wazero v1.12.0 // indirect
	golang.org/x/net v0.62.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)
