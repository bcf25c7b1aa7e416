// The classic gorilla/websocket hub: one reader and one writer goroutine per connection, a
// buffered send channel per client, channels as maps under a lock, and each publication prepared
// once (websocket.PreparedMessage) for all subscribers. Speaks the generator's Switchboard subset.
package main

import (
	"encoding/json"
	"log"
	"net/http"
	"strconv"
	"sync"

	"github.com/gorilla/websocket"
	"peerauth"
)

type client struct {
	conn *websocket.Conn
	send chan *websocket.PreparedMessage
	subs []string
}

type command struct {
	ID     int64  `json:"id"`
	Method string `json:"method"`
	Params struct {
		Channel string          `json:"channel"`
		Data    json.RawMessage `json:"data"`
	} `json:"params"`
}

var (
	mu       sync.RWMutex
	channels = map[string]map[*client]struct{}{}
	upgrader = websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024,
		CheckOrigin: func(r *http.Request) bool { return true }}
)

func prepared(text []byte) *websocket.PreparedMessage {
	m, _ := websocket.NewPreparedMessage(websocket.TextMessage, text)
	return m
}

func (c *client) deliver(m *websocket.PreparedMessage) {
	select {
	case c.send <- m:
	default: // slow consumer: drop the connection, as the hub example does
		c.conn.Close()
	}
}

func (c *client) writePump() {
	for m := range c.send {
		if err := c.conn.WritePreparedMessage(m); err != nil {
			c.conn.Close()
			return
		}
	}
}

func (c *client) readPump() {
	defer func() {
		mu.Lock()
		for _, ch := range c.subs {
			delete(channels[ch], c)
		}
		mu.Unlock()
		c.conn.Close()
	}()
	c.conn.SetReadLimit(64 * 1024)
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		var cmd command
		if json.Unmarshal(data, &cmd) != nil {
			return
		}
		switch cmd.Method {
		case "subscribe":
			mu.Lock()
			if channels[cmd.Params.Channel] == nil {
				channels[cmd.Params.Channel] = map[*client]struct{}{}
			}
			channels[cmd.Params.Channel][c] = struct{}{}
			mu.Unlock()
			c.subs = append(c.subs, cmd.Params.Channel)
		case "publish":
			chName, _ := json.Marshal(cmd.Params.Channel)
			m := prepared([]byte(`{"push":"publication","channel":` + string(chName) + `,"data":` + string(cmd.Params.Data) + `}`))
			mu.RLock()
			for s := range channels[cmd.Params.Channel] {
				s.deliver(m)
			}
			mu.RUnlock()
		}
		c.deliver(prepared([]byte(`{"id":` + strconv.FormatInt(cmd.ID, 10) + `,"result":{}}`)))
	}
}

func serveWs(w http.ResponseWriter, r *http.Request) {
	if peerauth.Verify(r.URL.Query().Get("token")) == "" {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &client{conn: conn, send: make(chan *websocket.PreparedMessage, 256)}
	go c.writePump()
	go c.readPump()
}

func main() {
	http.HandleFunc("/ws", serveWs)
	log.Printf("gorilla hub peer listening on %s", peerauth.Port())
	log.Fatal(http.ListenAndServe("127.0.0.1:"+peerauth.Port(), nil))
}
