// A world's packet path (netfilter/stack.ts: hooks, conntrack, routing, the tracer and the
// flow detector) is made when the world sends its first packet, not with the world: nothing
// but curl sends packets, so the terminal's worker loads this code with curl's
// (components/terminal/lazy-packs.ts) and a world that only lists rules never needs it.
// The stack holds no state of its own before its first packet (conntrack and sockets live in
// each NetNs), so making it later changes nothing a command prints.
import { Stack } from '../netfilter/stack.ts';
import { flowEventsOf } from './flow.ts';
import type { World } from './world.ts';

const stacks = new WeakMap<World, Stack>();

export function stackOf(world: World): Stack {
  let stack = stacks.get(world);
  if (stack) return stack;
  stack = new Stack(() => world.clockMs);
  stack.tracer = world.tracer;
  stack.onPacketDone = (t, landing) => {
    if (!world.recording) return;
    for (const e of flowEventsOf(t, landing, (n) => world.pods.find((p) => p.ns.name === n && p.sidecar)?.spec.name)) world.events.push(e);
  };
  stacks.set(world, stack);
  return stack;
}
