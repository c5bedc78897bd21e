import assert from 'node:assert/strict';
import { greet } from './subject.mjs';

export default async function (t) {
  await assert.rejects(t.patch(), (error) => {
    // The compiler's message names the file and the line:column of the error.
    assert.match(error.message, /subject\.js/);
    assert.match(error.message, /2:1[0-9]/);
    return true;
  });
  assert.equal(greet(), 'hi');
  await t.patch('after2');
  assert.equal(greet(), 'hello');
}
