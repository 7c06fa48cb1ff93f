package main

import "testing"

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		base string
		ok   bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://[::1]:8080", true},
		{"http://localhost:8080", true},
		{"http://10.0.0.1:8080", false},
		{"http://example.cn", false},
		{"127.0.0.1:8080", false},
	}
	for _, tt := range tests {
		if err := checkLoopback(tt.base); (err == nil) != tt.ok {
			t.Errorf("checkLoopback(%q) = %v, want ok %v", tt.base, err, tt.ok)
		}
	}
}

func TestRunRejectsBadOptions(t *testing.T) {
	for _, args := range [][]string{
		{"-users", "0"},
		{"-duration", "10m"},
		{"-base", "http://192.0.2.1:8080"},
	} {
		if err := run(args, nil); err == nil {
			t.Errorf("run(%v) accepted", args)
		}
	}
}
