// Command staticjson is the floor of bench/api.sh: a net/http server that
// answers every GET with the same JSON bytes, read once from a file (a real
// quarter answer), as fast as Go's HTTP stack can. It prints its address
// ("http://127.0.0.1:PORT") once it listens.
//
//	staticjson -body answer.json -addr 127.0.0.1:0
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	body := flag.String("body", "", "the JSON file to answer with")
	addr := flag.String("addr", "127.0.0.1:0", "loopback address to listen on")
	flag.Parse()
	b, err := os.ReadFile(*body)
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("http://%s\n", ln.Addr())
	log.Fatal(http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(b)
	})))
}
