#!/usr/bin/python3
"""The pipelined reference publisher of the replay benchmark: Debian's slixmpp (1.8.x), not our code.

It reads the backlog the benchmark wrote (JSON lines: {"node", "id", "payload"} in outbox order), logs in, creates
the nodes with the agent's node configuration, then publishes every item with --window publishes in flight (the
next one leaves as soon as any result comes back), each carrying the agent's publish-options. It prints one JSON
line: {"published", "errors", "first_error", "seconds" (first publish to last result), "seconds_total" (login to
last result, node creation included), "cpu" (this process's CPU seconds over seconds_total)}.
With --paced it publishes like an agent sampling every second instead (the steady benchmark's side-by-side): the items
are taken as ticks (consecutive items with the same item id, i.e. the same sampling time), one tick's items all sent at
once at the start of each second; "published" and "cpu" then cover only the ticks after the first --warmup-ticks
(the idle time between ticks included, as the agent's CPU figure includes its own).
Exit status 0 = it ran to the end (errors are reported, not fatal), 2 = it could not log in or timed out.
"""
import argparse
import asyncio
import json
import logging
import sys
import time

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream import ET


class Peer(slixmpp.ClientXMPP):
    def __init__(self, args, items):
        super().__init__(args.jid, args.password)
        self.args = args
        self.items = items
        self.ca_certs = args.ca
        self.outcome = 2
        for plugin in ('xep_0004', 'xep_0030', 'xep_0060'):
            self.register_plugin(plugin)
        self.add_event_handler('session_start', self.on_start)
        self.add_event_handler('failed_auth', lambda _: self.stop('authentication failed'))

    def stop(self, reason):
        print(json.dumps({'error': reason}), flush=True)
        self.disconnect()

    def form(self, form_type):
        form = self['xep_0004'].make_form(ftype='submit')
        form.add_field(var='FORM_TYPE', ftype='hidden', value=form_type)
        form.add_field(var='pubsub#persist_items', value='true')
        form.add_field(var='pubsub#max_items', value=str(self.args.max_items))
        form.add_field(var='pubsub#access_model', value='open')
        return form

    async def on_start(self, _):
        try:
            await asyncio.wait_for(self.replay(), self.args.timeout)
            self.outcome = 0
        except asyncio.TimeoutError:
            print(json.dumps({'error': 'timeout after %.0f s' % self.args.timeout}), flush=True)
        except Exception as e:  # report, never hang
            print(json.dumps({'error': '%s: %s' % (type(e).__name__, e)}), flush=True)
        self.disconnect()

    async def replay(self):
        service = self.args.service
        pubsub = self['xep_0060']
        cpu0, t0 = time.process_time(), time.monotonic()
        nodes = sorted({item[0] for item in self.items})
        for result in await asyncio.gather(*(pubsub.create_node(service, n, config=self.form(
                'http://jabber.org/protocol/pubsub#node_config'), timeout=60) for n in nodes), return_exceptions=True):
            if isinstance(result, Exception) and not (isinstance(result, IqError) and result.condition == 'conflict'):
                raise result
        slots = asyncio.Semaphore(self.args.window)
        errors = []
        published = 0

        async def one(node, item_id, payload):
            nonlocal published
            try:
                await pubsub.publish(service, node, id=item_id, payload=payload,
                                     options=self.form('http://jabber.org/protocol/pubsub#publish-options'), timeout=60)
                published += 1
            except (IqError, IqTimeout) as e:
                errors.append('%s %s: %s' % (node, item_id, getattr(e, 'condition', 'timeout')))
            finally:
                slots.release()

        if self.args.paced:
            await self.paced(one, slots, errors)
            return

        t1 = time.monotonic()
        tasks = []
        for node, item_id, payload in self.items:
            await slots.acquire()
            tasks.append(asyncio.ensure_future(one(node, item_id, payload)))
        await asyncio.gather(*tasks)
        t2 = time.monotonic()
        print(json.dumps({'published': published, 'errors': len(errors), 'first_error': errors[0] if errors else None,
                          'seconds': t2 - t1, 'seconds_total': t2 - t0, 'cpu': time.process_time() - cpu0}), flush=True)

    async def paced(self, one, slots, errors):
        ticks = []
        for item in self.items:
            if not ticks or ticks[-1][0][1] != item[1]:
                ticks.append([])
            ticks[-1].append(item)
        start = time.monotonic()
        counted, cpu0, t0 = 0, None, None
        for i, tick in enumerate(ticks):
            await asyncio.sleep(max(0.0, start + i - time.monotonic()))
            if i == self.args.warmup_ticks:
                cpu0, t0 = time.process_time(), time.monotonic()
            for node, item_id, payload in tick:
                await slots.acquire()
            await asyncio.gather(*(one(node, item_id, payload) for node, item_id, payload in tick))
            if i >= self.args.warmup_ticks:
                counted += len(tick)
        await asyncio.sleep(max(0.0, start + len(ticks) - time.monotonic()))  # the last tick's idle second
        t2 = time.monotonic()
        print(json.dumps({'published': counted, 'errors': len(errors), 'first_error': errors[0] if errors else None,
                          'seconds': t2 - t0, 'seconds_total': t2 - t0, 'cpu': time.process_time() - cpu0}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--items', required=True, help='JSON lines file {"node", "id", "payload"}')
    p.add_argument('--jid', required=True)
    p.add_argument('--password', required=True)
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--ca', required=True, help='CA file the server certificate chains to')
    p.add_argument('--service', required=True)
    p.add_argument('--window', type=int, default=32)
    p.add_argument('--max-items', type=int, default=3600)
    p.add_argument('--timeout', type=float, default=300)
    p.add_argument('--paced', action='store_true', help='one tick (items with the same id) per second, as a sampling agent')
    p.add_argument('--warmup-ticks', type=int, default=10)
    args = p.parse_args()
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    items = []
    with open(args.items, encoding='utf-8') as f:
        for line in f:
            o = json.loads(line)
            items.append((o['node'], o['id'], ET.fromstring(o['payload'])))
    xmpp = Peer(args, items)
    xmpp.connect(address=(args.host, args.port))
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(xmpp.disconnected, args.timeout + 30))
    sys.exit(xmpp.outcome)


if __name__ == '__main__':
    main()
