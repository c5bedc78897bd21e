import assert from 'node:assert/strict';
import { App, Greeting } from './subject.mjs';

// A tiny renderer: elements refer to component functions by identity, as React's do.
const render = (element) => (typeof element.type === 'function' ? render(element.type(element.props)) : element);

export default async function (t) {
  const tree = App();
  assert.equal(tree.type, Greeting);
  assert.equal(render(tree).type, 'p');
  await t.patch();
  assert.equal(tree.type, Greeting, 'the element created before the edit still points at the component');
  const rendered = render(tree);
  assert.equal(rendered.type, 'h1');
  assert.deepEqual(rendered.children, ['Welcome, ', 'Ada']);
}
