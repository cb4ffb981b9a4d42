//go:build !linux

package speech

// lowerPriority does nothing where the kiosk does not run.
func lowerPriority(int) {}
