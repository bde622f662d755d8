"""A non-Java XMPP client for Parley's tests: Debian's slixmpp signs in over STARTTLS,
fetches its roster, subscribes to a peer, waits for the peer's presence, sends it a chat
message and waits for the answer. Prints what it saw; exits 0 only if all of it happened.

Usage: /usr/bin/python3 slixmpp_client.py HOST PORT JID PASSWORD PEER_JID
"""
import asyncio
import ssl
import sys

import slixmpp


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password, peer):
        super().__init__(jid, password)
        self.peer = peer
        self.saw_presence = False
        self.got_answer = False
        self.add_event_handler("session_start", self.start)
        self.add_event_handler("presence_available", self.presence)
        self.add_event_handler("message", self.message)
        self.add_event_handler("failed_auth", lambda _: self.finish("AUTH FAILED"))
        # Every presence stanza is printed, so that a failing run shows what did arrive.
        self.add_event_handler("presence", lambda p: print("SAW", p["type"], "FROM", p["from"], flush=True))

    async def start(self, _):
        await self.get_roster()
        print("ROSTER", len(self.client_roster), flush=True)
        self.send_presence()
        self.send_presence(pto=self.peer, ptype="subscribe")

    def presence(self, presence):
        if presence["from"].bare == self.peer and not self.saw_presence:
            self.saw_presence = True
            print("PRESENCE", presence["from"], flush=True)
            self.send_message(mto=self.peer, mbody="ping from slixmpp", mtype="chat")

    def message(self, message):
        if message["type"] in ("chat", "normal") and message["from"].bare == self.peer:
            print("MESSAGE", message["body"], flush=True)
            self.got_answer = True
            self.finish("DONE")

    def finish(self, word):
        print(word, flush=True)
        self.disconnect()


def main():
    host, port, jid, password, peer = sys.argv[1:6]
    client = Client(jid, password, peer)
    # The test server's certificate is self-signed: this client trusts it, as the Smack tests do.
    client.ssl_context.check_hostname = False
    client.ssl_context.verify_mode = ssl.CERT_NONE
    client.connect(address=(host, int(port)), force_starttls=True)
    loop = asyncio.get_event_loop()
    loop.call_later(60, lambda: client.finish("TIMEOUT"))
    loop.run_until_complete(client.disconnected)
    sys.exit(0 if client.saw_presence and client.got_answer else 1)


if __name__ == "__main__":
    main()
