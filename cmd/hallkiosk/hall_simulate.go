package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"hallkiosk/app/hall"
	jny "hallkiosk/app/journey"
	"hallkiosk/devices"
)

// cmdHallSimulate is `hall simulate`: N simulated kiosks on the bus, each
// publishing its status every interval and answering a watch with a
// journey that moves on every second, until --for has passed (or ctx
// ends). For trying a window terminal under a hall's load, and its
// benchmark (make bench-hall); it needs a bus that asks no credentials.
func cmdHallSimulate(ctx context.Context, e *env, args []string) int {
	fs := e.flags("hall simulate")
	n := fs.Int("kiosks", 50, "how many kiosks")
	prefix := fs.String("prefix", "SIM", "their ids: PREFIX-01, PREFIX-02 …")
	interval := fs.Duration("interval", hall.DefaultInterval, "status interval")
	dur := fs.Duration("for", 0, "stop after this long (0: until interrupted)")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 || *n < 1 || *n > 999 {
		return exitUsage
	}
	cfg, err := e.config()
	if err != nil {
		e.fail("%v", err)
		return exitConfig
	}
	url := cfg.Hall.Bus
	if url == "" {
		url = "nats://127.0.0.1:4222"
	}
	if *dur > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *dur)
		defer cancel()
	}
	var wg sync.WaitGroup
	start := time.Now()
	for i := 1; i <= *n; i++ {
		id := fmt.Sprintf("%s-%02d", *prefix, i)
		bus, err := hall.Connect(hall.ClientOptions{URL: url, Terminal: id, Role: hall.RoleKiosk})
		if err != nil {
			return e.fail("%v", err)
		}
		defer bus.Close()
		a := &hall.Agent{Bus: bus, Interval: *interval,
			Status: func(context.Context) hall.Status {
				return hall.Status{Screen: "form", InSession: true, Outbox: &hall.OutboxStatus{Depth: i % 3},
					Devices: map[devices.Kind]devices.Status{
						devices.KindIDCard: {State: devices.Online}, devices.KindReceipt: {State: devices.Online, Paper: devices.PaperOK},
						devices.KindCamera: {State: devices.Online}, devices.KindAudio: {State: devices.Online}}}
			},
			View: func() hall.LiveView {
				stage := 1 + int(time.Since(start)/time.Second)%4
				return hall.LiveView{Screen: "form", InSession: true, Items: []string{"下一项", "返回", "呼叫工作人员"},
					Journey: &jny.Snapshot{Journey: "apply", Service: "SB-0201", ServiceName: "城乡居民养老保险缴费",
						Stage: stage, Stages: 4, StageName: "填写一张表",
						Fields: []jny.FieldView{{Number: 1, Of: 2, Label: "缴费档次（元/年）", Value: "1000", Filled: true},
							{Number: 2, Of: 2, Label: "手机号码", Value: "136****5678", Filled: stage > 2}}}}
			}}
		wg.Add(1)
		go func() { defer wg.Done(); _ = a.Run(ctx) }()
	}
	fmt.Fprintf(e.stdout, "%d simulated kiosks on %s\n", *n, url)
	<-ctx.Done()
	wg.Wait()
	return exitOK
}
