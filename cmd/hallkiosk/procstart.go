package main

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// processStart estimates when this process started, from /proc (Linux), so
// first_frame_ms includes the Go runtime's start-up; it falls back to now.
func processStart() time.Time {
	now := time.Now()
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return now
	}
	uptime, err := os.ReadFile("/proc/uptime")
	if err != nil {
		return now
	}
	// Field 22 (starttime, in clock ticks since boot) follows the ")" of
	// the command name.
	s := string(stat)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return now
	}
	fields := strings.Fields(s[i+1:])
	if len(fields) < 20 {
		return now
	}
	ticks, err := strconv.ParseFloat(fields[19], 64)
	if err != nil {
		return now
	}
	up, err := strconv.ParseFloat(strings.Fields(string(uptime))[0], 64)
	if err != nil {
		return now
	}
	const hz = 100 // USER_HZ on Linux
	age := time.Duration((up - ticks/hz) * float64(time.Second))
	if age < 0 || age > time.Minute {
		return now
	}
	return now.Add(-age)
}
