package hall

import (
	"fmt"

	"hallkiosk/app/config"
)

// ClientFromConfig is how the configured terminal joins the bus: its URL
// (url when not empty, else [hall] bus), its credentials file read (a
// file open to others is an error), TLS when a CA or a certificate is
// named, and its id (the kiosk's device id) and role.
func ClientFromConfig(c config.Config, url string) (ClientOptions, error) {
	role, err := ParseRole(c.Hall.Role)
	if err != nil {
		return ClientOptions{}, err
	}
	o := ClientOptions{URL: url, Terminal: c.Kiosk.DeviceID, Role: role}
	if o.URL == "" {
		o.URL = c.Hall.Bus
	}
	if err := CheckTerminalID(o.Terminal); err != nil {
		return ClientOptions{}, fmt.Errorf("kiosk.device_id: %w", err)
	}
	if c.Hall.Creds != "" {
		if o.Creds, err = LoadCreds(c.Hall.Creds); err != nil {
			return ClientOptions{}, err
		}
	}
	if c.Hall.TLSCA != "" || c.Hall.TLSCert != "" {
		o.TLS = &TLSFiles{CA: c.Hall.TLSCA, Cert: c.Hall.TLSCert, Key: c.Hall.TLSKey}
	}
	return o, nil
}

// ServerFromConfig is the window's embedded server as configured: its
// listen address (listen when not empty), its terminals file read, TLS
// and leaf links.
func ServerFromConfig(c config.Config, listen string) (ServerOptions, error) {
	o := ServerOptions{Listen: listen, LeafRemotes: c.Hall.LeafRemotes}
	if o.Listen == "" {
		o.Listen = c.Hall.Listen
	}
	if c.Hall.Terminals != "" {
		ts, err := LoadTerminals(c.Hall.Terminals)
		if err != nil {
			return ServerOptions{}, err
		}
		o.Terminals = &ts
	}
	if c.Hall.TLSCert != "" {
		o.TLS = &TLSFiles{CA: c.Hall.TLSCA, Cert: c.Hall.TLSCert, Key: c.Hall.TLSKey}
	}
	return o, nil
}
