// The worker's side of components/terminal/lazy-packs.ts: the build's stand-in modules
// register how to load their pack here and forward calls to it once it is loaded.
const loaders = new Map<string, () => Promise<unknown>>();
const loaded = new Map<string, unknown>();

export function provide(pack: string, loader: () => Promise<unknown>): void {
  loaders.set(pack, loader);
}

const failed = new Set<string>();

/** The loaded module of `pack`. Missing, it throws, and the shell turns that into one line on
 *  stderr for the command (`bash: curl: internal error: ...`), never a dead terminal: the
 *  chunk could not be fetched (the next request that needs it asks again), or packsFor()
 *  missed this use (a bug). */
export function need<M>(pack: string): M {
  const m = loaded.get(pack);
  if (m === undefined) {
    throw new Error(failed.has(pack)
      ? `the simulator's code for this command (${pack}) could not be downloaded (offline?); reloading the page keeps the session and tries again`
      : `the simulator's code for this command (${pack}) was not loaded before it ran`);
  }
  return m as M;
}

export function isLoaded(pack: string): boolean {
  return loaded.has(pack) || !loaders.has(pack);
}

export async function load(pack: string): Promise<void> {
  const loader = loaders.get(pack);
  if (!loader || loaded.has(pack)) return;
  try {
    loaded.set(pack, await loader());
    failed.delete(pack);
  } catch (e) {
    failed.add(pack);
    throw e;
  }
}

/** An object that reads every property from `pack`'s export `name` (what the engine keeps
 *  in its registry before the pack is loaded). */
export function forward(pack: string, name: string): object {
  const target = () => need<Record<string, object>>(pack)[name];
  return new Proxy(
    {},
    {
      get: (_t, k) => Reflect.get(target(), k),
      has: (_t, k) => Reflect.has(target(), k),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_t, k) => {
        const d = Reflect.getOwnPropertyDescriptor(target(), k);
        return d && { ...d, configurable: true };
      },
    },
  );
}
