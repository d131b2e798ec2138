"""faultserver.py PORTFILE ROOT: the upstream of the nginx test server's
fault locations, on 127.0.0.1 (a free port, written to PORTFILE).

  /stall/...   accepts the request and never answers
  /trunc/...   answers with the file below ROOT (the path after /trunc/),
               its full Content-Length, then only half of it, and closes
"""
import http.server
import os
import sys
import threading
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.startswith("/stall/"):
            time.sleep(3600)
            return
        if self.path.startswith("/trunc/"):
            rel = self.path[len("/trunc/"):].split("?")[0]
            path = os.path.join(sys.argv[2], rel)
            if ".." in rel.split("/") or not os.path.isfile(path):
                self.send_error(404)
                return
            with open(path, "rb") as f:
                data = f.read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_error(404)

    do_HEAD = do_GET


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    tmp = sys.argv[1] + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(srv.server_address[1]))
    os.rename(tmp, sys.argv[1])
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
