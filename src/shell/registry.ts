import type { Command, CommandMeta, CommandRegistry, RegisteredCommand } from './types.ts';

/** A plain name -> command map. Registering a name twice replaces the earlier command, so a
 *  world can override a shell fallback (e.g. a richer `ps`). */
export function createRegistry<W = unknown>(): CommandRegistry<W> {
  const commands = new Map<string, RegisteredCommand<W>>();
  return {
    register(name: string, run: Command<W>, meta: CommandMeta<W>) {
      commands.set(name, { name, run, meta });
    },
    get(name) {
      return commands.get(name);
    },
    has(name) {
      return commands.has(name);
    },
    names() {
      return [...commands.keys()].sort();
    },
  };
}
