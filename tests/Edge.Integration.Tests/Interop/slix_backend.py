#!/usr/bin/python3
"""An independent backend for Edge's interop tests: Debian's slixmpp (1.8.3), not our code.

It logs in to the test XMPP server, does one thing to the device and prints what came back as JSON lines on stdout
(one object per event), then disconnects. Exit status 0 = it ran to the end (the C# test judges the content),
2 = it could not log in or timed out.

Commands (see --help):
  disco               disco#info of the device: {"features": [...]}
  readout             XEP-0323 readout through slixmpp's own xep_0323 plugin (its 2014 draft shapes):
                      one {"result": ...} line per plugin callback
  control             XEP-0325 set through slixmpp's own xep_0325 plugin; --set name:type=value (repeatable)
  control-message     the same set sent as a message (slixmpp's set_command; no answer is expected)
  iq                  a raw IQ (--type, --payload XML) to the device: {"iq": "<iq …>"}; then, with --until TEXT,
                      every message from the device as {"message": "<message …>"} until one contains TEXT
  message             a raw message (--payload XML) to the device
  subscribe           XEP-0060 subscribe to --node on --service, then {"item": id, "payload": xml} per
                      notification of that node (others are skipped) until --count items arrived
"""
import argparse
import asyncio
import json
import logging
import sys

import slixmpp
from slixmpp.xmlstream import ET, tostring
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath


def emit(obj):
    print(json.dumps(obj), flush=True)


class Backend(slixmpp.ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.ca_certs = args.ca
        self.outcome = 2
        self.inbox = asyncio.Queue()
        plugins = ['xep_0030', 'xep_0060']
        # The IoT plugins only for the commands that use them: they also claim every sensor-data/control stanza,
        # which would hide the device's messages from the raw commands.
        if args.command == 'readout':
            plugins.append('xep_0323')
        elif args.command in ('control', 'control-message'):
            plugins.append('xep_0325')
        for plugin in plugins:
            self.register_plugin(plugin)
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('failed_auth', lambda _: self.fail('authentication failed'))
        # slixmpp's own 'message' event only fires for messages with a <body/>: watch every message instead.
        self.register_handler(Callback('device messages', MatchXPath('{jabber:client}message'), self.on_message))
        self.add_event_handler('pubsub_publish', self.on_publish)

    def fail(self, reason):
        emit({'error': reason})
        self.disconnect()

    def on_message(self, msg):
        if msg['from'] == self.args.device or msg['from'].bare == slixmpp.JID(self.args.device).bare:
            self.inbox.put_nowait(('message', str(msg)))

    def on_publish(self, msg):
        item = msg['pubsub_event']['items']['item']
        payload = item.xml.find('*')
        self.inbox.put_nowait(('item', {'node': msg['pubsub_event']['items']['node'], 'item': item['id'],
                                        'payload': tostring(payload) if payload is not None else None}))

    async def on_start(self, _):
        self.send_presence()
        try:
            await asyncio.wait_for(getattr(self, 'cmd_' + self.args.command.replace('-', '_'))(), self.args.timeout)
            self.outcome = 0
        except asyncio.TimeoutError:
            emit({'error': 'timeout'})
        except Exception as e:  # report, never hang: the test reads the reason
            emit({'error': '%s: %s' % (type(e).__name__, e)})
        finally:
            self.disconnect()

    async def cmd_disco(self):
        info = await self['xep_0030'].get_info(jid=self.args.device, timeout=10)
        emit({'features': sorted(info['disco_info']['features'])})

    async def cmd_readout(self):
        done = asyncio.get_running_loop().create_future()

        def callback(from_jid, result, nodeId=None, timestamp=None, fields=None, error_msg=None):
            emit({'result': result, 'from': str(from_jid), 'nodeId': nodeId, 'timestamp': timestamp,
                  'fields': fields, 'error': error_msg})
            if result in ('done', 'rejected', 'failure', 'cancelled') and not done.done():
                done.set_result(result)

        flags = dict(f.split('=', 1) for f in self.args.flag) if self.args.flag else None
        self['xep_0323'].request_data(self.boundjid.full, self.args.device, callback,
                                      nodeIds=self.args.node or None, fields=self.args.field or None, flags=flags)
        await done

    async def cmd_control(self):
        done = asyncio.get_running_loop().create_future()

        def callback(from_jid, result, nodeIds=None, fields=None, error_msg=None):
            emit({'result': result, 'from': str(from_jid), 'nodeIds': nodeIds, 'fields': fields, 'error': error_msg})
            if not done.done():
                done.set_result(result)

        self['xep_0325'].set_request(self.boundjid.full, self.args.device, callback, self.parse_sets(),
                                     nodeIds=self.args.node or None)
        await done

    async def cmd_control_message(self):
        self['xep_0325'].set_command(self.boundjid.full, self.args.device, self.parse_sets(),
                                     nodeIds=self.args.node or None)
        emit({'sent': True})
        await asyncio.sleep(0.5)  # let the stream flush before disconnecting

    def parse_sets(self):
        sets = []
        for s in self.args.set:
            name_type, value = s.split('=', 1)
            name, typename = name_type.rsplit(':', 1)
            sets.append((name, typename, value))
        return sets

    async def cmd_iq(self):
        iq = self.make_iq(ifrom=self.boundjid, ito=self.args.device, itype=self.args.type)
        iq.append(ET.fromstring(self.args.payload))
        try:
            reply = await iq.send(timeout=15)
        except slixmpp.exceptions.IqError as e:
            reply = e.iq
        emit({'iq': str(reply)})
        if self.args.until:
            while True:
                kind, xml = await self.inbox.get()
                if kind == 'message':
                    emit({'message': xml})
                    if self.args.until in xml:
                        return

    async def cmd_message(self):
        msg = self.make_message(mto=self.args.device)
        msg.append(ET.fromstring(self.args.payload))
        msg.send()
        emit({'sent': True})
        await asyncio.sleep(0.5)

    async def cmd_subscribe(self):
        await self['xep_0060'].subscribe(self.args.service, self.args.node, timeout=10)
        emit({'subscribed': self.args.node})
        received = 0
        while received < self.args.count:
            kind, item = await self.inbox.get()
            # Only the node subscribed to: when this resource comes online ejabberd also sends the last item of every
            # node the account was subscribed to before (other tests' nodes; send_last_published_item defaults to
            # on_sub_and_presence there).
            if kind == 'item' and item['node'] == self.args.node:
                emit(item)
                received += 1


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('command', choices=['disco', 'readout', 'control', 'control-message', 'iq', 'message', 'subscribe'])
    p.add_argument('--jid', required=True)
    p.add_argument('--password', required=True)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--ca', required=True, help='CA file the server certificate chains to')
    p.add_argument('--device', help='full JID of the device')
    p.add_argument('--node', action='append', default=[], help='node id (readout/control) or pubsub node (subscribe)')
    p.add_argument('--field', action='append', default=[])
    p.add_argument('--flag', action='append', default=[], help='readout flag, e.g. momentary=true')
    p.add_argument('--set', action='append', default=[], help='name:type=value')
    p.add_argument('--type', default='get')
    p.add_argument('--payload')
    p.add_argument('--until')
    p.add_argument('--service')
    p.add_argument('--count', type=int, default=1)
    p.add_argument('--timeout', type=float, default=30)
    p.add_argument('--debug', action='store_true')
    args = p.parse_args()
    if args.command == 'subscribe':
        args.node = args.node[0] if args.node else None
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.ERROR, stream=sys.stderr)
    xmpp = Backend(args)
    xmpp.connect(address=(args.host, args.port))
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(xmpp.disconnected, args.timeout + 15))
    sys.exit(xmpp.outcome)


if __name__ == '__main__':
    main()
