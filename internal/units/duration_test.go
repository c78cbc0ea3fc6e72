package units

import (
	"testing"
	"time"
)

func TestDurationText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"30s", 30 * time.Second, true},
		{"1h5m", time.Hour + 5*time.Minute, true},
		{"0s", 0, true},
		{"-1s", 0, false},
		{"10", 0, false},
		{"soon", 0, false},
	} {
		var d Duration
		err := d.UnmarshalText([]byte(tc.in))
		if (err == nil) != tc.ok {
			t.Fatalf("%q: err=%v, want ok=%v", tc.in, err, tc.ok)
		}
		if tc.ok {
			if d.Std() != tc.want {
				t.Fatalf("%q: got %v want %v", tc.in, d.Std(), tc.want)
			}
			out, _ := d.MarshalText()
			var back Duration
			if err := back.UnmarshalText(out); err != nil || back != d {
				t.Fatalf("%q: round trip %q -> %v (%v)", tc.in, out, back, err)
			}
		}
	}
}
