//go:build !linux || !cgo

package speech

// quietALSA does nothing where there is no libasound.
func quietALSA() {}
