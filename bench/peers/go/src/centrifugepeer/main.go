// Centrifuge (the library behind Centrifugo) with its in-memory broker: token checked in
// OnConnecting, any channel may be subscribed and published to. Speaks Centrifuge's own JSON
// protocol (the generator's `centrifuge` dialect), WebSocket endpoint /connection/websocket.
package main

import (
	"context"
	"log"
	"net/http"

	"github.com/centrifugal/centrifuge"
	"peerauth"
)

func main() {
	cfg := centrifuge.DefaultConfig
	cfg.LogLevel = centrifuge.LogLevelError
	cfg.LogHandler = func(e centrifuge.LogEntry) { log.Printf("%s: %v", e.Message, e.Fields) }
	node, err := centrifuge.New(cfg)
	if err != nil {
		log.Fatal(err)
	}
	node.OnConnecting(func(ctx context.Context, e centrifuge.ConnectEvent) (centrifuge.ConnectReply, error) {
		user := peerauth.Verify(e.Token)
		if user == "" {
			return centrifuge.ConnectReply{}, centrifuge.DisconnectInvalidToken
		}
		return centrifuge.ConnectReply{Credentials: &centrifuge.Credentials{UserID: user}}, nil
	})
	node.OnConnect(func(client *centrifuge.Client) {
		client.OnSubscribe(func(e centrifuge.SubscribeEvent, cb centrifuge.SubscribeCallback) {
			cb(centrifuge.SubscribeReply{}, nil)
		})
		client.OnPublish(func(e centrifuge.PublishEvent, cb centrifuge.PublishCallback) {
			cb(centrifuge.PublishReply{}, nil)
		})
	})
	if err := node.Run(); err != nil {
		log.Fatal(err)
	}
	http.Handle("/connection/websocket", centrifuge.NewWebsocketHandler(node, centrifuge.WebsocketConfig{
		ReadBufferSize: 1024, UseWriteBufferPool: true,
		CheckOrigin: func(r *http.Request) bool { return true },
	}))
	log.Printf("centrifuge peer listening on %s", peerauth.Port())
	log.Fatal(http.ListenAndServe("127.0.0.1:"+peerauth.Port(), nil))
}
