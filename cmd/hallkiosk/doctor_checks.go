package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"hallkiosk/app/config"
)

// printChecks prints the doctor's report, one line per check or one JSON
// object, and returns 1 when a check failed.
func printChecks(e *env, checks []check, asJSON bool) int {
	failed := false
	type jsonCheck struct {
		Name   string `json:"name"`
		Result string `json:"result"` // ok, fail, skip
		Detail string `json:"detail"`
	}
	var out []jsonCheck
	for _, c := range checks {
		word, result := "ok  ", "ok"
		switch {
		case c.skip:
			word, result = "skip", "skip"
		case !c.ok:
			word, result, failed = "FAIL", "fail", true
		}
		if asJSON {
			out = append(out, jsonCheck{c.name, result, c.detail})
		} else {
			fmt.Fprintf(e.stdout, "%s %-8s %s\n", word, c.name, c.detail)
		}
	}
	if asJSON {
		b, _ := json.Marshal(struct {
			OK     bool        `json:"ok"`
			Checks []jsonCheck `json:"checks"`
		}{!failed, out})
		fmt.Fprintln(e.stdout, string(b))
	}
	if failed {
		return exitError
	}
	return exitOK
}

// configCheck: the file loaded; for a kiosk in a hall also nothing of the
// demo's, and no token readable by every user.
func configCheck(cfg config.Config) check {
	if err := cfg.Production(); err != nil {
		return check{name: "config", detail: err.Error() + " (fine for the demo; `run` refuses it)"}
	}
	if cfg.Portal.Token != "" {
		if world, err := cfg.WorldReadable(); err == nil && world {
			return check{name: "config", detail: cfg.File() + " holds the portal token and every user may read it: chmod 0640 and chgrp kiosk"}
		}
	}
	return check{name: "config", ok: true, detail: cfg.File()}
}

// displayCheck: the screen the kiosk draws on. Under the unit it is
// Xwayland inside cage; in an installer's shell there is none, and then
// the two programs must at least be there.
func displayCheck() check {
	if d := os.Getenv("DISPLAY"); d != "" {
		num := strings.TrimPrefix(d, ":")
		if i := strings.IndexByte(num, '.'); i >= 0 {
			num = num[:i]
		}
		c, err := net.DialTimeout("unix", "/tmp/.X11-unix/X"+num, 2*time.Second)
		if err != nil {
			return check{name: "display", detail: "DISPLAY=" + d + " does not answer: " + err.Error()}
		}
		c.Close()
		return check{name: "display", ok: true, detail: "X display " + d + " answers"}
	}
	var missing []string
	for _, bin := range []string{"cage", "Xwayland"} {
		if _, err := exec.LookPath(bin); err != nil {
			missing = append(missing, bin)
		}
	}
	if len(missing) > 0 {
		return check{name: "display", detail: "no display here, and " + strings.Join(missing, ", ") + " not installed (Debian packages cage, xwayland): the unit cannot show the kiosk"}
	}
	return check{name: "display", skip: true, detail: "no display in this shell; cage and Xwayland are installed (the unit starts them)"}
}

// minFreeBytes is the least free space the state directory's disk
// should have: the outbox, the prompt cache and a citizen's materials.
const minFreeBytes = 1 << 30

// stateCheck: the state directory's disk space (of the nearest existing
// parent when the directory is not made yet).
func stateCheck(dir string) check {
	at := dir
	for {
		if _, err := os.Stat(at); err == nil || at == "/" || at == "." {
			break
		}
		at = filepath.Dir(at)
	}
	var st syscall.Statfs_t
	if err := syscall.Statfs(at, &st); err != nil {
		return check{name: "state", detail: fmt.Sprintf("%s: %v", at, err)}
	}
	free := st.Bavail * uint64(st.Bsize)
	detail := fmt.Sprintf("%s, %.1f GB free", dir, float64(free)/(1<<30))
	if at != dir {
		detail = fmt.Sprintf("%s not made yet (the unit or the package makes it); %.1f GB free on %s", dir, float64(free)/(1<<30), at)
	}
	if free < minFreeBytes {
		return check{name: "state", detail: detail + ": less than 1 GB"}
	}
	return check{name: "state", ok: true, detail: detail}
}

// accessCheck: the kiosk's user may open every configured device node.
// Run as root it checks the kiosk user the package makes, else itself.
func accessCheck(cfg config.Config) check {
	who, uid, gids, err := kioskIdentity()
	if err != nil {
		return check{name: "access", skip: true, detail: err.Error()}
	}
	var ok, bad []string
	for _, dev := range []struct{ name, path string }{{"idcard", cfg.IDCard.Port}, {"receipt", cfg.Receipt.Port}, {"camera", cfg.Camera.Device}, {"doccamera", cfg.Camera.DocumentDevice}} {
		if !strings.HasPrefix(dev.path, "/") {
			continue // not configured, or a camera named by its name
		}
		fi, err := os.Stat(dev.path)
		if err != nil {
			continue // missing: its own line says so
		}
		sys, isSys := fi.Sys().(*syscall.Stat_t)
		if !isSys {
			continue
		}
		mode := fi.Mode().Perm()
		group := strconv.Itoa(int(sys.Gid))
		if g, err := user.LookupGroupId(group); err == nil {
			group = g.Name
		}
		switch {
		case int(sys.Uid) == uid && mode&0o600 == 0o600,
			slices.Contains(gids, int(sys.Gid)) && mode&0o060 == 0o060,
			mode&0o006 == 0o006:
			ok = append(ok, fmt.Sprintf("%s (group %s)", dev.name, group))
		default:
			bad = append(bad, fmt.Sprintf("%s: %s is %s, group %s; add %s to group %s", dev.name, dev.path, mode, group, who, group))
		}
	}
	switch {
	case len(bad) > 0:
		return check{name: "access", detail: strings.Join(bad, "; ")}
	case len(ok) == 0:
		return check{name: "access", skip: true, detail: "no device node present to check"}
	}
	return check{name: "access", ok: true, detail: who + " may use " + strings.Join(ok, ", ")}
}

// kioskIdentity is the user the kiosk runs as: the kiosk user when this
// runs as root, else this process's user.
func kioskIdentity() (name string, uid int, gids []int, err error) {
	var u *user.User
	if os.Geteuid() == 0 {
		if u, err = user.Lookup(kioskUser); err != nil {
			return "", 0, nil, fmt.Errorf("no %s user on this machine (the package makes it); device access not checked", kioskUser)
		}
	} else if u, err = user.Current(); err != nil {
		return "", 0, nil, err
	}
	uid, _ = strconv.Atoi(u.Uid)
	ids, err := u.GroupIds()
	if err != nil {
		return "", 0, nil, err
	}
	for _, id := range ids {
		if n, err := strconv.Atoi(id); err == nil {
			gids = append(gids, n)
		}
	}
	return u.Username, uid, gids, nil
}

// maxSkew is the clock difference to the portal beyond which TLS, tokens
// and the receipts' times go wrong.
const maxSkew = time.Minute

// clockCheck compares this machine's clock with the portal's Date header.
func clockCheck(ctx context.Context, base string, timeout time.Duration) check {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, base, nil)
	if err != nil {
		return check{name: "clock", detail: err.Error()}
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	sent := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return check{name: "clock", skip: true, detail: "portal unreachable, clock not compared"}
	}
	resp.Body.Close()
	got := time.Now()
	date, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return check{name: "clock", skip: true, detail: "the portal sends no Date header"}
	}
	mid := sent.Add(got.Sub(sent) / 2)
	skew := mid.Sub(date).Round(time.Second)
	if skew > maxSkew || skew < -maxSkew {
		return check{name: "clock", detail: fmt.Sprintf("this machine is %v off the portal's clock: check NTP (timedatectl)", skew)}
	}
	return check{name: "clock", ok: true, detail: fmt.Sprintf("%v off the portal's clock", skew)}
}
