package crawler

import (
	"context"
	"errors"
	"net/netip"
	"net/url"
	"testing"
)

func TestIsPublicAddr(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
	}{
		{"203.0.113.10", true}, // documentation range, but routable as far as we care
		{"8.8.8.8", true},
		{"2400:cb00::1", true},
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"10.0.0.1", false},
		{"172.16.5.4", false},
		{"172.31.255.255", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"0.0.0.0", false},
		{"100.64.0.1", false},
		{"255.255.255.255", false},
		{"224.0.0.1", false},
		{"::1", false},
		{"::", false},
		{"fe80::1", false},
		{"fc00::1", false},
		{"fd12:3456::1", false},
		{"::ffff:127.0.0.1", false}, // IPv4-mapped loopback
		{"::ffff:10.1.2.3", false},
		{"::ffff:8.8.8.8", true},
		{"2002:a9fe:a9fe::1", false},                    // 6to4 wrapping 169.254.169.254
		{"2002:6440:1::1", false},                       // 6to4 wrapping 100.64.0.1 (carrier-grade NAT)
		{"2002:808:808::1", true},                       // 6to4 wrapping 8.8.8.8
		{"64:ff9b::7f00:1", false},                      // NAT64 of 127.0.0.1
		{"64:ff9b::a9fe:a9fe", false},                   // NAT64 of 169.254.169.254
		{"64:ff9b::c0a8:101", false},                    // NAT64 of 192.168.1.1
		{"64:ff9b::808:808", true},                      // NAT64 of 8.8.8.8
		{"2001:0:4136:e378:8000:63bf:f5ff:fffe", false}, // Teredo, client 10.0.0.1
		{"2001:0:a00:1:8000:63bf:3fff:fdd2", false},     // Teredo, server 10.0.0.1
		{"2001:0:4136:e378:8000:63bf:3fff:fdd2", true},  // Teredo, client 192.0.2.45 (public here), server 65.54.227.120
		{"::7f00:1", false},                             // IPv4-compatible 127.0.0.1
	}
	for _, tt := range tests {
		if got := isPublicAddr(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("isPublicAddr(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
}

func TestAddrGuard(t *testing.T) {
	ctx := context.Background()
	g := newAddrGuard(false)
	seed, _ := url.Parse("http://127.0.0.1:8080/information/")
	if err := g.allowSeed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		addr string
		ok   bool
	}{
		{"127.0.0.1:8080", true}, // the seed itself
		{"[::ffff:127.0.0.1]:8080", true},
		{"127.0.0.1:8081", false},     // another port on loopback
		{"10.0.0.1:80", false},        // a private address linked from the seed
		{"169.254.169.254:80", false}, // metadata service
		{"[::1]:8080", false},         // loopback v6 was not the seed
		{"[fd00::1]:443", false},
		{"93.184.216.34:443", true},
	}
	for _, tt := range tests {
		err := g.control("tcp", tt.addr, nil)
		if (err == nil) != tt.ok {
			t.Errorf("control(%s) = %v, want ok=%v", tt.addr, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("control(%s) error %v does not wrap ErrBlockedAddress", tt.addr, err)
		}
	}

	literal := []struct {
		u  string
		ok bool
	}{
		{"http://127.0.0.1:8080/a.html", true},
		{"http://10.0.0.1/", false},
		{"http://169.254.169.254/latest/meta-data/", false},
		{"http://[::1]/", false},
		{"http://localhost:9/", false},
		{"https://www.example.co.jp/", true}, // names are checked at dial time
	}
	for _, tt := range literal {
		u, _ := url.Parse(tt.u)
		if err := g.checkLiteral(u); (err == nil) != tt.ok {
			t.Errorf("checkLiteral(%s) = %v, want ok=%v", tt.u, err, tt.ok)
		}
	}

	open := newAddrGuard(true)
	if err := open.control("tcp", "10.0.0.1:80", nil); err != nil {
		t.Errorf("allow-private guard refused 10.0.0.1: %v", err)
	}
}

// The guard's verdict on a rendered page's requests: the seed's own host
// and port go, loopback elsewhere, private and link-local addresses do
// not (localhost names included), public addresses go, and everything goes
// with --allow-private.
func TestAddrGuardCheckRequest(t *testing.T) {
	ctx := context.Background()
	g := newAddrGuard(false)
	seed, _ := url.Parse("http://127.0.0.1:8080/information/")
	if err := g.allowSeed(ctx, seed); err != nil {
		t.Fatal(err)
	}
	open := newAddrGuard(true)
	tests := []struct {
		u          string
		ok, openOK bool
	}{
		{"http://127.0.0.1:8080/data/news.json", true, true}, // the seed's own data
		{"http://127.0.0.1:8081/admin", false, true},         // another port on loopback
		{"http://localhost:8081/", false, true},
		{"http://app.localhost:8080/", true, true}, // resolves to the seed's address and port
		{"http://app.localhost:9000/", false, true},
		{"ws://127.0.0.1:9000/socket", false, true},
		{"http://10.0.0.1/", false, true},
		{"http://169.254.169.254/latest/meta-data/", false, true},
		{"http://[::1]:8080/", false, true}, // loopback v6 was not the seed
		{"https://[fd00::1]/", false, true},
		{"https://93.184.216.34/", true, true},
		{"http://[64:ff9b::a00:1]/", false, true}, // NAT64 of 10.0.0.1
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.u)
		if err != nil {
			t.Fatal(err)
		}
		err = g.checkRequest(ctx, u)
		if (err == nil) != tt.ok {
			t.Errorf("checkRequest(%s) = %v, want ok=%v", tt.u, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBlockedAddress) {
			t.Errorf("checkRequest(%s) error %v does not wrap ErrBlockedAddress", tt.u, err)
		}
		if err := open.checkRequest(ctx, u); (err == nil) != tt.openOK {
			t.Errorf("allow-private checkRequest(%s) = %v", tt.u, err)
		}
	}
}
