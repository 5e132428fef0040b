// Build-time rendering of a command's output for <Listing>: the same shell session the
// terminal runs, so a listing in the prose and the terminal can never disagree.
import { createScenarioSession } from '../shell/world-glue.ts';

export interface ListingSpec {
  scenario: string;
  setup?: string[];
  cmd: string;
  at?: number;
}

export interface RenderedListing {
  cmd: string;
  output: string;
  code: number;
}

export class ListingSetupError extends Error {}

function setupFailed(line: string, code: number): boolean {
  if (code === 0) return false;
  if (code === 2 || code === 126 || code === 127) return true;
  return /(^|[\s/])iptables(-nft|-legacy)?(-save|-restore)?\s/.test(line);
}

export function renderListing(spec: ListingSpec): RenderedListing {
  const session = createScenarioSession({ scenario: spec.scenario, at: spec.at });
  // Setup runs visibly to this check (not as the session's silent setup) so a chapter whose
  // preparation is wrong breaks the build instead of showing a listing of the wrong state.
  // A request may fail on purpose (the redirect loop's curl 52); a rule change, an unknown
  // command or a usage error never does.
  for (const line of spec.setup ?? []) {
    const r = session.run(line);
    if (setupFailed(line, r.code)) {
      throw new ListingSetupError(`<Listing> setup failed in scenario ${spec.scenario}: \`${line}\` exited ${r.code}:\n${r.output}`);
    }
  }
  const r = session.run(spec.cmd);
  return { cmd: spec.cmd, output: r.output, code: r.code };
}
