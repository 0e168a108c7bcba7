package crawler

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/kohyo-dev/kohyo/crawler/page"
)

// ErrBlockedAddress is the cause of a fetch refused because the host is, or
// resolves to, a loopback, private, link-local, unique-local, unspecified
// or otherwise non-public address (the cloud metadata service at
// 169.254.169.254 included). A page on the open web must not steer the
// crawler into the user's own network.
var ErrBlockedAddress = errors.New("address not allowed")

// KindBlocked is the ErrorKind of a fetch refused by the address guard.
const KindBlocked page.ErrorKind = "blocked_address"

// nonPublic lists the prefixes that netip's predicates do not cover.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),       // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved, broadcast included
	netip.MustParsePrefix("64:ff9b:1::/48"),  // local-use NAT64
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
	netip.MustParsePrefix("fec0::/10"),       // deprecated site-local
	netip.MustParsePrefix("100::/64"),        // discard
	netip.MustParsePrefix("::ffff:0:0:0/96"), // IPv4-translated
}

// isPublicAddr reports whether a is an address the crawler may reach
// without the user's leave.
func isPublicAddr(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() || a.IsLoopback() || a.IsPrivate() || a.IsUnspecified() ||
		a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsInterfaceLocalMulticast() ||
		a.IsMulticast() {
		return false
	}
	for _, p := range nonPublic {
		if p.Contains(a) {
			return false
		}
	}
	for _, v4 := range embeddedIPv4(a) {
		if !isPublicAddr(v4) {
			return false
		}
	}
	return true
}

// Prefixes of IPv6 addresses that carry an IPv4 address a packet reaches.
var (
	nat64Prefix  = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052: the last 32 bits
	sixToFour    = netip.MustParsePrefix("2002::/16")    // RFC 3056: bits 16–47
	teredo       = netip.MustParsePrefix("2001::/32")    // RFC 4380: server bits 32–63, client ^bits 96–127
	v4Compatible = netip.MustParsePrefix("::/96")        // deprecated IPv4-compatible: the last 32 bits
)

// embeddedIPv4 returns the IPv4 addresses an IPv6 address leads to
// through NAT64, 6to4, Teredo or the IPv4-compatible form: a private range
// wrapped in one of them is as private as the range itself.
func embeddedIPv4(a netip.Addr) []netip.Addr {
	if !a.Is6() {
		return nil
	}
	b := a.As16()
	v4 := func(x []byte) netip.Addr { return netip.AddrFrom4([4]byte{x[0], x[1], x[2], x[3]}) }
	switch {
	case nat64Prefix.Contains(a):
		return []netip.Addr{v4(b[12:16])}
	case sixToFour.Contains(a):
		return []netip.Addr{v4(b[2:6])}
	case teredo.Contains(a):
		client := [4]byte{b[12] ^ 0xff, b[13] ^ 0xff, b[14] ^ 0xff, b[15] ^ 0xff}
		return []netip.Addr{v4(b[4:8]), netip.AddrFrom4(client)}
	case v4Compatible.Contains(a):
		return []netip.Addr{v4(b[12:16])}
	}
	return nil
}

// addrGuard refuses connections to non-public addresses, except the
// address:port pairs of seeds that are themselves on such addresses, or
// everything when allowAll is set.
type addrGuard struct {
	allowAll bool
	resolver *net.Resolver

	mu      sync.RWMutex
	allowed map[netip.AddrPort]bool
}

func newAddrGuard(allowAll bool) *addrGuard {
	return &addrGuard{allowAll: allowAll, resolver: net.DefaultResolver, allowed: map[netip.AddrPort]bool{}}
}

// allowSeed records the addresses of a seed URL that are not public, so that
// a crawl of a site on the user's own network works: that host and port only.
func (g *addrGuard) allowSeed(ctx context.Context, u *url.URL) error {
	if g.allowAll {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	addrs, err := g.lookup(ctx, u.Hostname())
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, a := range addrs {
		if !isPublicAddr(a) {
			ap, err := netip.ParseAddrPort(net.JoinHostPort(a.Unmap().String(), port))
			if err == nil {
				g.allowed[ap] = true
			}
		}
	}
	return nil
}

func (g *addrGuard) lookup(ctx context.Context, host string) ([]netip.Addr, error) {
	host = strings.Trim(host, "[]")
	if a, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{a}, nil
	}
	ips, err := g.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("resolve %s: %w", host, err)
	}
	return ips, nil
}

// checkAddrPort is the verdict on one resolved address.
func (g *addrGuard) checkAddrPort(ap netip.AddrPort) error {
	if g.allowAll || isPublicAddr(ap.Addr()) {
		return nil
	}
	ap = netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
	g.mu.RLock()
	ok := g.allowed[ap]
	g.mu.RUnlock()
	if ok {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrBlockedAddress, ap)
}

// checkLiteral refuses a URL whose host is a non-public IP literal, without
// any lookup; host names are left to the dialer, which sees every address
// actually connected to (DNS rebinding included).
func (g *addrGuard) checkLiteral(u *url.URL) error {
	if g.allowAll {
		return nil
	}
	a, err := netip.ParseAddr(strings.Trim(u.Hostname(), "[]"))
	if err != nil {
		if strings.EqualFold(u.Hostname(), "localhost") || strings.HasSuffix(strings.ToLower(u.Hostname()), ".localhost") {
			a = netip.MustParseAddr("127.0.0.1")
		} else {
			return nil
		}
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[strings.ToLower(u.Scheme)]
	}
	ap, err := netip.ParseAddrPort(net.JoinHostPort(a.String(), port))
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, u.Host)
	}
	return g.checkAddrPort(ap)
}

// control is a net.Dialer Control hook: it runs after name resolution, on
// the address about to be connected to.
func (g *addrGuard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: %s", ErrBlockedAddress, address)
	}
	return g.checkAddrPort(ap)
}

// transport returns an http.Transport whose dialer consults the guard.
func (g *addrGuard) transport(connectTimeout time.Duration) *http.Transport {
	d := &net.Dialer{Timeout: connectTimeout, KeepAlive: 30 * time.Second, Control: g.control}
	return &http.Transport{
		Proxy:                 nil, // a proxy would dial for us, past the guard
		DialContext:           d.DialContext,
		TLSHandshakeTimeout:   connectTimeout,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		DisableCompression:    true, // the Fetcher's transport decodes, brotli included
		ExpectContinueTimeout: time.Second,
	}
}

// checkRequest is the guard's verdict on a request that a page rendered in
// the browser makes (browser.CheckRequests): its host, resolved as the
// crawler's dialer would resolve it, must lead only to addresses the
// crawl may reach: public ones, or a seed's own host and port.
func (g *addrGuard) checkRequest(ctx context.Context, u *url.URL) error {
	if g.allowAll {
		return nil
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443", "ws": "80", "wss": "443"}[strings.ToLower(u.Scheme)]
	}
	host := u.Hostname()
	if h := strings.ToLower(host); h == "localhost" || strings.HasSuffix(h, ".localhost") {
		host = "127.0.0.1" // as Chromium resolves it, whatever the resolver says
	}
	addrs, err := g.lookup(ctx, host)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrBlockedAddress, u.Host, err)
	}
	for _, a := range addrs {
		ap, err := netip.ParseAddrPort(net.JoinHostPort(a.Unmap().String(), port))
		if err != nil {
			return fmt.Errorf("%w: %s", ErrBlockedAddress, u.Host)
		}
		if err := g.checkAddrPort(ap); err != nil {
			return err
		}
	}
	return nil
}
