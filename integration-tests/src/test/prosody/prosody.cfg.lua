-- Prosody as the other XMPP domain in the federation tests (PeerServer fills in PROSODY_DIR
-- and starts it); nothing here is for production.
local dir = os.getenv("PROSODY_DIR")
daemonize = false
run_as_root = true
pidfile = dir .. "/prosody.pid"
data_path = dir .. "/data"
log = { debug = dir .. "/prosody.log" }
certificates = dir
admins = {}
modules_enabled = { "roster", "saslauth", "tls", "disco", "ping", "presence", "message", "dialback", "offline" }
modules_disabled = { "limits" }
c2s_require_encryption = true
c2s_ports = { 15322 }
-- Parley is found in DNS as any other domain would be: the SRV lookup finds nothing, and
-- parley.test's address comes from this hosts file, on the default port 5269.
s2s_ports = { 15269 }
s2s_require_encryption = true
-- Both sides have self-signed certificates, so dialback (XEP-0220) proves the domains.
s2s_secure_auth = false
unbound = { hoststxt = dir .. "/hosts" }
component_ports = {}
http_ports = {}
https_ports = {}
authentication = "internal_hashed"
storage = "internal"
VirtualHost "peer.test"
  ssl = { key = dir .. "/peer.test.key", certificate = dir .. "/peer.test.crt" }
