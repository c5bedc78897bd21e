export const simple = (a, b) => a + b;
export const destructured = ({ id, name }, [first] = [], ...rest) => ({ id, name, first, rest });
export const withDefaults = (a, b = a * 2) => a + b;
export const restOnly = (...args) => args.length;
export const readsDestructured = ({ a }, b = a) => a + b;
export const redeclared = ({ a }) => {
  var a;
  return a;
};
export const concise = async (x) => x;
export const usesThis = () => this;
