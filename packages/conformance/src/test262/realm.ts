import vm from 'node:vm';

/** The host side of `$262` and `print`; its functions run in this process's realm. */
interface Host {
  createRealm(): object;
  evalScript(source: string): unknown;
  detachArrayBuffer(buffer: ArrayBuffer): void;
  gc(): void;
  print(message: string): void;
}

// Built inside each realm, so `$262` and `print` are that realm's own ordinary
// objects and functions (their prototypes, their errors), as INTERPRETING.md asks.
const installHost = new vm.Script(
  `(function (host) {
  "use strict";
  var define = function (object, name, value) {
    Object.defineProperty(object, name, { value: value, writable: true, enumerable: false, configurable: true });
  };
  var $262 = {
    global: globalThis,
    createRealm: function () { return host.createRealm(); },
    evalScript: function (source) { return host.evalScript(source); },
    detachArrayBuffer: function (buffer) { host.detachArrayBuffer(buffer); },
    gc: function () { host.gc(); },
  };
  define(globalThis, "$262", $262);
  define(globalThis, "print", function (message) { host.print(String(message)); });
  return $262;
})`,
  { filename: 'test262-host.js' },
);

/** A fresh realm (vm context) with test262's host-defined `$262` and `print`. */
export class Realm {
  readonly context: vm.Context;
  readonly $262: object;
  private readonly global: Record<string, unknown>;

  constructor(print: (message: string) => void) {
    this.context = vm.createContext();
    this.global = vm.runInContext('globalThis', this.context) as Record<string, unknown>;
    const host: Host = {
      createRealm: () => new Realm(print).$262,
      evalScript: (source) => {
        let script: vm.Script;
        try {
          script = new vm.Script(source);
        } catch (error) {
          throw this.adopt(error);
        }
        return script.runInContext(this.context);
      },
      detachArrayBuffer: (buffer) => {
        try {
          structuredClone(buffer, { transfer: [buffer] });
        } catch (error) {
          throw this.adopt(error);
        }
      },
      gc: () => {
        // Workers are started with --expose-gc; without it the spec asks for a throw.
        if (!global.gc) throw new (this.global.Error as ErrorConstructor)('gc is not available');
        global.gc();
      },
      print,
    };
    this.$262 = (installHost.runInContext(this.context) as (host: Host) => object)(host);
  }

  /**
   * Errors made by the host (compiling a script, cloning a buffer) belong to this
   * process's realm; tests compare constructors, so rethrow them as the realm's own.
   */
  adopt(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const Constructor = this.global[error.name];
    return typeof Constructor === 'function' ? new (Constructor as ErrorConstructor)(error.message) : error;
  }
}
