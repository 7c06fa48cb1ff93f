// Command wct-load is a load generator for a wct server in development
// mode. It logs in users through the development identity provider, then
// sends session-checked requests from several workers for a fixed time
// and prints throughput and latency percentiles.
//
// Usage:
//
//	wct-load [-base http://127.0.0.1:8080] [-users 20] [-workers 8] [-duration 10s] [-path /api/v1/me]
//
// It refuses a base URL outside the loopback interface, because it is
// meant for a server on the same machine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "wct-load:", err)
		os.Exit(1)
	}
}

type options struct {
	base     string
	users    int
	workers  int
	duration time.Duration
	path     string
}

func run(args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("wct-load", flag.ContinueOnError)
	fs.StringVar(&o.base, "base", "http://127.0.0.1:8080", "base URL of a wct server in development mode on loopback")
	fs.IntVar(&o.users, "users", 20, "number of users to log in")
	fs.IntVar(&o.workers, "workers", 8, "number of concurrent workers")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "how long to send requests (at most 5m)")
	fs.StringVar(&o.path, "path", "/api/v1/me", "path of the session-checked GET request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := checkLoopback(o.base); err != nil {
		return err
	}
	if o.users < 1 || o.workers < 1 || o.duration <= 0 || o.duration > 5*time.Minute {
		return errors.New("invalid options: need users >= 1, workers >= 1 and 0 < duration <= 5m")
	}

	clients := make([]*http.Client, o.users)
	for i := range clients {
		c, err := login(o.base)
		if err != nil {
			return fmt.Errorf("log in user %d: %w", i+1, err)
		}
		clients[i] = c
	}
	fmt.Fprintf(out, "logged in %d users; sending GET %s from %d workers for %s\n",
		o.users, o.path, o.workers, o.duration)
	lat, failures := hammer(o, clients)
	report(out, lat, failures, o.duration)
	return nil
}

func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return fmt.Errorf("invalid -base %q: use http://127.0.0.1:PORT", base)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("invalid -base %q: only loopback servers may be loaded", base)
	}
	return nil
}

// login logs one random persona in through the development provider and
// returns a client holding its session cookie.
func login(base string) (*http.Client, error) {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	resp, err := c.Get(base + "/api/v1/auth/sso/login?next=/identities")
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	id := resp.Request.URL.Query().Get("id")
	if id == "" {
		return nil, fmt.Errorf("no development login form at %s: is the server in development mode?", resp.Request.URL)
	}
	phone := fmt.Sprintf("13%09d", rand.IntN(1_000_000_000))
	form := url.Values{"id": {id}, "name": {"压测用户"}, "phone": {phone}, "login_type": {"personal"}}
	req, _ := http.NewRequest("POST", base+"/dev/idp/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/identities" {
		return nil, fmt.Errorf("login ended at %s", resp.Request.URL)
	}
	return c, nil
}

// hammer sends requests until the duration ends and returns the latency
// of each successful request and the number of failures.
func hammer(o options, clients []*http.Client) ([]time.Duration, int) {
	ctx, cancel := context.WithTimeout(context.Background(), o.duration)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	failures := 0
	var wg sync.WaitGroup
	for w := range o.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for i := w; ctx.Err() == nil; i += o.workers {
				start := time.Now()
				if err := get(ctx, clients[i%len(clients)], o.base+o.path); err != nil {
					if ctx.Err() == nil {
						bad++
					}
					continue
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			all = append(all, mine...)
			failures += bad
			mu.Unlock()
		}()
	}
	wg.Wait()
	return all, failures
}

func get(ctx context.Context, c *http.Client, target string) error {
	req, _ := http.NewRequestWithContext(ctx, "GET", target, nil)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

func report(out io.Writer, lat []time.Duration, failures int, d time.Duration) {
	if len(lat) == 0 {
		fmt.Fprintf(out, "no successful requests, %d failures\n", failures)
		return
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))] }
	fmt.Fprintf(out, "requests %d, failures %d, throughput %.0f req/s\n",
		len(lat), failures, float64(len(lat))/d.Seconds())
	fmt.Fprintf(out, "latency p50 %s, p90 %s, p99 %s, max %s\n",
		pct(0.50).Round(time.Microsecond), pct(0.90).Round(time.Microsecond),
		pct(0.99).Round(time.Microsecond), lat[len(lat)-1].Round(time.Microsecond))
}
