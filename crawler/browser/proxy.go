package browser

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"time"
)

// guardProxy is the HTTP proxy of one checked rendering: the rendering's
// browser context sends every connection through it (plain HTTP as proxy
// requests, HTTPS and WebSockets as CONNECT tunnels), and it connects only
// to addresses the check allows. It resolves a host name once, checks
// every address it resolves to (as IP literals), and connects to a checked
// address: what the Fetch domain cannot see (WebSockets) or cannot pin (a
// name that resolves to another address a moment later) is decided here,
// on the address actually connected to.
type guardProxy struct {
	check RequestCheck
	ln    net.Listener
	srv   *http.Server
	fwd   *httputil.ReverseProxy

	mu      sync.Mutex
	refused []string              // host:port refused, in order
	tunnels map[net.Conn]struct{} // open CONNECT tunnels (both ends)
	closed  bool
	wg      sync.WaitGroup
}

// proxyDialTimeout bounds one connection the proxy makes.
const proxyDialTimeout = 15 * time.Second

func startProxy(check RequestCheck) (*guardProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("guard proxy: %w", err)
	}
	p := &guardProxy{check: check, ln: ln, tunnels: map[net.Conn]struct{}{}}
	p.fwd = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.Out.URL, r.Out.Host = r.In.URL, r.In.Host
		},
		Transport: &http.Transport{
			Proxy:               nil,
			DialContext:         p.dial,
			DisableCompression:  true, // the browser decodes what it asked for
			MaxIdleConnsPerHost: 2,
			IdleConnTimeout:     30 * time.Second,
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			http.Error(w, err.Error(), http.StatusBadGateway)
		},
	}
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.srv.Serve(ln)
	}()
	return p, nil
}

// addr is the proxy's address, for the browser context's proxyServer.
func (p *guardProxy) addr() string { return "http://" + p.ln.Addr().String() }

func (p *guardProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	if !r.URL.IsAbs() {
		http.Error(w, "not a proxy request", http.StatusBadRequest)
		return
	}
	p.fwd.ServeHTTP(w, r)
}

// tunnel connects a CONNECT request to its checked address and copies
// both ways until either side closes or the proxy does.
func (p *guardProxy) tunnel(w http.ResponseWriter, r *http.Request) {
	up, err := p.dial(r.Context(), "tcp", r.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		up.Close()
		http.Error(w, "no tunnel", http.StatusInternalServerError)
		return
	}
	down, buf, err := hj.Hijack()
	if err != nil {
		up.Close()
		return
	}
	if !p.track(up, down) {
		return
	}
	defer p.untrack(up, down)
	if _, err := io.WriteString(down, "HTTP/1.1 200 Connection Established\r\n\r\n"); err != nil {
		return
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.Copy(up, buf) // what the browser sent after CONNECT, buffered or not
		up.Close()
	}()
	io.Copy(down, up)
	down.Close()
	up.Close()
	<-done
}

// track registers an open tunnel; false (both closed) after close.
func (p *guardProxy) track(conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.tunnels[c] = struct{}{}
	}
	p.wg.Add(1)
	return true
}

func (p *guardProxy) untrack(conns ...net.Conn) {
	p.mu.Lock()
	for _, c := range conns {
		delete(p.tunnels, c)
	}
	p.mu.Unlock()
	p.wg.Done()
}

// dial resolves addr's host, has the check pass every address, and
// connects to the first checked address that answers.
func (p *guardProxy) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		ips = []netip.Addr{a}
	} else if ips, err = net.DefaultResolver.LookupNetIP(ctx, "ip", host); err != nil {
		return nil, err
	}
	for _, ip := range ips {
		u := &url.URL{Scheme: "http", Host: net.JoinHostPort(ip.Unmap().String(), port)}
		if err := p.check(ctx, u); err != nil {
			p.mu.Lock()
			p.refused = append(p.refused, net.JoinHostPort(host, port))
			p.mu.Unlock()
			return nil, err
		}
	}
	d := net.Dialer{Timeout: proxyDialTimeout}
	var errs []error
	for _, ip := range ips {
		c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.Unmap().String(), port))
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

// close stops the proxy: the listener, its connections and open tunnels.
func (p *guardProxy) close() {
	p.mu.Lock()
	p.closed = true
	for c := range p.tunnels {
		c.Close()
	}
	p.mu.Unlock()
	p.srv.Close()
	p.fwd.Transport.(*http.Transport).CloseIdleConnections()
	p.wg.Wait()
}

func (p *guardProxy) refusals() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.refused...)
}
