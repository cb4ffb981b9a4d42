package camera

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Info describes one video device for an installer: its node, the stable
// links udev made to it, its name, and the formats and sizes it offers;
// Error says why it could not be asked (busy, not a capture node).
type Info struct {
	Path    string       `json:"path"`
	Links   []string     `json:"links,omitempty"`
	Name    string       `json:"name,omitempty"`
	Formats []FormatInfo `json:"formats,omitempty"`
	Error   string       `json:"error,omitempty"`
}

// FormatInfo is one pixel format and its sizes.
type FormatInfo struct {
	FourCC      string   `json:"fourcc"`
	Description string   `json:"description"`
	Sizes       []string `json:"sizes"`
	// Readable says the driver can read this format (MJPEG, YUYV).
	Readable bool `json:"readable"`
}

// List describes every /dev/video* device. It opens each briefly (with
// the same exclusive lock as the driver, so a camera the kiosk is using
// shows as busy rather than being disturbed).
func List() ([]Info, error) { return list("/dev", openV4L2) }

func list(devDir string, open opener) ([]Info, error) {
	nodes, err := filepath.Glob(filepath.Join(devDir, "video*"))
	if err != nil {
		return nil, fmt.Errorf("camera: list: %w", err)
	}
	sort.Slice(nodes, func(i, j int) bool { return natLess(nodes[i], nodes[j]) })
	links := byIDLinks(filepath.Join(devDir, "v4l"))
	out := []Info{}
	for _, n := range nodes {
		info := Info{Path: n, Links: links[n]}
		s, err := open(n)
		if err != nil {
			info.Error = err.Error()
			out = append(out, info)
			continue
		}
		info.Name = s.Name()
		formats := s.Formats()
		codes := make([]uint32, 0, len(formats))
		for f := range formats {
			codes = append(codes, f)
		}
		sort.Slice(codes, func(i, j int) bool { return FourCC(codes[i]) < FourCC(codes[j]) })
		for _, f := range codes {
			fi := FormatInfo{FourCC: FourCC(f), Description: formats[f], Sizes: []string{},
				Readable: f == FormatMJPEG || f == FormatYUYV}
			for _, sz := range s.Sizes(f) {
				fi.Sizes = append(fi.Sizes, sz.String())
			}
			info.Formats = append(info.Formats, fi)
		}
		s.Close()
		out = append(out, info)
	}
	return out, nil
}

// byIDLinks maps a device node to the by-id and by-path links udev made
// for it under dir (/dev/v4l): the names to put in the config, which stay
// the same when the camera comes back as another videoN.
func byIDLinks(dir string) map[string][]string {
	out := map[string][]string{}
	for _, sub := range []string{"by-id", "by-path"} {
		entries, _ := os.ReadDir(filepath.Join(dir, sub))
		for _, e := range entries {
			link := filepath.Join(dir, sub, e.Name())
			target, err := filepath.EvalSymlinks(link)
			if err != nil {
				continue
			}
			out[target] = append(out[target], link)
		}
	}
	return out
}

// natLess orders video2 before video10.
func natLess(a, b string) bool {
	ta, tb := strings.TrimRight(a, "0123456789"), strings.TrimRight(b, "0123456789")
	if ta != tb || len(a) == len(b) {
		return a < b
	}
	return len(a) < len(b)
}
