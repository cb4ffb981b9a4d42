package a4

import (
	"errors"
	"strings"
	"testing"

	"hallkiosk/devices"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name       string
		p, a       string
		state      devices.State
		err        error
		detailPart string
	}{
		{"idle", "printer Q is idle.  enabled since Sat Nov 28 15:19:06 2026\n", "Q accepting requests since Sat\n", devices.Online, nil, ""},
		{"printing", "printer Q now printing Q-3.  enabled since Sat\n", "Q accepting requests since Sat\n", devices.Busy, nil, "printing"},
		{"disabled", "printer Q disabled since Sat Nov 28 15:19:39 2026 -\n\tPaused\n", "Q accepting requests\n", devices.Offline, ErrStopped, "Paused"},
		{"rejecting", "printer Q is idle.  enabled since Sat\n\tRejecting Jobs\n", "Q not accepting requests since Sat -\n\tRejecting Jobs\n", devices.Offline, ErrRejecting, "Rejecting Jobs"},
		{"nothing", "", "", devices.NoDevice, ErrNoQueue, ""},
	}
	for _, tt := range tests {
		st, err := parseStatus("Q", tt.p, tt.a)
		if st.State != tt.state || !errors.Is(err, tt.err) && !(err == nil && tt.err == nil) {
			t.Errorf("%s: %v, %v", tt.name, st, err)
		}
		if tt.detailPart != "" && !strings.Contains(st.Detail, tt.detailPart) {
			t.Errorf("%s: detail %q", tt.name, st.Detail)
		}
	}
}

func TestParseRequestID(t *testing.T) {
	j, err := parseRequestID("request id is KIOSK_A4-12 (1 file(s))\n")
	if err != nil || j.ID != "KIOSK_A4-12" || j.Number != 12 {
		t.Errorf("%+v, %v", j, err)
	}
	if _, err := parseRequestID("lp: error"); err == nil {
		t.Error("no id accepted")
	}
}

func TestCompletedState(t *testing.T) {
	out := "Q-1              root              3072   Sat Nov 28 15:19:10 2026\n" +
		"\tStatus: Filter failed\n\tAlerts: job-completed-with-errors\n\tqueued for Q\n" +
		"Q-4              root              3072   Sat Nov 28 15:19:50 2026\n" +
		"\tStatus: \n\tAlerts: processing-to-stop-point\n\tqueued for Q\n"
	if st, why := completedState(out, "Q-1"); st != JobFailed || why != "Filter failed (job-completed-with-errors)" {
		t.Errorf("Q-1: %v %q", st, why)
	}
	if st, _ := completedState(out, "Q-4"); st != JobCompleted {
		t.Errorf("Q-4: %v", st)
	}
	if st, _ := completedState(out, "Q-40"); st != JobUnknown {
		t.Errorf("Q-40: %v", st)
	}
	if !listed("Q-3  root 1024 Sat\n", "Q-3") || listed("Q-30 root\n", "Q-3") {
		t.Error("listed")
	}
}
