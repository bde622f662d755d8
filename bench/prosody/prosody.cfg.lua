-- Prosody as the benchmark's peer server: same scenario, same machine, same TLS and PLAIN.
-- bench/compare.sh fills in PROSODY_DIR and starts it; nothing here is for production.
local dir = os.getenv("PROSODY_DIR")
daemonize = false
run_as_root = true
pidfile = dir .. "/prosody.pid"
data_path = dir .. "/data"
log = { warn = dir .. "/prosody.log" }
certificates = dir
admins = {}
modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "register", "presence", "message" }
modules_disabled = { "limits" }
allow_registration = true
min_seconds_between_registrations = 0
registration_throttle_max = 1000000
c2s_require_encryption = true
c2s_ports = { tonumber(os.getenv("PROSODY_PORT") or "5322") }
s2s_ports = {}
component_ports = {}
http_ports = {}
https_ports = {}
authentication = "internal_hashed"
storage = "internal"
VirtualHost "localhost"
  ssl = { key = dir .. "/localhost.key", certificate = dir .. "/localhost.crt" }
