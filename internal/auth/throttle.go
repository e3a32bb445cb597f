package auth

import (
	"sync"
	"time"
)

// Throttle slows repeated failed sign-ins per key (email and client
// address): after Free failures each further one doubles the wait, from
// Base up to Max. A success clears the key. It is safe for concurrent use.
type Throttle struct {
	Free int
	Base time.Duration
	Max  time.Duration
	now  func() time.Time

	mu      sync.Mutex
	entries map[string]*strike
}

type strike struct {
	fails int
	until time.Time // no attempt before this
	last  time.Time
}

// NewThrottle returns a throttle with 5 free failures, then waits of 1 s,
// 2 s, 4 s… up to 15 minutes, on the clock now.
func NewThrottle(now func() time.Time) *Throttle {
	return &Throttle{Free: 5, Base: time.Second, Max: 15 * time.Minute, now: now, entries: map[string]*strike{}}
}

// Allow reports whether key may try now, and if not how long to wait.
func (t *Throttle) Allow(key string) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	s, ok := t.entries[key]
	if !ok {
		return 0, true
	}
	if wait := s.until.Sub(t.now()); wait > 0 {
		return wait, false
	}
	return 0, true
}

// Fail records a failed attempt for key.
func (t *Throttle) Fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.entries) > 10000 {
		t.forget(now)
	}
	s, ok := t.entries[key]
	if !ok {
		s = &strike{}
		t.entries[key] = s
	}
	s.fails++
	s.last = now
	if n := s.fails - t.Free; n > 0 {
		wait := t.Max
		if n <= 30 && t.Base<<(n-1) < t.Max {
			wait = t.Base << (n - 1)
		}
		s.until = now.Add(wait)
	}
}

// Succeed clears key's failures.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.entries, key)
}

// forget drops keys whose last failure is older than Max.
func (t *Throttle) forget(now time.Time) {
	for k, s := range t.entries {
		if now.Sub(s.last) > t.Max {
			delete(t.entries, k)
		}
	}
}
