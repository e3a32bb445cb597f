// Package auth holds the pure parts of sign-in and authorisation: password
// hashing (argon2id), random tokens kept as hashes, the roles and the one
// Authorize check, the 사업자등록번호 check digit and the sign-in throttle.
// It does no I/O; the clock is passed in.
package auth
