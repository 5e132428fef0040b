// kubectl's commands, resource types, flags and output formats that are real but not
// modelled say so, rather than claiming, as kubectl would for a typo, that they do not exist.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../src/world/world.ts';
import { runner } from './cmd-harness.ts';

describe('kubectl: real but not modelled, versus not real', () => {
  const run = runner(createWorld('bookinfo-current'));
  const err = (line: string): string => run(line).stderr;

  it('commands', () => {
    expect(err('kubectl describe pod x')).toBe('kubectl: describe is not modelled by this simulator (it runs get pods, get svc and exec)\n');
    expect(err('kubectl logs deploy/reviews-v1')).toMatch(/^kubectl: logs is not modelled/);
    expect(err('kubectl descrbe pod x')).toBe('error: unknown command "descrbe" for "kubectl"\n\nDid you mean this?\n\tget\n\texec\n');
  });

  it('resource types', () => {
    expect(err('kubectl get nodes')).toBe('kubectl: get nodes is not modelled by this simulator (it has pods and services)\n');
    expect(err('kubectl get deploy')).toMatch(/^kubectl: get deploy is not modelled/);
    expect(err('kubectl get virtualservices')).toMatch(/^kubectl: get virtualservices is not modelled/);
    expect(err('kubectl get podz')).toBe('error: the server doesn\'t have a resource type "podz"\n');
  });

  it('flags and output formats', () => {
    expect(err('kubectl get pods -l app=reviews')).toBe('kubectl: get -l is not modelled by this simulator (it runs names, -n, -A and -o wide)\n');
    expect(err('kubectl get pods --selector=app=reviews')).toMatch(/^kubectl: get --selector is not modelled/);
    expect(err('kubectl get pods --bogus')).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
    expect(err('kubectl get pods -o yaml')).toBe('kubectl: get -o yaml is not modelled by this simulator (it prints the table and -o wide)\n');
    expect(err('kubectl get pods -o jsonpath={.items}')).toMatch(/^kubectl: get -o jsonpath is not modelled/);
    expect(err('kubectl get pods -o bogus')).toMatch(/^error: unable to match a printer suitable for the output format "bogus", allowed formats are: custom-columns,/);
    expect(run('kubectl get pods -o wide').code).toBe(0);
  });
});
