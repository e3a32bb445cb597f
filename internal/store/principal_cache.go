package store

import (
	"sync"
	"time"
)

// principalTTL bounds how long a signed-in user's record is reused without
// asking the database. Revocation and sign-out through this process take
// effect at once; a change made by another process (PostgreSQL, several
// servers) within this time.
const principalTTL = 10 * time.Second

// principalCache remembers, by token or session hash, whom it signs in and
// until when: signing in is then no query at all for a busy client. It also
// keeps the owners of accounts and the debit accounts of pending transfers,
// which never change.
type principalCache struct {
	mu     sync.Mutex
	users  map[string]cachedUser
	owners map[string]string
	debits map[string]string
}

type cachedUser struct {
	user    *User
	expires time.Time // the token's or session's own expiry
	until   time.Time // when to ask the database again
	tokenID string
}

const cacheCap = 100_000

func (c *principalCache) get(key string, now time.Time) (*User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.users[key]
	if !ok || !now.Before(e.expires) || !now.Before(e.until) {
		return nil, false
	}
	return e.user, true
}

func (c *principalCache) put(key string, e cachedUser) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users == nil || len(c.users) >= cacheCap {
		c.users = map[string]cachedUser{}
	}
	c.users[key] = e
}

func (c *principalCache) drop(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.users, key)
}

func (c *principalCache) dropToken(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.users {
		if e.tokenID == id {
			delete(c.users, k)
		}
	}
}

func (c *principalCache) lookup(m *map[string]string, key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := (*m)[key]
	return v, ok
}

func (c *principalCache) remember(m *map[string]string, key, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if *m == nil || len(*m) >= cacheCap {
		*m = map[string]string{}
	}
	(*m)[key] = v
}
