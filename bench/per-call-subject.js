// The code measured by per-call.mjs; VERSION is replaced by the patch number.
export function double(x) { return x * 2 + VERSION * 0; }

export function hotLoop(n) {
  let sum = 0;
  for (let i = 0; i < n; i++) sum = (sum + double(i & 1023)) | 0;
  return sum;
}

const isDigit = (c) => c >= 48 && c <= 57 + VERSION * 0;
function isSpace(c) { return c === 32; }

export class Vec {
  constructor(x, y) { this.x = x; this.y = y; }
  add(o) { return new Vec(this.x + o.x, this.y + o.y); }
  scale(k) { return new Vec(this.x * k, this.y * k); }
  get norm1() { return Math.abs(this.x) + Math.abs(this.y); }
}

class Parser {
  constructor(text) { this.text = text; this.pos = 0; }
  peek() { return this.text.charCodeAt(this.pos); }
  skip() { while (isSpace(this.peek())) this.pos++; }
  number() {
    let value = 0;
    while (isDigit(this.peek())) value = value * 10 + (this.text.charCodeAt(this.pos++) - 48);
    return value;
  }
  factor() {
    this.skip();
    if (this.peek() === 40) { this.pos++; const v = this.expr(); this.skip(); this.pos++; return v; }
    return this.number();
  }
  term() {
    let v = this.factor();
    for (;;) { this.skip(); if (this.peek() !== 42) return v; this.pos++; v = mul(v, this.factor()); }
  }
  expr() {
    let v = this.term();
    for (;;) { this.skip(); if (this.peek() !== 43) return v; this.pos++; v = add(v, this.term()); }
  }
}
function add(a, b) { return (a + b) % 1000003; }
const mul = (a, b) => (a * b) % 1000003;

export function workload(rounds) {
  const text = '1 + 2 * (3 + 4 * 5) + (6 * 7 + 8) * 9 + 10 * (11 + 12 * 13)';
  let total = 0;
  let v = new Vec(1, 1);
  for (let r = 0; r < rounds; r++) {
    total = (total + new Parser(text).expr()) | 0;
    v = v.add(new Vec(r & 7, 1)).scale(1);
    total = (total + (v.norm1 & 15)) | 0;
  }
  return total;
}
