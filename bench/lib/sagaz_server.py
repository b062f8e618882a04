"""A `sagaz serve` for benchmarks: its own data directory, an admin account, a free loopback port.

    with SagazServer(sagaz_bin, demo_scale=11) as s:
        s.request("GET", "/api/v1/datasets")
"""
import http.client
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

ADMIN_PASSWORD = "bench-admin-password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SagazServer:
    def __init__(self, sagaz, demo_scale=1, config="", prepare=None):
        self.sagaz = sagaz
        self.dir = tempfile.mkdtemp(prefix="sagaz-bench-")
        self.data = os.path.join(self.dir, "data")
        self.args = ["--data-dir", self.data]
        if config:
            path = os.path.join(self.dir, "sagaz.toml")
            with open(path, "w") as f:
                f.write(config)
            self.args += ["--config", path]
        self.demo_scale = demo_scale
        self.prepare = prepare  # called with the server before it serves (the data dir is free)
        self.port = free_port()
        self.proc = None
        self.token = None

    def __enter__(self):
        if self.demo_scale:  # 0 or None: no demo data
            subprocess.run([self.sagaz, *self.args, "demo", "--scale", str(self.demo_scale)],
                           check=True, stdout=subprocess.DEVNULL)
        subprocess.run([self.sagaz, *self.args, "users", "add", "admin", "--role", "admin",
                        "--password-stdin"], input=ADMIN_PASSWORD + "\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
        if self.prepare:
            self.prepare(self)
        env = dict(os.environ, SAGAZ_LOG_LEVEL="warn")
        self.proc = subprocess.Popen([self.sagaz, *self.args, "serve", "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        status, body = self.request("POST", "/api/v1/auth/login",
                                    {"username": "admin", "password": ADMIN_PASSWORD}, auth=False)
        assert status == 200, body
        self.token = json.loads(body)["access_token"]
        return self

    def __exit__(self, *exc):
        if self.proc:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)

    def cli(self, *args, env=None):
        """Runs `sagaz` on this server's data directory; returns its standard output."""
        return subprocess.run([self.sagaz, *self.args, *args], check=True, capture_output=True,
                              env=dict(os.environ, **(env or {}))).stdout

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(self, method, path, body=None, auth=True, conn=None):
        own = conn is None
        conn = conn or self.connection()
        headers = {"Content-Type": "application/json"}
        if auth and self.token:
            headers["Authorization"] = "Bearer " + self.token
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = conn.getresponse()
        data = r.read()
        if own:
            conn.close()
        return r.status, data
