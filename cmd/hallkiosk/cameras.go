package main

import (
	"hallkiosk/app/config"
	"hallkiosk/app/kiosk"
	"hallkiosk/devices/camera"
	"hallkiosk/internal/logging"
)

// openCameras starts the V4L2 drivers of the cameras in cfg and puts them
// in ko: the face camera ([camera] device) and the document camera
// (document_device). One device named for both is one driver (it is
// opened exclusively) serving both. A camera that is not plugged in does
// not stop the kiosk: it reports no_device and is opened when it comes.
// The returned func closes them.
func openCameras(cfg config.Config, ko *kiosk.Options) func() {
	var devs []*camera.Dev
	start := func(device, size string) *camera.Dev {
		w, h, _ := config.ParseSize(size) // validated with the config
		d := camera.New(device, &camera.Opts{Width: w, Height: h, Logger: logging.Component(ko.Log, "camera")})
		devs = append(devs, d)
		return d
	}
	if cfg.Camera.Device != "" {
		ko.Camera = start(cfg.Camera.Device, cfg.Camera.Size)
	}
	switch doc := cfg.Camera.DocumentDevice; {
	case doc == "":
	case doc == cfg.Camera.Device && ko.Camera != nil:
		ko.DocumentCamera = ko.Camera
	default:
		ko.DocumentCamera = start(doc, cfg.Camera.DocumentSize)
	}
	return func() {
		for _, d := range devs {
			d.Close()
		}
	}
}
