// A Go crypto/tls + net/http server for the interop suite: Go's TLS stack is a third
// implementation besides OpenSSL and GnuTLS, with its own HTTP/2 server (net/http's bundled one).
// Standard library only, so it builds offline. It binds 127.0.0.1:0 and prints the port as
// "listening 127.0.0.1:PORT" on stdout; each failed handshake is logged to stderr by net/http.
//
// Endpoints:
//
//	/           JSON: what the server negotiated (version, suite, ALPN, resumed, client certs)
//	/chunked    three flushed pieces without a Content-Length (chunked in HTTP/1.1)
//	/gzip       a gzip-encoded text body
//	/big?n=N    N deterministic bytes (byte i is i*7 mod 251)
//	/redirect   302 to /set-cookie
//	/set-cookie sets cookie "interop=go" and redirects (302) to /cookies
//	/cookies    echoes the Cookie request header
package main

import (
	"compress/gzip"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
)

// GzipText is what /gzip sends, before compression.
const GzipText = "go gzip interop line, compressible and repeated.\n"

func versionOf(name string) uint16 {
	switch name {
	case "1.2":
		return tls.VersionTLS12
	case "1.3":
		return tls.VersionTLS13
	case "":
		return 0
	}
	log.Fatalf("unknown TLS version %q (want 1.2 or 1.3)", name)
	return 0
}

func curvesOf(list string) []tls.CurveID {
	var curves []tls.CurveID
	for _, name := range strings.Split(list, ",") {
		switch name {
		case "":
		case "X25519":
			curves = append(curves, tls.X25519)
		case "P-256":
			curves = append(curves, tls.CurveP256)
		case "P-384":
			curves = append(curves, tls.CurveP384)
		case "P-521":
			curves = append(curves, tls.CurveP521)
		default:
			log.Fatalf("unknown curve %q", name)
		}
	}
	return curves
}

func suitesOf(list string) []uint16 {
	if list == "" {
		return nil
	}
	byName := map[string]uint16{}
	for _, s := range tls.CipherSuites() {
		byName[s.Name] = s.ID
	}
	for _, s := range tls.InsecureCipherSuites() {
		byName[s.Name] = s.ID
	}
	var ids []uint16
	for _, name := range strings.Split(list, ",") {
		id, ok := byName[name]
		if !ok {
			log.Fatalf("unknown cipher suite %q", name)
		}
		ids = append(ids, id)
	}
	return ids
}

func clientAuthOf(name string) tls.ClientAuthType {
	switch name {
	case "none":
		return tls.NoClientCert
	case "request":
		return tls.RequestClientCert
	case "require":
		return tls.RequireAnyClientCert
	}
	log.Fatalf("unknown client auth %q (want none, request or require)", name)
	return 0
}

type info struct {
	Proto       string `json:"proto"`
	Version     string `json:"version"`
	Cipher      string `json:"cipher"`
	ALPN        string `json:"alpn"`
	Resumed     bool   `json:"resumed"`
	ServerName  string `json:"serverName"`
	ClientCerts int    `json:"clientCerts"`
}

func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS13:
		return "TLSv1.3"
	case tls.VersionTLS12:
		return "TLSv1.2"
	}
	return fmt.Sprintf("0x%04x", v)
}

func main() {
	certFile := flag.String("cert", "", "certificate chain, PEM (leaf first)")
	keyFile := flag.String("key", "", "private key, PEM")
	minVersion := flag.String("min", "1.2", "lowest TLS version: 1.2 or 1.3")
	maxVersion := flag.String("max", "1.3", "highest TLS version: 1.2 or 1.3")
	curves := flag.String("curves", "", "comma-separated groups (X25519,P-256,P-384,P-521); empty: Go's default")
	suites := flag.String("suites", "", "comma-separated TLS 1.2 suites by Go name; empty: Go's default")
	clientAuth := flag.String("clientauth", "none", "none, request (optional CertificateRequest) or require")
	noTickets := flag.Bool("notickets", false, "disable session tickets")
	http1Only := flag.Bool("http1", false, "offer only http/1.1 in ALPN (needed with -suites lacking AES-128-GCM)")
	flag.Parse()

	cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		log.Fatalf("loading the key pair: %v", err)
	}
	config := &tls.Config{
		Certificates:           []tls.Certificate{cert},
		MinVersion:             versionOf(*minVersion),
		MaxVersion:             versionOf(*maxVersion),
		CurvePreferences:       curvesOf(*curves),
		CipherSuites:           suitesOf(*suites),
		ClientAuth:             clientAuthOf(*clientAuth),
		SessionTicketsDisabled: *noTickets,
	}
	if *http1Only {
		config.NextProtos = []string{"http/1.1"}
	} else {
		config.NextProtos = []string{"h2", "http/1.1"}
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		state := r.TLS
		body := info{
			Proto:       r.Proto,
			Version:     versionName(state.Version),
			Cipher:      tls.CipherSuiteName(state.CipherSuite),
			ALPN:        state.NegotiatedProtocol,
			Resumed:     state.DidResume,
			ServerName:  state.ServerName,
			ClientCerts: len(state.PeerCertificates),
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		flusher, _ := w.(http.Flusher)
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(w, "piece %d\n", i)
			if flusher != nil {
				flusher.Flush()
			}
		}
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		_, _ = zw.Write([]byte(strings.Repeat(GzipText, 2000)))
		_ = zw.Close()
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 0 {
			http.Error(w, "bad n", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(n))
		buf := make([]byte, 64*1024)
		for sent := 0; sent < n; {
			size := len(buf)
			if n-sent < size {
				size = n - sent
			}
			for i := 0; i < size; i++ {
				buf[i] = byte((sent + i) * 7 % 251)
			}
			if _, err := w.Write(buf[:size]); err != nil {
				return
			}
			sent += size
		}
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/set-cookie", http.StatusFound)
	})
	mux.HandleFunc("/set-cookie", func(w http.ResponseWriter, r *http.Request) {
		http.SetCookie(w, &http.Cookie{Name: "interop", Value: "go", Path: "/"})
		http.Redirect(w, r, "/cookies", http.StatusFound)
	})
	mux.HandleFunc("/cookies", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, r.Header.Get("Cookie"))
	})

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatalf("listen: %v", err)
	}
	server := &http.Server{Handler: mux, TLSConfig: config, ErrorLog: log.New(os.Stderr, "", 0)}
	if *http1Only {
		// A non-nil, empty map keeps ServeTLS from adding h2 back (it also insists on an
		// AES-128-GCM suite being enabled, which a forced CBC-only server does not have).
		server.TLSNextProto = map[string]func(*http.Server, *tls.Conn, http.Handler){}
	}
	fmt.Printf("listening %s\n", listener.Addr().String())
	// ServeTLS configures HTTP/2 on the config (h2 in NextProtos) unless TLSNextProto is set.
	log.Fatal(server.ServeTLS(listener, "", ""))
}
