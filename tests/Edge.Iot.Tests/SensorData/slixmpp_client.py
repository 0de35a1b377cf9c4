"""Feeds stanzas our XEP-0323 device sent into slixmpp 1.8.3's own xep_0323 client handlers, offline.

stdin: a JSON object {"seqnr": "<seqnr the client used>", "stanzas": ["<iq .../>", "<message .../>", ...]}
stdout: one JSON object per callback slixmpp made ({"result": ..., ...}), or {"exception": ...} when a handler
failed. The handlers are the plugin's own methods, called the way its StanzaPath matchers would route them.
"""
import json
import sys
import xml.etree.ElementTree as ET

from slixmpp import Iq, Message
from slixmpp.plugins.xep_0323.sensordata import XEP_0323
from slixmpp.plugins.xep_0323 import stanza  # noqa: F401  (registers the stanza plugins)

NS = '{urn:xmpp:iot:sensordata}'


class Session:
    """Stands in for the plugin instance: the handlers only use self.sessions."""

    def __init__(self, seqnr):
        self.sessions = {seqnr: {'callback': self.callback}}

    @staticmethod
    def callback(**kwargs):
        out = {k: (str(v) if k == 'from_jid' else v) for k, v in kwargs.items()}
        print(json.dumps(out, sort_keys=True), flush=True)


def main():
    request = json.load(sys.stdin)
    plugin = Session(request['seqnr'])
    for text in request['stanzas']:
        xml = ET.fromstring(text)
        try:
            if xml.tag.endswith('}iq'):
                iq = Iq(xml=xml)
                if iq['type'] == 'result' and xml.find(NS + 'accepted') is not None:
                    XEP_0323._handle_event_accepted(plugin, iq)
                elif iq['type'] == 'result' and xml.find(NS + 'cancelled') is not None:
                    XEP_0323._handle_event_cancelled(plugin, iq)
                elif iq['type'] == 'error' and xml.find(NS + 'rejected') is not None:
                    XEP_0323._handle_event_rejected(plugin, iq)
                else:
                    print(json.dumps({'unhandled': xml.tag}), flush=True)
            else:
                msg = Message(xml=xml)
                if xml.find(NS + 'fields') is not None:
                    XEP_0323._handle_event_fields(plugin, msg)
                elif xml.find(NS + 'failure') is not None:
                    XEP_0323._handle_event_failure(plugin, msg)
                elif xml.find(NS + 'started') is not None:
                    XEP_0323._handle_event_started(plugin, msg)
                else:
                    print(json.dumps({'unhandled': [c.tag for c in xml]}), flush=True)
        except Exception as e:  # a handler failing is what the test looks for
            print(json.dumps({'exception': type(e).__name__ + ': ' + str(e)}), flush=True)


if __name__ == '__main__':
    main()
