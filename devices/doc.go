// Package devices holds what every device driver of the kiosk shares: the
// status model borrowed from XFS4IoT (online, offline, busy, hardware_error,
// user_error, no_device) and the paper levels of printers.
//
// Each device kind lives in its own sub-package (idcard, receipt, a4, camera)
// and is owned by one goroutine. Drivers report their state as a Status value;
// the app collects them for the staff screen and the portal heartbeat.
//
// Simulators that speak the real wire protocols over pseudo-terminals sit
// beside their drivers (idcard/idcardsim, receipt/receiptsim), so tests and
// `hallkiosk demo` run the real driver code end to end.
package devices
