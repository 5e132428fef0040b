// The worker's side of components/terminal/lazy-packs.ts: the build's stand-in modules
// register how to load their pack here and forward calls to it once it is loaded.
const loaders = new Map<string, () => Promise<unknown>>();
const loaded = new Map<string, unknown>();

export function provide(pack: string, loader: () => Promise<unknown>): void {
  loaders.set(pack, loader);
}

/** The loaded module of `pack`; a command of a pack that was not loaded first is a bug of
 *  packsFor(), reported by the shell as an internal error of that command. */
export function need<M>(pack: string): M {
  const m = loaded.get(pack);
  if (m === undefined) throw new Error(`${pack} was not loaded`);
  return m as M;
}

export function isLoaded(pack: string): boolean {
  return loaded.has(pack) || !loaders.has(pack);
}

export async function load(pack: string): Promise<void> {
  const loader = loaders.get(pack);
  if (!loader || loaded.has(pack)) return;
  loaded.set(pack, await loader());
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
