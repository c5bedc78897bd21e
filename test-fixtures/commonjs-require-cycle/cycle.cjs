// Required by the subject once its exports of hoisted functions are set and before its body runs,
// and requires it back: it calls hello() through the cycle.
const { hello } = require('./subject.cjs');
exports.early = hello();
