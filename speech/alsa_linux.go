//go:build linux && cgo

package speech

/*
#cgo pkg-config: alsa
#include <alsa/asoundlib.h>

static void hallkiosk_alsa_discard(const char *file, int line, const char *function, int err, const char *fmt, ...) {}

static void hallkiosk_alsa_quiet(void) { snd_lib_error_set_handler(hallkiosk_alsa_discard); }
*/
import "C"

// quietALSA stops libasound from printing its own diagnostics to stderr
// (a dozen "ALSA lib …" lines on a machine without a sound card): the
// Player reports the one ALSA error that matters in its single warning and
// in Status.
func quietALSA() { C.hallkiosk_alsa_quiet() }
