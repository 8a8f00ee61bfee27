import type { Value } from './values';

/**
 * The names visible where a statement runs: its own, then those of the scope it was made in
 * (a function's locals, then the instance it is a method of, then the module's). Assignment
 * always writes the scope's own names, as in Python.
 */
export class Scope {
  private readonly own = new Map<string, Value>();

  constructor(readonly parent?: Scope) {}

  get(name: string): Value | undefined {
    const v = this.own.get(name);
    if (v !== undefined || !this.parent) return v;
    return this.parent.get(name);
  }

  /** Only this scope's own names: a parameter's declaration is about the local name. */
  getOwn(name: string): Value | undefined {
    return this.own.get(name);
  }

  set(name: string, value: Value): void {
    this.own.set(name, value);
  }

  /** This scope's own names and values (an instance's attributes). */
  ownEntries(): Iterable<[string, Value]> {
    return this.own.entries();
  }
}
