// The live annotation playground: reads the form, runs the model, redraws the listing.
// All output goes through textContent: annotation values are reader input.
import { runPlayground, type PlaygroundInput } from '../../src/explain/annotation-playground.ts';
import type { AnnotationField } from '../../src/explain/annotation-check.ts';

const TEXT_FIELDS: AnnotationField[] = [
  'includeInboundPorts', 'excludeInboundPorts', 'includeOutboundIPRanges',
  'excludeOutboundIPRanges', 'includeOutboundPorts', 'excludeOutboundPorts',
];

/** Longest annotation value the playground generates rules for: each port or range is a
 *  rule, and thousands of them would hold the page for seconds (real ones list a few). */
export const MAX_FIELD_CHARS = 512;

export function readForm(form: HTMLFormElement): PlaygroundInput {
  const data = new FormData(form);
  const fields: PlaygroundInput['fields'] = {};
  for (const f of TEXT_FIELDS) fields[f] = String(data.get(f) ?? '');
  const mode = String(data.get('interceptionMode') ?? 'REDIRECT');
  if (mode !== 'REDIRECT') fields.interceptionMode = mode;
  return {
    fields,
    version: data.get('version') === '1.6' ? '1.6' : 'current',
    dnsCapture: data.get('dnsCapture') === 'on',
  };
}

export function mount(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('[data-ap-form]');
  const out = root.querySelector<HTMLElement>('[data-ap-output]');
  const status = root.querySelector<HTMLElement>('[data-ap-status]');
  const errors = root.querySelector<HTMLElement>('[data-ap-errors]');
  if (!form || !out || !status || !errors) return;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = (): void => {
    const input = readForm(form);
    const long = Object.entries(input.fields).find(([, v]) => (v ?? '').length > MAX_FIELD_CHARS);
    const res = long
      ? { errors: [(root.dataset.msgTooLong ?? '').replace('{f}', long[0]).replace('{n}', String(long[1]!.length)).replace('{max}', String(MAX_FIELD_CHARS))], diff: [] }
      : runPlayground(input);
    if (res.errors.length) {
      errors.hidden = false;
      errors.textContent = `${root.dataset.msgError ?? ''}\n${res.errors.join('\n')}`;
      status.textContent = '';
      out.replaceChildren();
      root.dataset.state = 'error';
      return;
    }
    errors.hidden = true;
    errors.textContent = '';
    const added = res.diff.filter((d) => d.kind === 'added').length;
    const removed = res.diff.filter((d) => d.kind === 'removed').length;
    status.textContent = added + removed === 0
      ? (root.dataset.msgSame ?? '')
      : (root.dataset.msgChanges ?? '').replace('{a}', String(added)).replace('{r}', String(removed));
    out.replaceChildren(...res.diff.map((d) => {
      const span = document.createElement('span');
      span.className = `ap-line ap-${d.kind}`;
      span.textContent = `${d.text}\n`;
      return span;
    }));
    root.dataset.state = 'ready';
  };
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(render, 150);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  // 'reset' fires before the fields are cleared.
  form.addEventListener('reset', () => setTimeout(render, 0));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    render();
  });
  render();
}
