package config

import "testing"

func TestExternalURL(t *testing.T) {
	tests := []struct {
		name, set, listen string
		tls               bool
		hostname, want    string
	}{
		{"set wins", "https://jalon.example.org/", ":9721", true, "h1", "https://jalon.example.org"},
		{"default address", "", DefaultListenAddress, false, "h1", "http://h1:9721"},
		{"no hostname", "", DefaultListenAddress, false, "", "http://localhost:9721"},
		{"rules file", "", DefaultListenAddress, false, "localhost", "http://localhost:9721"},
		{"tls and port", "", ":8443", true, "h1", "https://h1:8443"},
		{"unspecified host", "", "0.0.0.0:9000", false, "h1", "http://h1:9000"},
		{"unspecified IPv6", "", "[::]:9000", false, "h1", "http://h1:9000"},
		{"own host", "", "10.0.0.5:9721", false, "h1", "http://10.0.0.5:9721"},
		{"own IPv6 host", "", "[2001:db8::1]:9721", false, "h1", "http://[2001:db8::1]:9721"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ExternalURL(tc.set, tc.listen, tc.tls, tc.hostname); got != tc.want {
				t.Errorf("ExternalURL(%q, %q, %v, %q) = %q, want %q", tc.set, tc.listen, tc.tls, tc.hostname, got, tc.want)
			}
		})
	}
}
