// Package debtest holds the tests of the Debian package `make deb` builds
// (packaging/nfpm.yaml): its control fields, conffiles, files and modes
// (dpkg-deb), an installation into a throwaway root with dpkg --root (the
// maintainer scripts run with DPKG_ROOT), systemd-analyze verify of the
// installed unit, and lintian. It has no code of its own.
//
// The tests build the package with `make deb` unless HALLKIOSK_DEB names
// one already built; they skip under -short and where dpkg is missing.
package debtest
