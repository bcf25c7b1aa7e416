// Package peerauth is the token check shared by the Go peers: an HS256 JWT whose signature and
// exp are checked with the secret in BENCH_SECRET (no secret: every token passes).
package peerauth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"strings"
	"time"
)

var secret = []byte(os.Getenv("BENCH_SECRET"))

// Verify returns the token's sub, or "" when the token is not acceptable.
func Verify(token string) string {
	if len(secret) == 0 {
		return "anonymous"
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	want := base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(parts[2])) {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Sub string `json:"sub"`
		Exp int64  `json:"exp"`
	}
	if json.Unmarshal(raw, &claims) != nil || claims.Sub == "" || (claims.Exp != 0 && claims.Exp < time.Now().Unix()) {
		return ""
	}
	return claims.Sub
}

// Port is PORT from the environment, 8090 by default.
func Port() string {
	if p := os.Getenv("PORT"); p != "" {
		return p
	}
	return "8090"
}
