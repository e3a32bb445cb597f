package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
)

// Token prefixes tell a session from an API token at a glance (and to
// secret scanners); the rest is 32 random bytes.
const (
	SessionPrefix  = "sss_"
	APITokenPrefix = "sst_"
)

// NewToken returns a fresh random token with the prefix, and the hash under
// which it is stored. The token itself is shown once and never stored.
func NewToken(prefix string) (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is the SHA-256 of a token in hex, the form it is stored and
// looked up in. Tokens carry 256 bits of randomness, so a fast hash is
// enough: there is nothing to guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CSRFToken is the anti-forgery token bound to a session: a hash of the
// session token under its own label, so it needs no storage and reveals
// nothing of the session.
func CSRFToken(session string) string {
	sum := sha256.Sum256([]byte("sangsaeng csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// ValidCSRF compares a presented CSRF token with the session's in constant
// time.
func ValidCSRF(session, presented string) bool {
	return subtle.ConstantTimeCompare([]byte(CSRFToken(session)), []byte(presented)) == 1
}
